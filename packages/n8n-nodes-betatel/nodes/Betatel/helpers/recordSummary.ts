import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import { SENT_AND_FAILED, type ChartPlan } from '../../shared/chart/fromItems';
import {
	CHANNEL_NAMES,
	percentage,
	statsItem,
	type Channel,
	type Granularity,
} from '../../shared/normalize';
import type { TimeCutoff } from '../pagination';
import { QuantileSketch } from './quantileSketch';
import { isoWithOffset } from '../../shared/timeBuckets';
import { recordTime } from '../transport';

export const GROUP_FIELDS = ['status', 'country', 'network'] as const;
export type GroupField = (typeof GROUP_FIELDS)[number];
export type TimeGrouping = 'hour' | 'day';

export interface SummaryQuery {
	channel: Channel;
	/** Records created in [from, to) count; the others are passed over. */
	from: DateTime;
	to: DateTime;
	fields: GroupField[];
	/** Records further split by the hour or day of their timestamp, in `timezone`. */
	time?: TimeGrouping;
	timezone: string;
	/** The recipient the list was filtered to, if any. */
	account: string | null;
	/**
	 * Whether each group also tells how it failed: its failure statuses with their counts, a
	 * few failed uuids to look up, and a country's calling code. An alert needs them.
	 */
	failureDetail?: boolean;
	/**
	 * Whether each group also tells what did not arrive: the messages not DELIVERED or READ,
	 * the statuses they are stuck in, a few of their uuids, and the delivery time at this
	 * quantile (0–1) with every undelivered message counted as slower than any delivered one.
	 */
	undeliveredDetail?: { quantile: number };
	/**
	 * Whether a record whose time cannot be read is left out (an alert's window, which it
	 * cannot be known to be in) rather than counted under an unknown period (Summarize).
	 */
	skipUnreadable?: boolean;
	/** The most groups kept: the records of any further group count under "(other)". */
	maxGroups?: number;
}

/**
 * The longest group value kept: a network or country name, not a page of text. Longer values
 * are cut, so that a provider's 100 KB field costs neither the keys nor the saved state.
 */
export const MAX_GROUP_VALUE_LENGTH = 128;

/** The group the records of groups past maxGroups count under. */
export const OTHER_GROUP = '(other)';

/** Enough failed uuids for someone on call to open a few records, not a whole incident. */
export const FAILED_UUIDS_PER_GROUP = 5;

/** Statuses a record ends in once delivered; READ implies delivered. */
const DELIVERED = new Set(['DELIVERED', 'READ']);
const FAILED = new Set(['FAILED', 'EXPIRED']);

interface FailureDetail {
	byStatus: Record<string, number>;
	uuids: string[];
	countryCode: number | null;
}

interface UndeliveredDetail {
	count: number;
	byStatus: Record<string, number>;
	uuids: string[];
}

interface Group {
	values: Partial<Record<GroupField, string | null>>;
	period: { start: number; end: number } | undefined;
	sent: number;
	delivered: number;
	read: number;
	failed: number;
	deliveryTimes: QuantileSketch | undefined;
	failures: FailureDetail | undefined;
	undelivered: UndeliveredDetail | undefined;
}

/**
 * Counts delivery records into groups as they arrive, keeping only the counters (and, for
 * WhatsApp, a delivery-time sketch) per group: memory grows with the number of groups,
 * never with the number of records.
 */
export class RecordSummary {
	private readonly groups = new Map<string, Group>();

	private readonly fromMs: number;

	private readonly toMs: number;

	/** Records left out because their time cannot be read (with skipUnreadable). */
	unreadable = 0;

	/** Records counted under "(other)" because maxGroups was reached. */
	overflowed = 0;

	/** The period of the last record: records come in runs of one hour or day. */
	private lastPeriod: { start: number; end: number } | undefined;

	constructor(private readonly query: SummaryQuery) {
		this.fromMs = query.from.toMillis();
		this.toMs = query.to.toMillis();
	}

