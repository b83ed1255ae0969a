import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { node, PollingTrigger } from '../harness/engine';
import { nodeType } from '../harness/nodeTypes';
import { FakeBetatel } from '../../sandbox/servers/betatel';
import { betatelCredentials, betatelPoller } from './fixtures';
import { served } from '../harness/served';

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

describe('New Delivery Record against what n8n does to polls', () => {
	it('a poll that starts while the previous one still runs emits nothing; nothing comes out twice', async () => {
		const poller = trigger({ statuses: ['FAILED'] });
		await poller.poll();
		const arrived = server.addRecords('whatsapp', 3, 'FAILED', 30);
		server.latencyMs = 400;
		const slow = poller.poll();
		await sleep(100);
		const overlapping = await poller.poll();
		expect(overlapping).toBeNull();
		expect(uuids(await slow)).toEqual(arrived.map((record) => record.uuid));
		server.latencyMs = 0;
		expect(await poller.poll()).toBeNull();
	});

	it('a restart while a poll was in flight does not silence the trigger: the guard does not outlive the process', async () => {
		const poller = trigger({ statuses: ['FAILED'] });
		await poller.poll();
		const arrived = server.addRecords('whatsapp', 2, 'FAILED', 30);
		server.latencyMs = 400;
		// n8n dies while this poll waits for Betatel: its result is never saved.
		const lost = poller.poll();
		await sleep(100);
		const restarted = poller.restart();
		expect(uuids(await restarted.poll())).toEqual(arrived.map((record) => record.uuid));
		await lost;
		server.latencyMs = 0;
		expect(await restarted.poll()).toBeNull();
	});

	it('a restart after polls that emitted nothing loses nothing and repeats nothing', async () => {
		const poller = trigger({ statuses: ['FAILED'] });
		await poller.poll();
		const [first] = server.addRecords('whatsapp', 1, 'FAILED', 50);
		expect(uuids(await poller.poll())).toEqual([first.uuid]);
		expect(await poller.poll()).toBeNull();
		const [pending] = server.addRecords('whatsapp', 1, 'SENT', 40);
		expect(await poller.poll()).toBeNull();
		const restarted = poller.restart();
		server.setStatus('whatsapp', pending.uuid, 'FAILED');
		expect(uuids(await restarted.poll())).toEqual([pending.uuid]);
		expect(await restarted.poll()).toBeNull();
	});
});

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

describe('Failure Rate Above Threshold across restarts', () => {
	let figures = { total_requests: 100, total_transactions: 99 };
	beforeEach(() => {
		server.statsOverride = () => [{ ...figures, total_amount: 1, currency: 'EUR' }];
	});
	const rate = (sent: number, failed: number) =>
		(figures = { total_requests: sent, total_transactions: sent - failed });
	const alertTrigger = (notifyOnRecovery: boolean) =>
		trigger({
			event: 'failureRateAboveThreshold',
			window: 'lasth',
			thresholdPercent: 5,
			minimumRequests: 20,
			notifyOnRecovery,
		});

	it('a silent recovery before a restart does not swallow the next rise', async () => {
		const poller = alertTrigger(false);
		rate(100, 1);
		await poller.poll();
		rate(100, 8);
		expect((await poller.poll())![0].alert).toBe('above_threshold');
		rate(100, 1);
		expect(await poller.poll()).toBeNull(); // recovered: emits nothing, so n8n saves nothing
		const restarted = poller.restart();
		rate(100, 7);
		expect((await restarted.poll())![0].alert).toBe('above_threshold');
		expect(await restarted.poll()).toBeNull();
	});

	it('with Notify on Recovery, a restart during a spike repeats nothing', async () => {
		const poller = alertTrigger(true);
		rate(100, 1);
		await poller.poll();
		rate(100, 8);
		expect((await poller.poll())![0].alert).toBe('above_threshold');
		const restarted = poller.restart();
		expect(await restarted.poll()).toBeNull();
		rate(100, 2);
		expect((await restarted.poll())![0].alert).toBe('recovered');
	});
});

