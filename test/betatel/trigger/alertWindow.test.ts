import { FakeBetatel, makeVariedRecords } from '../../../sandbox/servers/betatel';
import { DateTime } from 'luxon';

import { alertTrigger, requestsOf, usualTraffic } from './alertFixtures';

const server = new FakeBetatel();
beforeAll(async () => void (await server.start()));
afterAll(async () => await server.stop());
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