	/** The start of the range: in a newest-first list, where reading stops. */
	get cutoff(): TimeCutoff {
		return { timeOf: recordTime, at: this.fromMs };
	}

	/**
	 * Counts a record of the range. One whose time cannot be read is not known to be outside
	 * it, so it counts, under an unknown period (null) when split by time. `time` is the
	 * record's, when the caller has read it already.
	 */
	readonly add = (record: IDataObject, time = recordTime(record)): void => {
		if (this.query.skipUnreadable && Number.isNaN(time)) {
			this.unreadable++;
			return;
		}
		if (time >= this.toMs || time < this.fromMs) return;
		const period = this.query.time ? this.periodOf(time) : undefined;
		let values: Group['values'] = {};
		let key = period ? String(period.start) : '';
		for (const field of this.query.fields) {
			const value = record[field];
			values[field] =
				typeof value === 'string' || typeof value === 'number'
					? String(value).slice(0, MAX_GROUP_VALUE_LENGTH)
					: null;
			key += `\u0000${values[field] ?? '\u0001'}`;
		}
		let group = this.groups.get(key);
		if (!group && this.groups.size >= (this.query.maxGroups ?? Infinity)) {
			this.overflowed++;
			values = Object.fromEntries(this.query.fields.map((field) => [field, OTHER_GROUP]));
			key = `${period ? String(period.start) : ''}\u0002`;
			group = this.groups.get(key);
		}
		if (!group) {
			group = {
				values,
				period,
				sent: 0,
				delivered: 0,
				read: 0,
				failed: 0,
				deliveryTimes: this.query.channel === 'whatsapp' ? new QuantileSketch() : undefined,
				failures: this.query.failureDetail
					? { byStatus: {}, uuids: [], countryCode: numberOrNull(record.country_code) }
					: undefined,
				undelivered: this.query.undeliveredDetail
					? { count: 0, byStatus: {}, uuids: [] }
					: undefined,
			};
			this.groups.set(key, group);
		}
		group.sent++;
		const status = String(record.status ?? '').toUpperCase();
		if (DELIVERED.has(status)) group.delivered++;
		else if (group.undelivered) noteUndelivered(group.undelivered, status, record);
		if (status === 'READ') group.read++;
		if (FAILED.has(status)) {
			group.failed++;
			if (group.failures) noteFailure(group.failures, status, record);
		}
		// An undelivered message has no delivery time, whatever number its record carries (0).
		if (group.deliveryTimes && DELIVERED.has(status) && typeof record.delivery_time === 'number')
			group.deliveryTimes.add(record.delivery_time);
	};

	private periodOf(time: number): { start: number; end: number } | undefined {
		if (Number.isNaN(time)) return undefined;
		const last = this.lastPeriod;
		if (last && time >= last.start && time < last.end) return last;
		const unit = this.query.time!;
		const start = DateTime.fromMillis(time, { zone: this.query.timezone }).startOf(unit);
		this.lastPeriod = {
			start: start.toMillis(),
			end: start
				.plus({ [`${unit}s`]: 1 })
				.startOf(unit)
				.toMillis(),
		};
		return this.lastPeriod;
	}

	private failureColumns(failures: FailureDetail): IDataObject {
		return {
			...(this.query.fields.includes('country') ? { country_code: failures.countryCode } : {}),
			failed_by_status: failures.byStatus,
			failed_uuids: failures.uuids,
		};
	}

	private undeliveredColumns(group: Group, undelivered: UndeliveredDetail): IDataObject {
		const { quantile } = this.query.undeliveredDetail!;
		const times = group.deliveryTimes;
		const timed = times?.count ?? 0;
		const rank = Math.floor(quantile * (timed + undelivered.count - 1));
		// A rank among the undelivered is slower than every delivery: no time can be given.
		const time = times && rank >= 0 && rank < timed ? times.valueAtRank(rank) : null;
		return {
			undelivered: undelivered.count,
			undelivered_rate: percentage(undelivered.count, group.sent),
			undelivered_by_status: undelivered.byStatus,
			undelivered_uuids: undelivered.uuids,
			delivery_time_quantile_ms: time === null ? null : Math.round(time),
			delivery_time_quantile_undelivered: times !== undefined && rank >= timed,
		};
	}

