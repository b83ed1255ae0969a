import type { IDataObject } from 'n8n-workflow';
import { PNG } from 'pngjs';

import { PollingTrigger } from '../../../harness/engine';
import { FakeBetatel } from '../../../../sandbox/servers/betatel';
import {
	boundedGroups,
	type GroupState,
} from '../../../../packages/n8n-nodes-betatel/nodes/Betatel/helpers/incidents';
import { betatelCredentials, betatelPoller } from '../../fixtures';
import { served } from '../../../harness/served';

const server = served(new FakeBetatel());
beforeEach(() => {
	server.reset();
	server.records.whatsapp = [];
	server.records.telegram = [];
});

const WHERE = {
	bh: { network: 'BH Telecom', country: 'Bosnia and Herzegovina', country_code: 387 },
	mtel: { network: 'm:tel', country: 'Bosnia and Herzegovina', country_code: 387 },
	a1: { network: 'A1 Hrvatska', country: 'Croatia', country_code: 385 },
	yettel: { network: 'Yettel', country: 'Serbia', country_code: 381 },
};
type Place = keyof typeof WHERE;

/**
 * The window as the next poll finds it: per network, how many were sent and how many of
 * those failed (a fifth of them EXPIRED, the rest FAILED), created within the last half hour.
 */
function windowHolds(traffic: Partial<Record<Place, [sent: number, failed: number]>>): void {
	server.records.whatsapp = [];
	for (const [place, [sent, failed]] of Object.entries(traffic) as Array<
		[Place, [number, number]]
	>) {
		const expired = Math.floor(failed / 5);
		server.addRecords('whatsapp', failed - expired, 'FAILED', 600, WHERE[place]);
		server.addRecords('whatsapp', expired, 'EXPIRED', 900, WHERE[place]);
		server.addRecords('whatsapp', sent - failed, 'DELIVERED', 300, WHERE[place]);
	}
	server.records.whatsapp.sort((a, b) => a.timestamp.localeCompare(b.timestamp));
}

/** What the statistics endpoint says of the same window: the channel's total. */
function statsOfRecords(): void {
	server.statsOverride = () => {
		const records = server.records.whatsapp;
		const failed = records.filter((record) => ['FAILED', 'EXPIRED'].includes(record.status)).length;
		return [
			{
				total_requests: records.length,
				total_transactions: records.length - failed,
				total_amount: 1,
				currency: 'EUR',
			},
		];
	};
}

const trigger = (parameters: IDataObject, durable = false) =>
	betatelPoller(
		server,
		{ event: 'failureRateAboveThreshold', watch: 'network', window: 'lasth', ...parameters },
		durable,
	);

const networks = (items: IDataObject[] | null) =>
	(items ?? []).map((item) => `${String(item.network)}: ${String(item.alert)}`);

