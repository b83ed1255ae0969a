import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import {
	FakeBetatel,
	type FakeChannel,
	makeRecord,
	makeRecords,
} from '../../../sandbox/servers/betatel';
import { PollingTrigger } from '../../harness/engine';
import { warningsDuring } from '../../harness/logger';
import { served } from '../../harness/served';
import { betatelPoller, recordAt, sqlTime, unreadableTime } from '../fixtures';

describe('records with odd timestamps', () => {
	const server = served(new FakeBetatel());
	beforeEach(() => {
		server.reset();
		server.records.whatsapp = [];
	});

	const trigger = () => betatelPoller(server, { event: 'newDeliveryRecord', statuses: ['FAILED'] });

	describe('New Delivery Record and odd timestamps', () => {
		it('a record whose timestamp is in SQL form is emitted once, not at every poll', async () => {
			const poller = trigger();
			await poller.poll();
			const record = recordAt(server, 10, sqlTime);
			const emitted = [];
			for (let poll = 0; poll < 4; poll++) emitted.push(...((await poller.poll()) ?? []));
			expect(emitted.map((item) => item.uuid)).toEqual([record.uuid]);
		});

		it('a record whose time cannot be read is emitted once, with a warning in the log, and never again', async () => {
			const poller = trigger();
			await poller.poll();
			const record = recordAt(server, 5, unreadableTime);
			const emitted: IDataObject[] = [];
			const warnings = await warningsDuring(async () => {
				for (let poll = 0; poll < 4; poll++) emitted.push(...((await poller.poll()) ?? []));
			});
			expect(emitted.map((item) => item.uuid)).toEqual([record.uuid]);
			expect(warnings).toEqual([
				`Betatel Trigger: record ${record.uuid} has a timestamp that cannot be read ("sometime last week"); it is emitted once, and not again while the reads bring it`,
			]);
			// Its memory is renewed while the reads bring it: a restart keeps it too.
			expect(await poller.restart().poll()).toBeNull();
		});
	});
});

