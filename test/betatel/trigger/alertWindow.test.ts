import { FakeBetatel, makeVariedRecords } from '../../../sandbox/servers/betatel';
import { DateTime } from 'luxon';

import { warningsDuring } from '../../harness/logger';
import { alertTrigger, requestsOf, usualTraffic, windowHolds } from './alertFixtures';
import { served } from '../../harness/served';

const server = served(new FakeBetatel());
beforeEach(() => {
	server.reset();
	server.traffic = { whatsapp: usualTraffic(600), telegram: [] };
	// 3,000 messages over the last hour, one every 1.2 s, and 1,000 older ones.
	server.records.whatsapp = makeVariedRecords(4_000, {
		start: DateTime.utc().minus({ seconds: 4_000 * 1.2 }),
		stepSeconds: 1.2,
	});
});

const ALL_MEASURES = ['failureRate', 'undeliveredRate', 'deliveryTime', 'trafficDrop'];

describe('one poll, one read', () => {
	it.each(['network', 'all'])(
		'watching every measure (Watch: %s) reads the window once, its grace more, and the usual traffic once a day',
		async (watch) => {
			const failureRateOnly = alertTrigger(server, { watch: 'network' });
			await failureRateOnly.poll();
			const alone = requestsOf(server);
			server.reset();

			const everything = alertTrigger(server, { watch, measures: ALL_MEASURES, graceSeconds: 120 });
			await everything.poll();
			const first = requestsOf(server);
			// The grace adds 100 records (120 s at one every 1.2 s), a page or two; the pages in
			// flight past the window's start vary from run to run (up to 15). A second read of the
			// window would double the pages.
			expect(first.pages).toBeGreaterThanOrEqual(Math.ceil((3_000 + 100) / 100));
			expect(first.pages).toBeLessThan(alone.pages * 1.5);
			expect(first.hourly).toBe(1);
			// All Traffic's failure rate and traffic come from the statistics total, as before.
			expect(first.window).toBe(watch === 'all' ? 1 : 0);
			server.reset();
			await everything.poll();
			const second = requestsOf(server);
			expect(second.hourly).toBe(0);
			expect(second.window).toBe(first.window);
			expect(second.pages).toBeLessThan(alone.pages * 1.5);
		},
	);
});

describe('times that cannot be read', () => {
	it('count in no window of the alert, and the poll says so once in the log', async () => {
		server.records.whatsapp = [];
		windowHolds(server, {
			mtel: [
				{ count: 60, status: 'DELIVERED' },
				{ count: 40, status: 'SENT' },
			],
		});
		const odd = ['08:50', '2026-02-30T00:00:00Z', 1e20, 1_733_212_200_000_000 * 1000];
		for (const [index, timestamp] of odd.entries())
			server.records.whatsapp.push({
				...server.records.whatsapp[index],
				uuid: `odd-${index}`,
				status: 'SENT',
				timestamp: timestamp as unknown as string,
			});
		const warnings = await warningsDuring(async () => {
			const items = await alertTrigger(server, {
				measures: ['failureRate', 'undeliveredRate'],
			}).poll('manual');
			for (const item of items!) expect(item).toMatchObject({ network: 'm:tel', sent: 100 });
		});
		// The two epoch numbers sort after every date on the provider's newest-first list, past
		// the window's start, where the read stops: the two texts are the ones read.
		expect(warnings).toEqual([
			'Betatel Trigger: 2 whatsapp delivery records read at this poll have a time that cannot be read, so they count in no window',
		]);
	});
});

describe('groups bounded by design', () => {
	const inWindow = (count: number, network: (index: number) => string, status = 'FAILED') => {
		const now = Date.now();
		server.records.whatsapp = Array.from({ length: count }, (_, index) => ({
			uuid: `g-${index}`,
			to: '38761000000',
			status,
			network: network(index),
			country: 'Bosnia and Herzegovina',
			timestamp: new Date(now - 600_000 + Math.floor(index / 100)).toISOString(),
		}));
	};

	it('1,500 firing networks alert once each, then nothing until each recovers', async () => {
		inWindow(1_500 * 20, (index) => `net-${index % 1_500}`);
		const poller = alertTrigger(server, { maxRecordsToRead: 1_000_000 });
		const first = await poller.poll();
		expect(first).toHaveLength(1_500);
		expect(new Set(first!.map((item) => item.network)).size).toBe(1_500);
		expect(await poller.poll()).toBeNull();
		expect(await poller.poll()).toBeNull();
	}, 60_000);

	it("a provider's 100 KB group names are cut for the keys and the saved state", async () => {
		inWindow(50 * 20, (index) => `${'x'.repeat(100_000)}${index % 50}`);
		const poller = alertTrigger(server, {});
		const items = await poller.poll();
		expect(items).toHaveLength(1);
		expect(String(items![0].network)).toHaveLength(128);
		expect(JSON.stringify(poller.saved).length).toBeLessThan(20_000);
	});
});
