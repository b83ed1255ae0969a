import { DateTime, type DurationLikeObject } from 'luxon';

export type CalendarUnit = 'hour' | 'day' | 'week' | 'month' | 'year';

/** Intervals one request may be split into: a year of hours, with room to spare. */
export const MAX_BUCKETS = 10_000;

export interface TimeBucket {
	start: DateTime;
	end: DateTime;
}

/**
 * Calendar intervals of `unit` in `zone`, from the one holding `from` to the one holding
 * `to`, both included. Weeks are ISO weeks (Monday first). Hours step in absolute time and
 * days and longer in calendar time, so a DST change yields 23- or 25-hour days and the
 * repeated or skipped local hour is still exactly one bucket.
 */
export function calendarBuckets(
	from: DateTime,
	to: DateTime,
	unit: CalendarUnit,
	zone: string,
	maxBuckets = MAX_BUCKETS,
): TimeBucket[] {
	const step: DurationLikeObject = { [`${unit}s`]: 1 };
	const last = to.setZone(zone);
	const buckets: TimeBucket[] = [];
	let start = from.setZone(zone).startOf(unit);
	while (start <= last) {
		const end = start.plus(step).startOf(unit);
		buckets.push({ start, end });
		if (buckets.length > maxBuckets) {
			throw new RangeError(`more than ${maxBuckets} ${unit} intervals`);
		}
		start = end;
	}
	return buckets;
}

/** An ISO 8601 timestamp with the zone's offset, the form the normalized items use. */
export function isoWithOffset(value: DateTime): string {
	return value.toISO({ suppressMilliseconds: true }) ?? value.toString();
}

/** How many intervals `calendarBuckets` would give, worked out without building them. */
export function bucketCount(from: DateTime, to: DateTime, unit: CalendarUnit): number {
	const span = to.startOf(unit).diff(from.startOf(unit), `${unit}s`).get(`${unit}s`);
	return Math.floor(Math.max(0, span)) + 1;
}