describe('its items and state', () => {
	const server = served(new FakeBetatel());
	beforeEach(() => {
		server.reset();
		clock = DateTime.utc().minus({ minutes: 30 });
		server.records.whatsapp = makeRecords('whatsapp', 50, {
			start: DateTime.fromISO('2026-11-01T00:00:00Z'),
		});
		server.records.telegram = [];
	});

	const trigger = (parameters: IDataObject) => betatelPoller(server, parameters);

	// Records arrive half an hour ago, second by second: inside the default look-back window.
	let clock = DateTime.utc().minus({ minutes: 30 });
	function arrive(
		count: number,
		overrides: IDataObject = {},
		channel: FakeChannel = 'whatsapp',
		sameTimestamp = false,
	) {
		const added = [];
		for (let i = 0; i < count; i++) {
			if (!sameTimestamp) clock = clock.plus({ seconds: 1 });
			const record = makeRecord(channel, clock, overrides);
			server.records[channel].push(record);
			added.push(record);
		}
		return added;
	}
	const uuids = (items: IDataObject[] | null) => (items ?? []).map((item) => item.uuid);

	describe('Betatel Trigger: New Delivery Record', () => {
		it('emits nothing on the first poll, then exactly the records that arrived, oldest first', async () => {
			const poller = trigger({ event: 'newDeliveryRecord' });
			expect(await poller.poll()).toBeNull();
			expect(await poller.poll()).toBeNull();
			const first = arrive(3);
			expect(uuids(await poller.poll())).toEqual(first.map((r) => r.uuid));
			const second = arrive(2);
			const emitted = await poller.poll();
			expect(uuids(emitted)).toEqual(second.map((r) => r.uuid));
			expect(emitted?.[0]).toMatchObject({ provider: 'betatel', channel: 'whatsapp' });
			expect(await poller.poll()).toBeNull();
		});

		it('records sharing a timestamp, split across polls, come out once each', async () => {
			const poller = trigger({ event: 'newDeliveryRecord' });
			await poller.poll();
			const early = arrive(2, {}, 'whatsapp');
			const sameInstantA = arrive(2, {}, 'whatsapp', true); // same timestamp as the last of `early`
			// uuids grow with creation, so time-then-uuid order is creation order here
			expect(uuids(await poller.poll())).toEqual([...early, ...sameInstantA].map((r) => r.uuid));
			const sameInstantB = arrive(3, {}, 'whatsapp', true); // later arrivals at that very timestamp
			expect(uuids(await poller.poll())?.sort()).toEqual(sameInstantB.map((r) => r.uuid).sort());
			expect(await poller.poll()).toBeNull();
			expect(
				Object.keys((poller.staticData.records as IDataObject).emitted as IDataObject),
			).toHaveLength(7);
		});

		it('reads a backlog of 350 records completely, across pages, in one poll', async () => {
			const poller = trigger({ event: 'newDeliveryRecord' });
			await poller.poll();
			server.reset();
			const backlog = arrive(350);
			const emitted = await poller.poll();
			expect(uuids(emitted)).toEqual(backlog.map((r) => r.uuid));
			expect(server.requests).toHaveLength(4);
			expect(emitted?.some((item) => 'backlog_remaining' in item)).toBe(false);
		});

		it('with a cap, a backlog drains over several polls, oldest first, nothing lost or repeated', async () => {
			const poller = trigger({ event: 'newDeliveryRecord', maxRecordsPerPoll: 100 });
			await poller.poll();
			const backlog = arrive(350);
			const seen: unknown[] = [];
			const remaining: unknown[] = [];
			for (let poll = 0; poll < 4; poll++) {
				const emitted = (await poller.poll()) ?? [];
				seen.push(...uuids(emitted));
				remaining.push(emitted[emitted.length - 1]?.backlog_remaining);
			}
			expect(seen).toEqual(backlog.map((r) => r.uuid));
			expect(remaining).toEqual([250, 150, 50, undefined]);
			expect(await poller.poll()).toBeNull();
		});

		it('a failing poll keeps the cursor: the next good poll emits everything once', async () => {
			const poller = trigger({ event: 'newDeliveryRecord' });
			await poller.poll();
			const before = JSON.stringify(poller.staticData);
			const waiting = arrive(150);
			// the second page fails, mid-read, with an error that is not retried
			server.beforeListPage = (_channel, page) => {
				if (page === 2) throw new Error('storage node down');
			};
			await expect(poller.poll()).rejects.toThrow(/Betatel answered 500: storage node down/);
			expect(JSON.stringify(poller.staticData)).toBe(before);
			server.beforeListPage = undefined;
			const emitted = await poller.poll();
			expect(uuids(emitted)).toEqual(waiting.map((r) => r.uuid));
			expect(await poller.poll()).toBeNull();
		});

		it('filters by several statuses and a recipient, merged in time order', async () => {
			const poller = trigger({
				event: 'newDeliveryRecord',
				statuses: ['FAILED', 'EXPIRED'],
				recipient: '+387 61 000 0001',
			});
			await poller.poll();
			const wanted = [
				...arrive(1, { status: 'FAILED', to: '387610000001' }),
				...arrive(1, { status: 'DELIVERED', to: '387610000001' }),
				...arrive(1, { status: 'EXPIRED', to: '387610000001' }),
				...arrive(1, { status: 'FAILED', to: '387610000002' }),
			];
			expect(uuids(await poller.poll())).toEqual([wanted[0].uuid, wanted[2].uuid]);
			const filters = server.requests.map((request) => (request.body as IDataObject).filter);
			expect(filters).toContainEqual({ status: 'FAILED', to: '387610000001' });
			expect(filters).toContainEqual({ status: 'EXPIRED', to: '387610000001' });
		});

		it('a manual test run shows the newest record and leaves the cursor alone', async () => {
			const poller = trigger({ event: 'newDeliveryRecord' });
			const newest = server.records.whatsapp[49];
			expect(uuids(await poller.poll('manual'))).toEqual([newest.uuid]);
			expect(poller.staticData.records).toBeUndefined();
		});
	});
});

