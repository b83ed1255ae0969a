import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import type { RequestContext } from '../../shared/credentials';
import { unexpectedResponse } from '../../shared/http/errors';
import { statsItem, type Channel, type Granularity } from '../../shared/normalize';
import { calendarBuckets, isoWithOffset, type CalendarUnit } from '../../shared/timeBuckets';
import { BETATEL, betatelRequest } from '../transport';

/** Types grouped by calendar unit: one entry per interval of a start..end range. */
export const INTERVAL_TYPES: Record<string, CalendarUnit> = {
	hourly: 'hour',
	daily: 'day',
	weekly: 'week',
	monthly: 'month',
	yearly: 'year',
};

/** Types that total a window ending now; `today` begins at midnight in the time zone. */
const WINDOW_MINUTES: Record<string, number> = {
	lastm: 1,
	last5m: 5,
	last10m: 10,
	last30m: 30,
	lasth: 60,
	last12h: 12 * 60,
	last24h: 24 * 60,
	lastmonth: 30 * 24 * 60,
};

export interface StatsQuery {
	channel: Channel;
	statType: string;
	timezone: string;
	/** Required for the interval types, ignored by the others. */
	range?: { start: DateTime; end: DateTime };
}

export interface StatsResult {
	/** The entries as Betatel sent them. */
	entries: IDataObject[];
	/** One normalized item per entry. */
	items: IDataObject[];
	/** Set when the entry count does not match the intervals asked for. */
	mismatch?: string;
}

/** The window a total-type entry covers: it ends when the request is sent. */
export function windowEndingAt(
	statType: string,
	requestedAt: DateTime,
): { start: DateTime; end: DateTime } {
	const minutes = WINDOW_MINUTES[statType];
	const start = minutes === undefined ? requestedAt.startOf('day') : requestedAt.minus({ minutes });
	return { start, end: requestedAt };
}

/**
 * Asks Betatel for statistics and dates each entry. Entries carry no date of their own,
 * so each gets the interval of its position, and only when the count matches the
 * intervals asked for: otherwise they keep null periods and a `bucket_index`.
 */
export async function readStatistics(
	context: RequestContext,
	query: StatsQuery,
	itemIndex = 0,
): Promise<StatsResult> {
	const { channel, statType, timezone } = query;
	const body: IDataObject = { type: statType, timezone };
	const unit = INTERVAL_TYPES[statType];
	let granularity: Granularity = 'range';
	let periods: Array<{ start: DateTime; end: DateTime }>;
	if (unit && query.range) {
		body.start_time = query.range.start.toUTC().toISO();
		body.end_time = query.range.end.toUTC().toISO();
		granularity = unit;
		periods = calendarBuckets(query.range.start, query.range.end, unit, timezone);
	} else {
		periods = [windowEndingAt(statType, DateTime.now().setZone(timezone))];
	}

	const response = await betatelRequest(context, 'POST', `${channel}/stats`, body, { itemIndex });
	if (!Array.isArray(response.body))
		throw unexpectedResponse(context, BETATEL, 'a list of statistics', itemIndex);
	const entries = response.body as IDataObject[];

	const matched = entries.length === periods.length;
	const items = entries.map((entry, index) => {
		const period = matched ? periods[index] : undefined;
		return statsItem(
			{
				provider: 'betatel',
				channel,
				report: 'stats',
				account: null,
				granularity,
				period_start: period ? isoWithOffset(period.start) : null,
				period_end: period ? isoWithOffset(period.end) : null,
				timezone,
			},
			{
				sent: entry.total_requests as number,
				delivered: entry.total_transactions as number,
				cost: entry.total_amount as number,
				currency: entry.currency as string,
			},
			matched ? {} : { bucket_index: index },
		);
	});
	const mismatch = matched
		? undefined
		: `Betatel returned ${entries.length} ${channel} statistics entries where ${periods.length} ${statType} intervals were expected, so the entries carry no period: use bucket_index, their position in the response.`;
	return { entries, items, mismatch };
}
