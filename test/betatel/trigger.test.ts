import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import { node, PollingTrigger } from '../harness/engine';
import { nodeType } from '../harness/nodeTypes';
import {
	FakeBetatel,
	makeRecord,
	makeRecords,
	type FakeChannel,
} from '../../sandbox/servers/betatel';
import { betatelCredentials } from './fixtures';
import { served } from '../harness/served';

const server = served(new FakeBetatel());
beforeEach(() => {
	server.reset();
	clock = DateTime.utc().minus({ minutes: 30 });
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
			{ event: 'failureRateAboveThreshold', thresholdPercent: 150 },
			'Threshold (%): must be a number from 0 to 100, got 150',
		],
		[
			{ event: 'failureRateAboveThreshold', minimumRequests: 2.5 },
			'Minimum Requests: must be a whole number of 0 or more, got 2.5',
		],
		[
			{ event: 'failureRateAboveThreshold', lowTraffic: 'ignore' },
			'When Traffic Falls Below Minimum: "ignore" is not one of the allowed values',
		],
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

describe('Betatel Trigger: Failure Rate Above Threshold', () => {
	let figures = { total_requests: 100, total_transactions: 99 };
	beforeEach(() => {
		server.statsOverride = () => [{ ...figures, total_amount: 1, currency: 'EUR' }];
	});
	const rate = (sent: number, failed: number) =>
		(figures = { total_requests: sent, total_transactions: sent - failed });

	it('fires on crossing, stays quiet above, re-arms below, and may announce recovery', async () => {
		const poller = trigger({
			event: 'failureRateAboveThreshold',
			window: 'lasth',
			thresholdPercent: 5,
			minimumRequests: 20,
			notifyOnRecovery: true,
		});
		rate(100, 1);
		expect(await poller.poll()).toBeNull();
		rate(100, 8);
		const [fired] = (await poller.poll())!;
		expect(fired).toMatchObject({
			alert: 'above_threshold',
			failure_rate: 8,
			sent: 100,
			failed: 8,
			threshold_percent: 5,
			provider: 'betatel',
			granularity: 'range',
		});
		rate(100, 9);
		expect(await poller.poll()).toBeNull();
		rate(100, 5);
		expect((await poller.poll())![0]).toMatchObject({ alert: 'recovered', failure_rate: 5 });
		rate(100, 6);
		expect((await poller.poll())![0].alert).toBe('above_threshold');
		expect(server.requestsTo('/stats').map((r) => (r.body as IDataObject).type)).toEqual(
			Array(5).fill('lasth'),
		);
	});

	it('without Notify on Recovery, recovery is silent but re-arms', async () => {
		const poller = trigger({
			event: 'failureRateAboveThreshold',
			thresholdPercent: 5,
			minimumRequests: 20,
			notifyOnRecovery: false,
		});
		rate(100, 10);
		expect(await poller.poll()).not.toBeNull();
		rate(100, 0);
		expect(await poller.poll()).toBeNull();
		rate(100, 10);
		expect(await poller.poll()).not.toBeNull();
	});

	it('by default, a quiet window keeps the alert: traffic returning still high pages no one twice', async () => {
		const poller = trigger({
			event: 'failureRateAboveThreshold',
			thresholdPercent: 5,
			minimumRequests: 20,
			notifyOnRecovery: true,
		});
		rate(100, 50);
		expect((await poller.poll())![0].alert).toBe('above_threshold');
		rate(3, 0);
		expect(await poller.poll()).toBeNull();
		rate(0, 0);
		expect(await poller.poll()).toBeNull();
		rate(100, 40);
		expect(await poller.poll()).toBeNull();
		rate(100, 1);
		expect((await poller.poll())![0]).toMatchObject({
			alert: 'recovered',
			recovered_by: 'below_threshold',
		});
		rate(100, 50);
		expect((await poller.poll())![0].alert).toBe('above_threshold');
	});

	it('with Treat as Recovered, low volume never fires and a spike that ends in it is recovered', async () => {
		const poller = trigger({
			event: 'failureRateAboveThreshold',
			thresholdPercent: 5,
			minimumRequests: 20,
			notifyOnRecovery: true,
			lowTraffic: 'recover',
		});
		rate(10, 9);
		expect(await poller.poll()).toBeNull();
		rate(0, 0);
		expect(await poller.poll()).toBeNull();
		rate(100, 50);
		expect(await poller.poll()).not.toBeNull();
		rate(3, 0);
		expect((await poller.poll())![0]).toMatchObject({
			alert: 'recovered',
			recovered_by: 'low_volume',
		});
		rate(2, 0);
		expect(await poller.poll()).toBeNull();
		rate(100, 50);
		expect((await poller.poll())![0].alert).toBe('above_threshold');
	});

	it('a manual run shows the current evaluation without changing the state', async () => {
		const poller = trigger({
			event: 'failureRateAboveThreshold',
			thresholdPercent: 5,
			minimumRequests: 20,
		});
		rate(100, 50);
		expect((await poller.poll('manual'))![0].alert).toBe('above_threshold');
		expect(poller.staticData.alerting).toBeUndefined();
		rate(5, 0);
		expect((await poller.poll('manual'))![0].alert).toBe('low_volume');
	});
});
