import type { DateTime } from 'luxon';

import {
	makeVariedRecords,
	throughRoute,
	type FakeBetatel,
	type FakeRecord,
} from './servers/betatel';
import { seededRandom, trafficHour, type TrafficHour, type TrafficModel } from './traffic';

/**
 * `npm start`'s live WhatsApp traffic: new records at the rate of the sandbox's own hourly
 * traffic (busy by day, quiet at night), so that the statistics and the records tell one
 * story. One generator draws every record, so each network gets its share evenly mixed, all
 * the time; each network's route then fails, delivers, sticks, slows or stops its messages as
 * /__sandbox/network set it.
 */
export class LiveTraffic {
	private readonly dice = seededRandom(1000);

	/** Noise for hours the sandbox's history does not hold yet. */
	private readonly hourDice: () => number;

	/** The fraction of a record the last ticks owed. */
	private owed = 0;

	constructor(
		private readonly betatel: FakeBetatel,
		private readonly model: TrafficModel,
	) {
		this.hourDice = seededRandom(model.seed + 7);
	}

	/**
	 * The history's messages still on their way (SENT, PENDING) have arrived by the time the
	 * live traffic starts, as they would have on a working route: otherwise a quarter of the
	 * last hour reads as undelivered, on every network.
	 */
	settleHistory(): void {
		for (const record of this.betatel.records.whatsapp)
			if (record.status === 'SENT' || record.status === 'PENDING') record.status = 'DELIVERED';
	}

	/** The hour holding `now`, added to the statistics when the sandbox runs into it. */
	private hourOf(now: DateTime): TrafficHour {
		const hours = this.betatel.traffic?.whatsapp ?? [];
		const start = now.toUTC().startOf('hour');
		let last = hours.at(-1);
		while (!last || last.start < start) {
			const next = last ? last.start.plus({ hours: 1 }) : start;
			hours.push((last = trafficHour(next, this.model, this.hourDice)));
		}
		return hours.find((hour) => +hour.start === +start) ?? last;
	}

	/** The records of the `seconds` that end at `now`, oldest first. */
	tick(now: DateTime, seconds: number): FakeRecord[] {
		this.owed += (this.hourOf(now).requests * seconds) / 3600;
		const count = Math.floor(this.owed);
		this.owed -= count;
		if (count === 0) return [];
		return makeVariedRecords(count, {
			start: now.minus({ seconds }),
			stepSeconds: seconds / count,
			dice: this.dice,
			failureRates: this.betatel.failureRates,
		})
			.map((record) => throughRoute(record, this.betatel.networkBehaviour[String(record.network)]))
			.filter((record): record is FakeRecord => record !== undefined);
	}
}
