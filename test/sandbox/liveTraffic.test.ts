import { DateTime } from 'luxon';

import { LiveTraffic } from '../../sandbox/liveTraffic';
import { FakeBetatel, NETWORKS, type FakeRecord } from '../../sandbox/servers/betatel';
import { hourlyTraffic, type TrafficModel } from '../../sandbox/traffic';

const MODEL: TrafficModel = {
	days: 2,
	peakPerHour: 30_000,
	failureRate: 0.03,
	pricePerMessage: 0.02,
	seed: 1,
};

/** `hours` of live traffic from now on, ticking every 10 s as `npm start` does. */
function liveFor(hours: number, betatel = new FakeBetatel()) {
	betatel.traffic = { whatsapp: hourlyTraffic(MODEL), telegram: [] };
	const live = new LiveTraffic(betatel, MODEL);
	const start = DateTime.utc();
	const records: FakeRecord[] = [];
	for (let second = 10; second <= hours * 3600; second += 10)
		records.push(...live.tick(start.plus({ seconds: second }), 10));
	return { records, betatel, start };
}

const shareOf = (records: FakeRecord[], network: string) =>
	records.filter((record) => record.network === network).length / records.length;

describe("npm start's live traffic", () => {
	it('gives every network its share, evenly mixed, in every half hour of its first three hours', () => {
		const { records, start } = liveFor(3);
		for (const { network } of NETWORKS) expect(shareOf(records, network)).toBeCloseTo(0.2, 1);
		for (let slice = 0; slice < 6; slice++) {
			const from = start.plus({ minutes: slice * 30 }).toISO()!;
			const to = start.plus({ minutes: (slice + 1) * 30 }).toISO()!;
			const inSlice = records.filter((record) => record.timestamp >= from && record.timestamp < to);
			for (const { network } of NETWORKS) {
				expect(shareOf(inSlice, network)).toBeGreaterThan(0.14);
				expect(shareOf(inSlice, network)).toBeLessThan(0.26);
			}
		}
	});

	it('sends what the hourly statistics say, hour by hour, and adds the hours it runs into', () => {
		const { records, betatel, start } = liveFor(3);
		const hours = betatel.traffic!.whatsapp;
		const lastHour = start.plus({ hours: 3 }).startOf('hour');
		expect(+hours.at(-1)!.start).toBe(+lastHour);
		const second = start.plus({ hours: 1 }).startOf('hour');
		const inHour = records.filter(
			(record) =>
				record.timestamp >= second.toISO()! &&
				record.timestamp < second.plus({ hours: 1 }).toISO()!,
		).length;
		const model = hours.find((hour) => +hour.start === +second)!.requests;
		// The tick that spans the hour's start spreads its records over both hours at the rate of
		// the one it ends in: a few records either way.
		expect(Math.abs(inHour - model)).toBeLessThanOrEqual(Math.max(2, model * 0.01));
	});

	it.each([
		[
			'stuck',
			(mtel: FakeRecord[]) => mtel.every((r) => ['SENT', 'FAILED', 'EXPIRED'].includes(r.status)),
		],
		['slow', (mtel: FakeRecord[]) => mtel.every((r) => Number(r.delivery_time) >= 60_000)],
		['stopped', (mtel: FakeRecord[]) => mtel.length === 0],
	])('a route set to %s treats its new messages so, and the others deliver', (behaviour, holds) => {
		const betatel = new FakeBetatel();
		betatel.networkBehaviour['m:tel'] = behaviour as 'stuck';
		const { records } = liveFor(1, betatel);
		const mtel = records.filter((record) => record.network === 'm:tel');
		expect(holds(mtel)).toBe(true);
		// The other routes deliver what they do not fail: nothing is left on its way.
		const others = records.filter((record) => record.network !== 'm:tel');
		expect(others.length).toBeGreaterThan(0);
		expect(others.filter((record) => ['SENT', 'PENDING'].includes(record.status))).toEqual([]);
	});
});
