import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import { FakeBetatel, makeRecords } from '../../sandbox/servers/betatel';
import { node, PollingTrigger } from '../harness/engine';
import { nodeType } from '../harness/nodeTypes';
import { served } from '../harness/served';
import { betatelCredentials } from './fixtures';

const server = served(new FakeBetatel());
beforeEach(() => {
	server.reset();
	server.records.whatsapp = makeRecords('whatsapp', 50, {
		start: DateTime.fromISO('2026-11-01T00:00:00Z'),
	});
	server.records.telegram = [];
});

function trigger(parameters: IDataObject): PollingTrigger {
	const triggerNode = node(
		nodeType('betatelTrigger'),
		{ channel: 'whatsapp', ...parameters },
		{
			name: 'Betatel Trigger',
			credentials: { betatelApi: { id: 'cred-betatel', name: 'Betatel test account' } },
		},
	);
	return new PollingTrigger(triggerNode, betatelCredentials(server));
}

describe('Betatel Trigger: the event', () => {
	it('an event no file serves is an error naming the field, before any request', async () => {
		const poller = trigger({ event: 'newFailedRecord' });
		await expect(poller.poll()).rejects.toThrow(
			/^Event: "newFailedRecord" is not one of the allowed values/,
		);
		expect(server.requests).toHaveLength(0);
	});

	it.each([
		[
			{ event: 'newDeliveryRecord', maxRecordsPerPoll: 0 },
			'Max Records per Poll: must be a whole number from 1 to 100000, got 0',
		],
	])(
		'%j is refused by its field as the editor names it, before any request',
		async (parameters, message) => {
			await expect(trigger(parameters).poll()).rejects.toThrow(message);
			expect(server.requests).toHaveLength(0);
		},
	);
});