describe('Failure Rate Above Threshold, Watch Each Network', () => {
	it("one network at 40 % on 3 % of the traffic fires, while the channel's rate stays under the threshold", async () => {
		windowHolds({ bh: [970, 19], mtel: [30, 12] });
		statsOfRecords();
		const channel = await trigger({ watch: 'all' }).poll();
		expect(channel).toBeNull();

		const items = await trigger({}).poll();
		expect(networks(items)).toEqual(['m:tel: above_threshold']);
		const [alert] = items!;
		expect(alert).toMatchObject({
			provider: 'betatel',
			channel: 'whatsapp',
			network: 'm:tel',
			sent: 30,
			failed: 12,
			failure_rate: 40,
			threshold_percent: 5,
			minimum_requests: 20,
			failed_by_status: { FAILED: 10, EXPIRED: 2 },
		});
		expect(alert.failed_uuids).toHaveLength(5);
		const failedUuids = new Set(
			server.records.whatsapp
				.filter((record) => record.network === 'm:tel' && record.status !== 'DELIVERED')
				.map((record) => record.uuid),
		);
		for (const uuid of alert.failed_uuids as string[]) expect(failedUuids.has(uuid)).toBe(true);
		expect(Date.parse(String(alert.firing_since))).toBeGreaterThan(Date.now() - 60_000);
		expect(Date.parse(String(alert.period_end)) - Date.parse(String(alert.period_start))).toBe(
			3_600_000,
		);
	});

	it('healthy groups stay silent, poll after poll', async () => {
		windowHolds({ bh: [500, 10], a1: [300, 6], yettel: [100, 4] });
		const poller = trigger({});
		for (let poll = 0; poll < 4; poll++) expect(await poller.poll()).toBeNull();
	});

	it('a group that stays above fires once; two groups firing at once give two alerts', async () => {
		const poller = trigger({});
		windowHolds({ bh: [500, 10], mtel: [100, 30] });
		expect(networks(await poller.poll())).toEqual(['m:tel: above_threshold']);
		expect(await poller.poll()).toBeNull();
		windowHolds({ bh: [500, 10], mtel: [100, 30], a1: [200, 40], yettel: [100, 20] });
		expect(networks(await poller.poll()).sort()).toEqual([
			'A1 Hrvatska: above_threshold',
			'Yettel: above_threshold',
		]);
		expect(await poller.poll()).toBeNull();
	});

	it('a group hovering around the threshold fires once per incident with Recover Below set, and flaps without it', async () => {
		const hover = [6, 4.5, 5.5, 4, 6, 2.5, 6];
		const run = async (parameters: IDataObject) => {
			const poller = trigger({ notifyOnRecovery: true, ...parameters });
			const alerts: string[] = [];
			for (const rate of hover) {
				windowHolds({ bh: [1000, 10], mtel: [200, Math.round(rate * 2)] });
				alerts.push(...networks(await poller.poll()));
			}
			return alerts;
		};
		expect(await run({ alertOptions: { recoverBelowPercent: 3 } })).toEqual([
			'm:tel: above_threshold',
			'm:tel: recovered',
			'm:tel: above_threshold',
		]);
		expect(await run({})).toEqual([
			'm:tel: above_threshold',
			'm:tel: recovered',
			'm:tel: above_threshold',
			'm:tel: recovered',
			'm:tel: above_threshold',
			'm:tel: recovered',
			'm:tel: above_threshold',
		]);
	});

	it('Recover Below above the threshold is an error naming the field, before any request', async () => {
		windowHolds({ mtel: [100, 30] });
		await expect(
			trigger({ thresholdPercent: 5, alertOptions: { recoverBelowPercent: 8 } }).poll(),
		).rejects.toThrow(/^Recover Below \(%\): 8 is above Threshold \(%\), 5/);
		expect(server.requests).toHaveLength(0);
	});

	it('Fire After 3 fires on the third poll in a row and not before; a poll back under starts the count again', async () => {
		const poller = trigger({ fireAfterPolls: 3 });
		const failing = () => windowHolds({ bh: [500, 10], mtel: [100, 30] });
		failing();
		expect(await poller.poll()).toBeNull();
		expect(await poller.poll()).toBeNull();
		windowHolds({ bh: [500, 10], mtel: [100, 2] });
		expect(await poller.poll()).toBeNull();
		failing();
		expect(await poller.poll()).toBeNull();
		expect(await poller.poll()).toBeNull();
		expect(networks(await poller.poll())).toEqual(['m:tel: above_threshold']);
		expect(await poller.poll()).toBeNull();
	});

	it.each([
		['the default scheduler, with Notify on Recovery', false],
		["n8n's durable scheduler", true],
	])('a restart in the middle of an incident repeats nothing: %s', async (_, durable) => {
		const poller = trigger({ notifyOnRecovery: !durable }, durable);
		windowHolds({ bh: [500, 10], mtel: [100, 2] });
		expect(await poller.poll()).toBeNull();
		expect(await poller.poll()).toBeNull();
		windowHolds({ bh: [500, 10], mtel: [100, 30] });
		expect(networks(await poller.poll())).toEqual(['m:tel: above_threshold']);
		expect(await poller.poll()).toBeNull();
		const restarted = poller.restart();
		expect(await restarted.poll()).toBeNull();
		windowHolds({ bh: [500, 10], mtel: [100, 30], a1: [100, 50] });
		expect(networks(await restarted.poll())).toEqual(['A1 Hrvatska: above_threshold']);
		expect(await restarted.poll()).toBeNull();
		const again = restarted.restart();
		expect(await again.poll()).toBeNull();
		windowHolds({ bh: [500, 10], mtel: [100, 1], a1: [100, 50] });
		expect(networks(await again.poll())).toEqual(durable ? [] : ['m:tel: recovered']);
	});

	it.each([
		['keepState', []],
		['recover', ['m:tel: recovered']],
	])(
		'low traffic in one group leaves the others alone (When Traffic Falls Below Minimum: %s)',
		async (lowTraffic, expected) => {
			const poller = trigger({ notifyOnRecovery: true, lowTraffic });
			windowHolds({ bh: [500, 10], mtel: [100, 30], a1: [200, 4] });
			expect(networks(await poller.poll())).toEqual(['m:tel: above_threshold']);
			windowHolds({ bh: [500, 10], mtel: [5, 3], a1: [200, 40] });
			const items = await poller.poll();
			expect(networks(items).sort()).toEqual(['A1 Hrvatska: above_threshold', ...expected]);
			if (lowTraffic === 'recover') {
				expect(items!.find((item) => item.network === 'm:tel')).toMatchObject({
					recovered_by: 'low_volume',
				});
			}
			// A group with no request at all is a window below the minimum too.
			windowHolds({ bh: [500, 10], a1: [200, 40] });
			expect(await poller.poll()).toBeNull();
		},
	);

	it('a group that disappears is forgotten after a day, and the state keeps every firing group and the 1000 quiet ones seen last', async () => {
		const poller = trigger({});
		windowHolds({ bh: [500, 10], mtel: [100, 30] });
		await poller.poll();
		const stored = () =>
			Object.keys(poller.staticData.groups as IDataObject).map(
				(key) => (JSON.parse(key) as IDataObject).network,
			);
		expect(stored().sort()).toEqual(['BH Telecom', 'm:tel']);
		windowHolds({ bh: [500, 10] });
		await poller.poll();
		expect(stored().sort()).toEqual(['BH Telecom', 'm:tel']);
		const tomorrow = Date.now() + 24 * 3_600_000 + 1;
		const clock = jest.spyOn(Date, 'now').mockImplementation(() => tomorrow);
		try {
			server.addRecords('whatsapp', 50, 'DELIVERED', 60, WHERE.bh);
			server.records.whatsapp = server.records.whatsapp.map((record) => ({
				...record,
				timestamp: new Date(tomorrow - 60_000).toISOString(),
			}));
			await poller.poll();
		} finally {
			clock.mockRestore();
		}
		expect(stored()).toEqual(['BH Telecom']);

		const many: Record<string, GroupState> = {};
		for (let index = 0; index < 1005; index++)
			many[`g${index}`] = { firing: index === 0, streak: 0, seen: 1000 + index };
		const { kept } = boundedGroups(many, 2000, 1000);
		expect(Object.keys(kept)).toHaveLength(1001);
		expect(kept.g0).toBeDefined();
		expect(kept.g4).toBeUndefined();
		expect(kept.g5).toBeDefined();
	});

	it('the usual-rate mode fires for a jump from 0.5 % to 6 %, not for a network that always fails 8 %, and not while it learns', async () => {
		const poller = trigger({
			compareWith: 'usualRate',
			usualRateFactor: 3,
			floorPercent: 2,
			notifyOnRecovery: true,
		});
		const usual = () => windowHolds({ bh: [1000, 5], mtel: [200, 16] });
		usual();
		for (let poll = 1; poll < 12; poll++) expect(await poller.poll()).toBeNull();
		// Before it has learned (11 polls so far), a jump is not judged.
		windowHolds({ bh: [1000, 60], mtel: [200, 16] });
		expect(await poller.poll()).toBeNull();
		usual();
		expect(await poller.poll()).toBeNull();
		windowHolds({ bh: [1000, 60], mtel: [200, 16] });
		const [alert, ...others] = (await poller.poll())!;
		expect(others).toEqual([]);
		expect(alert).toMatchObject({
			network: 'BH Telecom',
			alert: 'above_usual_rate',
			failure_rate: 6,
			usual_rate_factor: 3,
			floor_percent: 2,
		});
		expect(alert.usual_rate_percent).toBeCloseTo(0.5, 1);
		// The incident's own polls do not raise the rate it is compared with.
		for (let poll = 0; poll < 5; poll++) expect(await poller.poll()).toBeNull();
		usual();
		expect(networks(await poller.poll())).toEqual(['BH Telecom: recovered']);
		const stored = (poller.staticData.groups as Record<string, GroupState>)[
			JSON.stringify({ network: 'BH Telecom' })
		];
		expect(stored.usual!.rate).toBeCloseTo(0.5, 1);
	});
});