describe("under n8n's durable scheduler: each poll on a copy of the state, saved after every poll", () => {
	let figures = { total_requests: 100, total_transactions: 99 };
	beforeEach(() => {
		server.statsOverride = () => [{ ...figures, total_amount: 1, currency: 'EUR' }];
	});
	const rate = (sent: number, failed: number) =>
		(figures = { total_requests: sent, total_transactions: sent - failed });

	it('a spike that lasts alerts once, not at every poll', async () => {
		const poller = trigger(
			{ event: 'failureRateAboveThreshold', thresholdPercent: 5, minimumRequests: 20 },
			true,
		);
		rate(100, 1);
		expect(await poller.poll()).toBeNull();
		rate(100, 8);
		expect((await poller.poll())![0].alert).toBe('above_threshold');
		expect(await poller.poll()).toBeNull();
		expect(await poller.poll()).toBeNull();
		rate(100, 1);
		expect(await poller.poll()).toBeNull();
		rate(100, 9);
		expect((await poller.poll())![0].alert).toBe('above_threshold');
	});

	it('New Delivery Record emits each record once, and a restart repeats nothing', async () => {
		const poller = trigger({ statuses: ['FAILED'] }, true);
		expect(await poller.poll()).toBeNull();
		const failed = server.addRecords('whatsapp', 3, 'FAILED', 10);
		expect(uuids(await poller.poll())).toEqual(failed.map((record) => record.uuid));
		expect(await poller.poll()).toBeNull();
		const restarted = poller.restart();
		expect(await restarted.poll()).toBeNull();
		const more = server.addRecords('whatsapp', 1, 'FAILED', 5);
		expect(uuids(await restarted.poll())).toEqual(more.map((record) => record.uuid));
	});

	it('a restart during a spike repeats no alert, with Notify on Recovery off too: every poll is committed', async () => {
		const poller = trigger(
			{ event: 'failureRateAboveThreshold', thresholdPercent: 5, minimumRequests: 20 },
			true,
		);
		rate(100, 1);
		await poller.poll();
		await poller.poll();
		rate(100, 8);
		expect((await poller.poll())![0].alert).toBe('above_threshold');
		expect(await poller.poll()).toBeNull();
		const restarted = poller.restart();
		expect(await restarted.poll()).toBeNull();
		rate(100, 1);
		expect(await restarted.poll()).toBeNull();
		const again = restarted.restart();
		rate(100, 9);
		expect((await again.poll())![0].alert).toBe('above_threshold');
	});

	it('the activation poll is a dry run: a record that fails before the first scheduled poll still comes out', async () => {
		server.addRecords('whatsapp', 2, 'FAILED', 60);
		const poller = trigger({ statuses: ['FAILED'] }, true);
		expect(await poller.poll()).toBeNull();
		expect(poller.saved).toEqual({});
		const between = server.addRecords('whatsapp', 1, 'FAILED', 5);
		expect(uuids(await poller.poll())).toEqual(between.map((record) => record.uuid));
		expect(await poller.poll()).toBeNull();
	});

	it('two polls that overlap emit a record once', async () => {
		const poller = trigger({ statuses: ['FAILED'] }, true);
		await poller.poll();
		await poller.poll();
		const failed = server.addRecords('whatsapp', 2, 'FAILED', 5);
		server.latencyMs = 50;
		const polls = await Promise.all([poller.startPoll(), poller.startPoll()]);
		server.latencyMs = 0;
		for (const run of polls) run.commit();
		expect(polls.flatMap((run) => uuids(run.items))).toEqual(failed.map((record) => record.uuid));
	});

	it('a poll that starts before the previous commit lands emits nothing; the one after goes on', async () => {
		const poller = trigger({ statuses: ['FAILED'] }, true);
		await poller.poll();
		await poller.poll();
		const failed = server.addRecords('whatsapp', 2, 'FAILED', 5);
		const first = await poller.startPoll();
		expect(uuids(first.items)).toEqual(failed.map((record) => record.uuid));
		const early = await poller.startPoll();
		expect(early.items).toBeNull();
		early.commit();
		first.commit();
		const more = server.addRecords('whatsapp', 1, 'FAILED', 4);
		expect(uuids(await poller.poll())).toEqual(more.map((record) => record.uuid));
	});

	it('records whose commit never landed come out again once a minute has passed', async () => {
		const poller = trigger({ statuses: ['FAILED'] }, true);
		await poller.poll();
		await poller.poll();
		const failed = server.addRecords('whatsapp', 2, 'FAILED', 5);
		const lost = await poller.startPoll();
		expect(uuids(lost.items)).toEqual(failed.map((record) => record.uuid));
		expect(await poller.poll()).toBeNull();
		const later = Date.now() + 61_000;
		const clock = jest.spyOn(Date, 'now').mockImplementation(() => later);
		try {
			expect(uuids(await poller.poll())).toEqual(failed.map((record) => record.uuid));
			expect(await poller.poll()).toBeNull();
		} finally {
			clock.mockRestore();
		}
	});
});