	/**
	 * One normalized item per group: in time order (an unknown period last), and within a period
	 * the most failures first.
	 */
	items(): IDataObject[] {
		const { channel, timezone, account, time } = this.query;
		const granularity: Granularity = time ?? 'range';
		const iso = (ms: number) => isoWithOffset(DateTime.fromMillis(ms, { zone: timezone }));
		return [...this.groups.values()]
			.sort(
				(a, b) =>
					(a.period?.start ?? Infinity) - (b.period?.start ?? Infinity) ||
					b.failed - a.failed ||
					b.sent - a.sent,
			)
			.map((group) => {
				const median = group.deliveryTimes?.quantile(0.5) ?? null;
				const p95 = group.deliveryTimes?.quantile(0.95) ?? null;
				return statsItem(
					{
						provider: 'betatel',
						channel,
						report: 'delivery_records',
						account,
						granularity,
						period_start: group.period ? iso(group.period.start) : time ? null : iso(this.fromMs),
						period_end: group.period ? iso(group.period.end) : time ? null : iso(this.toMs),
						timezone,
					},
					group,
					{
						...group.values,
						delivery_time_median_ms: median === null ? null : Math.round(median),
						delivery_time_p95_ms: p95 === null ? null : Math.round(p95),
						...(group.failures ? this.failureColumns(group.failures) : {}),
						...(group.undelivered ? this.undeliveredColumns(group, group.undelivered) : {}),
					},
				);
			});
	}
}

const numberOrNull = (value: unknown): number | null =>
	typeof value === 'number' && Number.isFinite(value) ? value : null;

function noteFailure(failures: FailureDetail, status: string, record: IDataObject): void {
	failures.byStatus[status] = (failures.byStatus[status] ?? 0) + 1;
	if (failures.uuids.length < FAILED_UUIDS_PER_GROUP && typeof record.uuid === 'string')
		failures.uuids.push(record.uuid);
}

/**
 * Statuses an undelivered count is split into: the API names nine, and whatever else a
 * provider sends is counted under one "(other)" rather than grow each group without bound.
 */
const MAX_STATUSES = 16;
const MAX_STATUS_LENGTH = 32;

function noteUndelivered(
	undelivered: UndeliveredDetail,
	status: string,
	record: IDataObject,
): void {
	undelivered.count++;
	let known = status.slice(0, MAX_STATUS_LENGTH) || 'UNKNOWN';
	if (!(known in undelivered.byStatus) && Object.keys(undelivered.byStatus).length >= MAX_STATUSES)
		known = '(other)';
	undelivered.byStatus[known] = (undelivered.byStatus[known] ?? 0) + 1;
	if (undelivered.uuids.length < FAILED_UUIDS_PER_GROUP && typeof record.uuid === 'string')
		undelivered.uuids.push(record.uuid);
}

/** A group's label, its values in the order grouped by: "Bosnia and Herzegovina / m:tel". */
export const groupLabel = (item: IDataObject, fields: GroupField[]): string =>
	fields.map((field) => String(item[field] ?? '(none)')).join(' / ');

/**
 * The chart of summarized records: horizontal bars of sent and failed per group when the
 * records are grouped, else the periods or the one total.
 */
export function summaryChartPlan(query: {
	channel: Channel;
	fields: GroupField[];
	timezone: string;
	range?: { start: DateTime; end: DateTime };
}): ChartPlan {
	const { channel, fields, timezone, range } = query;
	return {
		subject: {
			provider: 'Betatel',
			channel: CHANNEL_NAMES[channel],
			report: fields.length ? `delivery records by ${fields.join(' and ')}` : 'delivery records',
			timezone,
			range,
		},
		figures: SENT_AND_FAILED,
		groupOf: fields.length ? (item) => groupLabel(item, fields) : undefined,
	};
}
