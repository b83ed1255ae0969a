import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { FakeBetatel } from '../../../sandbox/servers/betatel';
import { served } from '../../harness/served';
import { betatelPoller } from '../fixtures';

const server = served(new FakeBetatel());
beforeEach(() => {
	server.reset();
	server.records.whatsapp = [];
	server.records.telegram = [];
});

const trigger = (parameters: IDataObject, durable = false) =>
	betatelPoller(server, { event: 'newDeliveryRecord', ...parameters }, durable);

const uuids = (items: IDataObject[] | null) => (items ?? []).map((item) => item.uuid);

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
