import { DateTime } from 'luxon';
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { invalidField } from '../../shared/validation';
import { percentage, type Channel } from '../../shared/normalize';
import { OTHER_GROUP, RecordSummary, type GroupField } from '../helpers/recordSummary';
import { readStatistics, windowEndingAt } from '../helpers/statistics';
import {
	isCurrent,
	readUsualTraffic,
	usualCountBetween,
	type UsualTraffic,
} from '../helpers/usualTraffic';
import { DEFAULT_CONCURRENCY, foldRecords } from '../pagination';
import { newestFirst, recordSource, recordTime } from '../transport';
import type { PollFacts, PreparedMeasure, WindowGroup } from './measures';

/**
 * The most groups a poll tells apart, per measure: far more networks or countries than any
 * channel has, and few enough that a poll's time and state stay bounded whatever names a
 * provider sends. The records of any further group count as one, "(other)".
 */
export const MAX_GROUPS_PER_POLL = 5000;

/** What the alert reads at a poll, and for which measures. */
export interface AlertQuery {
	channel: Channel;
	/** The group keys; none for All Traffic. */
	fields: GroupField[];
	window: string;
	maxRecords: number;
	measures: PreparedMeasure[];
	/** What the last read of the usual traffic left in the state, if anything. */
	keptUsualTraffic: unknown;
	/** The field and the cost of the read, for the error when a window holds too many records. */
	tooMany: { field: string; hint: string };
}

export interface AlertRead {
	groups: WindowGroup[];
	facts: PollFacts;
	/** The usual traffic by hour, read now or kept: to be kept for the next polls. */
	usualTraffic?: UsualTraffic;
}

export const keyOf = (values: IDataObject) => JSON.stringify(values);

/** A group the window holds no message of: what a group with no traffic looks like. */
export const emptyGroupItem = (channel: Channel, key: string): IDataObject => ({
	provider: 'betatel',
	channel,
	...(JSON.parse(key) as IDataObject),
	sent: 0,
	failed: 0,
});

/** A group the window holds no message of, as a measure judges it. */
export function emptyGroup(channel: Channel, key: string): WindowGroup {
	const empty = emptyGroupItem(channel, key);
	return { key, current: empty, aged: empty };
}

/** The channel's total, from one statistics request: the one group of All Traffic. */
async function totalOfWindow(context: IPollFunctions, query: AlertQuery): Promise<IDataObject> {
	const { items } = await readStatistics(context, {
		channel: query.channel,
		statType: query.window,
		timezone: context.getTimezone(),
	});
	if (items.length === 1) return items[0];
	// Window types answer with one entry; should there be more, their sum is the window. A
	// count the provider left out is no data, never zero.
	const sumOf = (column: string) =>
		items.every((item) => typeof item[column] === 'number')
			? items.reduce((sum, item) => sum + (item[column] as number), 0)
			: null;
	const sent = sumOf('sent');
	const failed = sumOf('failed');
	return { ...items[0], sent, failed, failure_rate: percentage(failed, sent) };
}

/**
 * The delivery records of the window, newest first, folded as the pages arrive (the records
 * are not kept) into one count per group: for the poll's own window, and for the window
 * shifted back by the grace, from the same one read. More than Max Records to Read is an
 * error, before the read runs on without end.
 */
async function recordsOfWindow(
	context: IPollFunctions,
	query: AlertQuery,
	window: { start: DateTime; end: DateTime },
	counts: { current: boolean; aged: boolean },
): Promise<{ current?: RecordSummary; aged?: RecordSummary }> {
	const timezone = context.getTimezone();
	const common = {
		channel: query.channel,
		fields: query.fields,
		timezone,
		account: null,
		skipUnreadable: true,
		maxGroups: MAX_GROUPS_PER_POLL,
	};
	const agedMeasures = query.measures.filter((measure) => measure.reads === 'aged');
	const graceMs = Math.max(0, ...agedMeasures.map((measure) => measure.graceMs));
	const current = counts.current
		? new RecordSummary({ ...common, from: window.start, to: window.end, failureDetail: true })
		: undefined;
	const aged = counts.aged
		? new RecordSummary({
				...common,
				from: window.start.minus({ milliseconds: graceMs }),
				to: window.end.minus({ milliseconds: graceMs }),
				undeliveredDetail: {
					quantile: agedMeasures.find((measure) => measure.quantile)?.quantile ?? 0.5,
				},
			})
		: undefined;
	let read = 0;
	const fold = (record: IDataObject) => {
		if (++read > query.maxRecords) throw tooManyRecords(context, query);
		const time = recordTime(record);
		current?.add(record, time);
		aged?.add(record, time);
	};
	await foldRecords({
		...recordSource(context, newestFirst(query.channel)),
		concurrency: DEFAULT_CONCURRENCY,
		fold,
		cutoff: (aged ?? current)!.cutoff,
	});
	warnOfLeftOut(context, query, [current, aged]);
	return { current, aged };
}

