import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import type { ChartSubject, Figure } from '../../shared/chart/fromItems';
import { statsItem, type Granularity, type StatsFigures } from '../../shared/normalize';
import { isoWithOffset } from '../../shared/timeBuckets';

/* Whatomate's days, the queries that ask for them, and the normalized items its reports become. */

/** Whatomate cuts its days in UTC, so the node does too. */
export const WHATOMATE_ZONE = 'UTC';

export interface DayRange {
	from: DateTime;
	/** Last day included. */
	to: DateTime;
}

/** `from`/`to` as current servers read them: whole UTC days, both included. */
export function dayQuery(range: DayRange): IDataObject {
	return { from: range.from.toISODate(), to: range.to.toISODate() };
}

/**
 * The range as both kinds of server read it for messages and chatbot analytics: `from`/`to`
 * for current releases, `start_date`/`end_date` as the documentation names them.
 */
export function rangeQuery(range: DayRange, accountId: string): IDataObject {
	const qs: IDataObject = {
		...dayQuery(range),
		start_date: range.from.toISO(),
		end_date: range.to.endOf('day').toISO(),
	};
	if (accountId) qs.account_id = accountId;
	return qs;
}

export interface WhatomateItem {
	report: string;
	/** Empty for all accounts. */
	account: string;
	granularity: Granularity;
	/** Whole UTC days or one timeline bucket; none when the server's period is unknown. */
	period: { start: DateTime; end: DateTime } | undefined;
	figures?: StatsFigures;
	/** Keys beyond the normalized columns. */
	extra?: IDataObject;
}

/** One normalized Whatomate item. */
export function whatomateItem(item: WhatomateItem): IDataObject {
	const { period } = item;
	return statsItem(
		{
			provider: 'whatomate',
			channel: 'whatsapp',
			report: item.report,
			account: item.account || null,
			granularity: item.granularity,
			period_start: period ? isoWithOffset(period.start) : null,
			period_end: period ? isoWithOffset(period.end) : null,
			timezone: WHATOMATE_ZONE,
		},
		item.figures ?? {},
		item.extra ?? {},
	);
}

export function wholeDays(range: DayRange): { start: DateTime; end: DateTime } {
	return { start: range.from, end: range.to.plus({ days: 1 }) };
}

/** What the agent reports chart: the transfers each agent took over from the chatbot or a queue. */
export const TRANSFERS_HANDLED: Figure = {
	key: 'transfers_handled',
	name: 'Transfers handled',
	colour: 'sent',
};

/** What a chart of a Whatomate report says it shows: its days are UTC days, as the server's. */
export function chartSubject(report: string, range: DayRange): ChartSubject {
	return {
		provider: 'Whatomate',
		channel: 'WhatsApp',
		report,
		timezone: WHATOMATE_ZONE,
		range: wholeDays(range),
	};
}

/**
 * Each timeline entry's bucket: from its date to the next entry's when the dates are not one
 * unit apart (a server answering daily dates for a weekly request), else one unit long.
 * Entries without a readable date get none.
 */
function timelineBuckets(
	dates: unknown[],
	unit: TimelineUnit,
): Array<{ start: DateTime; end: DateTime } | undefined> {
	const starts = dates.map((date) => {
		if (typeof date !== 'string') return undefined;
		const start = DateTime.fromISO(date, { zone: WHATOMATE_ZONE });
		return start.isValid ? start : undefined;
	});
	const spacedByUnit = starts.every((start, index) => {
		const next = starts[index + 1];
		return !start || !next || +start.plus({ [`${unit}s`]: 1 }) === +next;
	});
	return starts.map((start, index) => {
		if (!start) return undefined;
		const next = starts[index + 1];
		const end = !spacedByUnit && next && next > start ? next : start.plus({ [`${unit}s`]: 1 });
		return { start, end };
	});
}

export type TimelineUnit = 'hour' | 'day' | 'week' | 'month';

/** One item per timeline entry, dated by the entry's bucket (see timelineBuckets). */
export function bucketedItems(
	entries: IDataObject[],
	unit: TimelineUnit,
	itemOf: (entry: IDataObject) => Omit<WhatomateItem, 'granularity' | 'period'>,
): IDataObject[] {
	const buckets = timelineBuckets(
		entries.map((entry) => entry.date),
		unit,
	);
	return entries.map((entry, index) =>
		whatomateItem({ ...itemOf(entry), granularity: unit, period: buckets[index] }),
	);
}

/** Keeps everything of `source` except the keys already mapped to a normalized column. */
export function remainder(source: IDataObject | undefined, mapped: string[]): IDataObject {
	return Object.fromEntries(Object.entries(source ?? {}).filter(([key]) => !mapped.includes(key)));
}