describe('across delivery life-cycles and restarts', () => {
	const server = served(new FakeBetatel());
	beforeEach(() => {
		server.reset();
		server.records.whatsapp = [];
		server.records.telegram = [];
	});

	const trigger = (parameters: IDataObject, durable = false) =>
		betatelPoller(server, { event: 'newDeliveryRecord', ...parameters }, durable);

	const uuids = (items: IDataObject[] | null) => (items ?? []).map((item) => item.uuid);
	const emittedKept = (poller: PollingTrigger) =>
		Object.keys(((poller.staticData.records as IDataObject).emitted ?? {}) as IDataObject);

	describe('New Delivery Record under real delivery life-cycles', () => {
		it('a record that turns FAILED after it was first seen as SENT comes out once, when it fails', async () => {
			const poller = trigger({ statuses: ['FAILED'] });
			await poller.poll();
			const [inFlight] = server.addRecords('whatsapp', 1, 'SENT', 120);
			const [bornFailed] = server.addRecords('whatsapp', 1, 'FAILED', 10);
			expect(uuids(await poller.poll())).toEqual([bornFailed.uuid]);

			server.setStatus('whatsapp', inFlight.uuid, 'FAILED');
			const late = await poller.poll();
			expect(uuids(late)).toEqual([inFlight.uuid]);
			expect(late?.[0]).toMatchObject({ status: 'FAILED', timestamp: inFlight.timestamp });
			expect(await poller.poll()).toBeNull();
		});

		it('a record moving between two chosen statuses (FAILED, then EXPIRED) comes out once overall', async () => {
			const poller = trigger({ statuses: ['FAILED', 'EXPIRED'] });
			await poller.poll();
			const [record] = server.addRecords('whatsapp', 1, 'FAILED', 60);
			expect(uuids(await poller.poll())).toEqual([record.uuid]);
			server.setStatus('whatsapp', record.uuid, 'EXPIRED');
			expect(await poller.poll()).toBeNull();
		});

		it('a record that arrives late, with a timestamp older than records already emitted, still comes out', async () => {
			const poller = trigger({ statuses: ['FAILED'] });
			await poller.poll();
			const [newer] = server.addRecords('whatsapp', 1, 'FAILED', 5);
			expect(uuids(await poller.poll())).toEqual([newer.uuid]);
			const [older] = server.addRecords('whatsapp', 1, 'FAILED', 600);
			expect(uuids(await poller.poll())).toEqual([older.uuid]);
		});

		it('a record already FAILED at activation is not emitted; one that fails after activation is', async () => {
			const [before] = server.addRecords('whatsapp', 1, 'FAILED', 300);
			const [sentBefore] = server.addRecords('whatsapp', 1, 'SENT', 200);
			const poller = trigger({ statuses: ['FAILED'] });
			expect(await poller.poll()).toBeNull();
			expect(await poller.poll()).toBeNull();
			// A message sent before activation that fails after it is news: it reached FAILED now.
			server.setStatus('whatsapp', sentBefore.uuid, 'FAILED');
			expect(uuids(await poller.poll())).toEqual([sentBefore.uuid]);
			expect(uuids(await poller.poll())).not.toContain(before.uuid);
		});

		it('keeps only the uuids of its window: memory follows the matching records of one window', async () => {
			const poller = trigger({ statuses: ['FAILED'], lookBackMinutes: 60 });
			await poller.poll();
			server.addRecords('whatsapp', 5, 'FAILED', 40 * 60);
			server.addRecords('whatsapp', 3, 'FAILED', 60);
			server.addRecords('whatsapp', 200, 'DELIVERED', 30);
			expect(await poller.poll()).toHaveLength(8);
			expect(emittedKept(poller)).toHaveLength(8);
			// A shorter window: the five records of 40 minutes ago have left it, and are forgotten.
			poller.trigger.parameters.lookBackMinutes = 10;
			server.addRecords('whatsapp', 1, 'FAILED', 1);
			expect(await poller.poll()).toHaveLength(1);
			expect(emittedKept(poller)).toHaveLength(4);
		});

		it('costs one request per status per 100 matching records of the window, whatever else is sent', async () => {
			const poller = trigger({ statuses: ['FAILED', 'EXPIRED'], lookBackMinutes: 60 });
			await poller.poll();
			server.addRecords('whatsapp', 250, 'FAILED', 1_800);
			server.addRecords('whatsapp', 40, 'EXPIRED', 1_500);
			server.addRecords('whatsapp', 3_000, 'DELIVERED', 1_200);
			// Outside the window: the read of each list stops at the first of these.
			server.addRecords('whatsapp', 500, 'FAILED', 2 * 3_600);
			server.reset();
			expect(await poller.poll()).toHaveLength(290);
			// FAILED: pages 1–3 (250 records, then the first one outside the window); EXPIRED: page 1.
			expect(server.requests).toHaveLength(4);
			server.reset();
			expect(await poller.poll()).toBeNull();
			expect(server.requests).toHaveLength(4);
		});
	});
});