/** Says in n8n's log, once a poll, which records the window's counts leave out, and why. */
function warnOfLeftOut(
	context: IPollFunctions,
	query: AlertQuery,
	summaries: Array<RecordSummary | undefined>,
): void {
	const most = (count: (summary: RecordSummary) => number) =>
		Math.max(0, ...summaries.map((summary) => (summary ? count(summary) : 0)));
	const overflowed = most((summary) => summary.overflowed);
	const unreadable = most((summary) => summary.unreadable);
	const name = context.getNode().name;
	if (overflowed > 0) {
		context.logger.warn(
			`${name}: the ${query.channel} window holds more than ${MAX_GROUPS_PER_POLL} groups, so ${overflowed} of its records count as one group, "${OTHER_GROUP}"`,
		);
	}
	if (unreadable > 0) {
		context.logger.warn(
			`${name}: ${unreadable} ${query.channel} delivery records read at this poll have a time that cannot be read, so they count in no window`,
		);
	}
}

function tooManyRecords(context: IPollFunctions, query: AlertQuery) {
	return invalidField(
		context.getNode(),
		0,
		query.tooMany.field,
		`the ${query.channel} window holds more than ${query.maxRecords} delivery records, so the poll stopped reading`,
		`${query.tooMany.hint}. Shorten the Window, or raise Max Records to Read if the polls can afford it.`,
	);
}

/** Each group's item of a summary, by the group's key. */
function itemsByKey(summary: RecordSummary | undefined, fields: GroupField[]) {
	const byKey = new Map<string, IDataObject>();
	for (const item of summary?.items() ?? [])
		byKey.set(keyOf(Object.fromEntries(fields.map((field) => [field, item[field] ?? null]))), item);
	return byKey;
}

async function usualTrafficOf(
	context: IPollFunctions,
	query: AlertQuery,
	now: DateTime,
): Promise<UsualTraffic | undefined> {
	if (!query.measures.some((measure) => measure.needsUsualTraffic)) return undefined;
	const timezone = context.getTimezone();
	if (isCurrent(query.keptUsualTraffic, query.channel, timezone, now.toMillis()))
		return query.keptUsualTraffic;
	return await readUsualTraffic(context, query.channel, timezone, now);
}

/**
 * The poll's one read: the statistics total for All Traffic's failure rate and traffic, the
 * delivery records of the window (and of the grace before it) for everything else, and the
 * usual traffic by hour when a traffic drop is watched (one request a day).
 */
export async function readAlertWindow(
	context: IPollFunctions,
	query: AlertQuery,
): Promise<AlertRead> {
	const now = DateTime.now().setZone(context.getTimezone());
	const window = windowEndingAt(query.window, now);
	const grouped = query.fields.length > 0;
	const readsCurrent = query.measures.some((measure) => measure.reads === 'current');
	const readsAged = query.measures.some((measure) => measure.reads === 'aged');
	const total = !grouped && readsCurrent ? await totalOfWindow(context, query) : undefined;
	const summaries =
		grouped || readsAged
			? await recordsOfWindow(context, query, window, {
					current: grouped && readsCurrent,
					aged: readsAged,
				})
			: {};
	const usualTraffic = await usualTrafficOf(context, query, now);

	const current = itemsByKey(summaries.current, query.fields);
	const aged = itemsByKey(summaries.aged, query.fields);
	if (total) current.set(keyOf({}), total);
	if (!grouped) aged.set(keyOf({}), aged.get(keyOf({})) ?? emptyGroupItem(query.channel, '{}'));
	const keys = [...new Set([...current.keys(), ...aged.keys()])];
	const groups = keys.map((key) => ({
		key,
		current: current.get(key) ?? emptyGroupItem(query.channel, key),
		aged: aged.get(key) ?? emptyGroupItem(query.channel, key),
	}));
	const channelCount = groups.reduce(
		(sum, group) => sum + (typeof group.current.sent === 'number' ? group.current.sent : 0),
		0,
	);
	const facts: PollFacts = {
		grouped,
		channelCount,
		usualChannelCount: usualTraffic && usualCountBetween(usualTraffic, window.start, window.end),
	};
	return { groups, facts, usualTraffic };
}
