import { DateTime } from 'luxon';

import {
	isCurrent,
	USUAL_TRAFFIC_KEPT_MS,
	usualCountBetween,
	type UsualTraffic,
} from '../../../packages/n8n-nodes-betatel/nodes/Betatel/helpers/usualTraffic';

/* readUsualTraffic, its one request of hourly statistics, is tested through Traffic Drop (test/betatel/trigger/measures/trafficDrop.test.ts). */

const NOW = DateTime.fromISO('2026-12-07T10:00:00Z').toMillis();

/** 100 messages in every hour of the day but 10:00–11:00 Berlin time, which has 700. */
const usual: UsualTraffic = {
	channel: 'whatsapp',
	timezone: 'Europe/Berlin',
	at: NOW,
	hourly: Array.from({ length: 24 }, (_, hour) => (hour === 10 ? 700 : 100)),
};

describe('usualCountBetween', () => {
	const berlin = (time: string) =>
		DateTime.fromISO(`2026-12-07T${time}`, { zone: 'Europe/Berlin' });

	it('counts each hour of the day the window covers, pro rata', () => {
		expect(usualCountBetween(usual, berlin('10:00'), berlin('10:15'))).toBeCloseTo(175);
		expect(usualCountBetween(usual, berlin('09:30'), berlin('10:30'))).toBeCloseTo(50 + 350);
		expect(
			usualCountBetween(usual, berlin('00:00'), berlin('00:00').plus({ days: 1 })),
		).toBeCloseTo(23 * 100 + 700);
	});

	it('reads the hours in the usual traffic’s time zone, whatever the window’s', () => {
		const utc = DateTime.fromISO('2026-12-07T09:00:00Z');
		expect(usualCountBetween(usual, utc, utc.plus({ minutes: 30 }))).toBeCloseTo(350);
	});
});

describe('isCurrent', () => {
	it('a kept usual traffic serves for its channel and time zone, for a day', () => {
		expect(isCurrent(usual, 'whatsapp', 'Europe/Berlin', NOW + USUAL_TRAFFIC_KEPT_MS - 1)).toBe(
			true,
		);
		expect(isCurrent(usual, 'whatsapp', 'Europe/Berlin', NOW + USUAL_TRAFFIC_KEPT_MS)).toBe(false);
		expect(isCurrent(usual, 'telegram', 'Europe/Berlin', NOW)).toBe(false);
		expect(isCurrent(usual, 'whatsapp', 'UTC', NOW)).toBe(false);
	});

	it('what a saved state holds is checked before it is used', () => {
		for (const hourly of [[], Array(24).fill(-1), Array(24).fill('100'), Array(24).fill(Infinity)])
			expect(isCurrent({ ...usual, hourly }, 'whatsapp', 'Europe/Berlin', NOW)).toBe(false);
		expect(isCurrent(undefined, 'whatsapp', 'Europe/Berlin', NOW)).toBe(false);
	});
});
