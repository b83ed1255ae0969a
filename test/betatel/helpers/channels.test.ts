import type { IDataObject } from 'n8n-workflow';

import { FakeBetatel } from '../../../sandbox/servers/betatel';
import { node, PollingTrigger } from '../../harness/engine';
import { nodeType } from '../../harness/nodeTypes';
import { served } from '../../harness/served';
import { betatelCredentials } from '../fixtures';

const server = served(new FakeBetatel());
beforeEach(() => {
	server.reset();
	server.records.whatsapp = [];
	server.records.telegram = [];
});

const uuids = (items: IDataObject[] | null) => (items ?? []).map((item) => item.uuid);

describe('Telegram statuses', () => {
	it('offers the statuses Telegram records are seen with, and takes others as text', async () => {
		const poller = new PollingTrigger(
			node(
				nodeType('betatelTrigger'),
				{
					channel: 'telegram',
					event: 'newDeliveryRecord',
					statuses: ['FAILED'],
					otherStatuses: 'rejected, ',
				},
				{
					name: 'Betatel Trigger',
					credentials: { betatelApi: { id: 'cred-betatel', name: 'Betatel test account' } },
				},
			),
			betatelCredentials(server),
		);
		await poller.poll();
		const failed = server.addRecords('telegram', 1, 'FAILED', 20);
		const rejected = server.addRecords('telegram', 1, 'REJECTED', 10);
		server.addRecords('telegram', 1, 'DELIVERED', 5);
		expect(uuids(await poller.poll())).toEqual([...failed, ...rejected].map((r) => r.uuid));
		const statusesAsked = server.requests.map(
			(request) => ((request.body as IDataObject).filter as IDataObject).status,
		);
		expect(new Set(statusesAsked)).toEqual(new Set(['FAILED', 'REJECTED']));
	});
});
