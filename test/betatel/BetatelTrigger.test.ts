import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import { FakeBetatel, makeRecords } from '../../sandbox/servers/betatel';
import { served } from '../harness/served';
import { betatelPoller } from './fixtures';

const server = served(new FakeBetatel());
beforeEach(() => {
	server.reset();
	server.records.whatsapp = makeRecords('whatsapp', 50, {
		start: DateTime.fromISO('2026-11-01T00:00:00Z'),
	});
	server.records.telegram = [];
});

const trigger = (parameters: IDataObject) => betatelPoller(server, parameters);

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