describe('what a grouped poll emits and costs', () => {
	it('One Summary per Poll: one item naming every group that started or ended, with one message', async () => {
		const poller = trigger({ alertItems: 'summary', notifyOnRecovery: true });
		windowHolds({ bh: [500, 10], mtel: [100, 30], a1: [100, 25] });
		const [summary, ...more] = (await poller.poll())!;
		expect(more).toEqual([]);
		expect(summary).toMatchObject({
			alert: 'summary',
			watch: 'network',
			started_count: 2,
			recovered_count: 0,
		});
		expect(summary.text).toMatch(
			/^WhatsApp failure rate by network: m:tel failing: 30 % \(30 of 100\); A1 Hrvatska failing: 25 % \(25 of 100\)$/,
		);
		windowHolds({ bh: [500, 10], mtel: [100, 1], a1: [100, 25] });
		const [next] = (await poller.poll())!;
		expect(next).toMatchObject({ started_count: 0, recovered_count: 1 });
		expect(next.text).toMatch(/m:tel recovered after \d+(\.\d)? min \(1 % now\)/);
	});

	it('Each Country and Network, with Items and Chart: the keys of both, and a PNG chart on the first item', async () => {
		const poller = trigger({ watch: 'countryAndNetwork', output: 'itemsAndChart' });
		windowHolds({ bh: [500, 10], mtel: [100, 30], a1: [100, 2] });
		const result = (await poller.pollData())!;
		expect(result).toHaveLength(1);
		expect(result[0].json).toMatchObject({
			country: 'Bosnia and Herzegovina',
			country_code: 387,
			network: 'm:tel',
		});
		// The table in n8n's editor shows the columns in this order.
		expect(Object.keys(result[0].json).slice(0, 3)).toEqual(['country', 'network', 'alert']);
		const chart = result[0].binary!.chart;
		expect(chart.mimeType).toBe('image/png');
		const image = PNG.sync.read(Buffer.from(chart.data, 'base64'));
		expect([image.width, image.height]).toEqual([960, 540]);
	});

	it('Each Country: one alert for the country, whatever its networks', async () => {
		const poller = trigger({ watch: 'country' });
		windowHolds({ bh: [200, 20], mtel: [200, 20], a1: [400, 4] });
		const items = await poller.poll();
		expect(
			(items ?? []).map((item) => [item.country, item.country_code, item.failure_rate]),
		).toEqual([['Bosnia and Herzegovina', 387, 10]]);
		expect(items![0].network).toBeUndefined();
	});

	it('costs one list request per 100 records of the window, and the records before it cost nothing', async () => {
		windowHolds({ bh: [2000, 40], mtel: [500, 100] });
		// Outside the window: the read stops at the first of these.
		server.addRecords('whatsapp', 3000, 'DELIVERED', 2 * 3600, WHERE.bh);
		server.records.whatsapp.sort((a, b) => a.timestamp.localeCompare(b.timestamp));
		const poller = trigger({});
		server.reset();
		await poller.poll();
		const lists = server.requests.filter((request) => request.path.endsWith('/wdr'));
		// 2,500 records of the window are 25 pages, and the 26th holds the window's start; the
		// pages already in flight when it is found (at most 15 more, Return All's pace) are the
		// only ones past it: the 30 pages of older records are not read.
		expect(lists.length).toBeGreaterThanOrEqual(26);
		expect(lists.length).toBeLessThanOrEqual(26 + 15);
	});

	it('a window holding more than Max Records to Read fails the poll with an error naming the field', async () => {
		windowHolds({ bh: [250, 5] });
		await expect(trigger({ maxRecordsToRead: 100 }).poll()).rejects.toThrow(
			/^Max Records to Read: the whatsapp window holds more than 100 delivery records/,
		);
	});

	it('a manual run shows every group as it stands, with what it would say', async () => {
		windowHolds({ bh: [500, 10], mtel: [100, 30], a1: [10, 5] });
		const items = await trigger({}).poll('manual');
		expect(networks(items)).toEqual([
			'm:tel: above_threshold',
			'BH Telecom: below_threshold',
			'A1 Hrvatska: low_volume',
		]);
		expect(Object.keys(items![0]).slice(0, 2)).toEqual(['network', 'alert']);
	});
});

