import { DateTime } from 'luxon';

import {
	INTERVAL_TYPES,
	windowEndingAt,
} from '../../../packages/n8n-nodes-betatel/nodes/Betatel/helpers/statistics';

/* readStatistics itself is tested through Get Statistics (test/betatel/actions/getStatistics.test.ts). */

describe('windowEndingAt', () => {
	const at = DateTime.fromISO('2026-12-07T10:20:30', { zone: 'Europe/Berlin' });

	it.each([
		['lastm', 1],
		['last10m', 10],
		['lasth', 60],
		['last24h', 24 * 60],
		['lastmonth', 30 * 24 * 60],
	])('%s: the %d minutes that end when the request is sent', (statType, minutes) => {
		const { start, end } = windowEndingAt(statType, at);
		expect(end).toBe(at);
		expect(at.diff(start, 'minutes').minutes).toBe(minutes);
	});

	it('today: from midnight in the time zone', () => {
		expect(windowEndingAt('today', at).start.toISO()).toBe('2026-12-07T00:00:00.000+01:00');
	});

	it('the interval types are a calendar unit each, and no window type is one', () => {
		expect(INTERVAL_TYPES).toEqual({
			hourly: 'hour',
			daily: 'day',
			weekly: 'week',
			monthly: 'month',
			yearly: 'year',
		});
		expect(INTERVAL_TYPES.lasth).toBeUndefined();
	});
});