describe('All Traffic: saved workflows behave as before', () => {
	beforeEach(() => statsOfRecords());

	it('an alert stored before groups existed is taken up: no second alert, and its recovery comes', async () => {
		windowHolds({ bh: [100, 10] });
		const poller = new PollingTrigger(
			trigger({ watch: undefined, notifyOnRecovery: true }).trigger,
			betatelCredentials(server),
			'UTC',
			{ 'node:Betatel Trigger': { alerting: true, lastPollEmitted: true, revision: 3 } },
		);
		expect(await poller.poll()).toBeNull();
		windowHolds({ bh: [100, 1] });
		expect((await poller.poll())![0]).toMatchObject({
			alert: 'recovered',
			recovered_by: 'below_threshold',
		});
	});
});

describe('All Traffic: a count the statistics leave out', () => {
	it.each([
		['missing', {}],
		['null', { total_transactions: null }],
		['not a number', { total_transactions: 'n/a' }],
	])(
		'is no data, never zero: an alert under way does not recover when it is %s',
		async (_, gap) => {
			const stats = (figures: Record<string, unknown>) =>
				(server.statsOverride = () => [
					{ total_requests: 100, total_amount: 1, currency: 'EUR', ...figures },
				]);
			const poller = trigger({ watch: 'all', notifyOnRecovery: true });
			stats({ total_transactions: 50 });
			expect(networks(await poller.poll())).toEqual(['undefined: above_threshold']);
			stats(gap);
			expect(await poller.poll()).toBeNull();
			const [manual] = (await poller.poll('manual'))!;
			expect(manual).toMatchObject({ failed: null, failure_rate: null, alert: 'low_volume' });
			stats({ total_transactions: 99 });
			expect(networks(await poller.poll())).toEqual(['undefined: recovered']);
		},
	);
});

describe('the usual rate cannot stop learning', () => {
	it('a group high from its fourth poll on ends up learned, and then fires on a real jump', async () => {
		const poller = trigger({ compareWith: 'usualRate', usualRateFactor: 3, floorPercent: 2 });
		windowHolds({ bh: [1000, 5] });
		for (let poll = 0; poll < 3; poll++) expect(await poller.poll()).toBeNull();
		windowHolds({ bh: [1000, 100] });
		for (let poll = 0; poll < 30; poll++) expect(await poller.poll()).toBeNull();
		const [manual] = (await poller.poll('manual'))!;
		expect(manual.alert).toBe('usual');
		expect(manual.usual_rate_polls).toBeGreaterThanOrEqual(12);
		windowHolds({ bh: [1000, 400] });
		expect(networks(await poller.poll())).toEqual(['BH Telecom: above_usual_rate']);
	});
});
