import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import { STATS_COLUMNS, statsItem, toNumber, type StatsContext } from '../normalize';
import { isoWithOffset } from '../timeBuckets';
import type { Colour } from './canvas';
import type { Chart, Measure } from './draw';

/** A figure of the items, drawn as bars under its display name. */
export interface Figure {
	key: string;
	name: string;
	colour: Colour;
}

export const SENT_AND_FAILED: Figure[] = [
	{ key: 'sent', name: 'Sent', colour: 'sent' },
	{ key: 'failed', name: 'Failed', colour: 'failed' },
];

/** A span of time, its end excluded. */
interface Period {
	start: DateTime;
	end: DateTime;
}

/** What a chart is of: the words of its title and file name. */
export interface ChartSubject {
	/** As people write it: "Betatel", "99digital", "Whatomate". */
	provider: string;
	channel?: string;
	/** What the figures are: "statistics", "conversations", "agents". */
	report: string;
	timezone: string;
	/** The range asked for, for the subtitle when no item carries a period. */
	range?: Period;
}

/** How one operation's items become a chart. */
export interface ChartPlan {
	subject: ChartSubject;
	/** The figures as bars, each later one drawn over the earlier (failed over sent). */
	figures: Figure[];
	/** Set for groups: the label of the item's group. Periods otherwise. */
	groupOf?: (item: IDataObject) => string;
	/** The entries drawn, where a report holds them inside its items (chatbot flows). */
	entriesOf?: (items: IDataObject[]) => IDataObject[];
}

/** A value a chart cannot draw, and the field it is in. */
export interface NotAFigure {
	field: string;
	value: unknown;
}

function isBlank(value: unknown): boolean {
	return value === null || value === undefined || value === '';
}

/** The first charted value that is neither a number nor blank: checked before drawing. */
export function findNotAFigure(items: IDataObject[], plan: ChartPlan): NotAFigure | undefined {
	for (const item of plan.entriesOf?.(items) ?? items)
		for (const { key } of plan.figures)
			if (!isBlank(item[key]) && toNumber(item[key]) === null)
				return { field: key, value: item[key] };
	return undefined;
}

/** A blank figure counts as none. */
function figureOf(item: IDataObject, key: string): number {
	return toNumber(item[key]) ?? 0;
}

/** Delivery figures when the items have any, else the first of the others that they carry. */
export function statsFigures(items: IDataObject[]): Figure[] {
	const carried = (key: string) => items.some((item) => toNumber(item[key]) !== null);
	if (carried('sent') || carried('failed')) return SENT_AND_FAILED;
	const other = (
		[
			['conversations', 'Conversations'],
			['received', 'Received'],
			['delivered', 'Delivered'],
		] as const
	).find(([key]) => carried(key));
	return other ? [{ key: other[0], name: other[1], colour: 'sent' }] : SENT_AND_FAILED;
}

const MAX_GROUPS = 12;

interface Row {
	label: string;
	sums: Record<string, number>;
	start?: number;
}

function addUp(rows: Map<string, Row>, label: string, item: IDataObject, figures: Figure[]): Row {
	let row = rows.get(label);
	if (!row) {
		row = { label, sums: Object.fromEntries(figures.map((figure) => [figure.key, 0])) };
		rows.set(label, row);
	}
	for (const figure of figures) row.sums[figure.key] += figureOf(item, figure.key);
	return row;
}

const LABEL_FORMATS: Record<string, string> = {
	hour: 'HH:mm',
	day: 'd MMM',
	week: 'd MMM',
	month: 'MMM yyyy',
	year: 'yyyy',
	range: 'd MMM HH:mm',
};

/** The items of the periods: a report's whole-range total is left out when it also has periods. */
function periodItems(items: IDataObject[]): IDataObject[] {
	const buckets = items.filter((item) => item.granularity !== 'range');
	return buckets.length ? buckets : items;
}

/** Periods in time order. */
function periodRows(items: IDataObject[], plan: ChartPlan): Row[] {
	const dated = periodItems(items).filter((item) => typeof item.period_start === 'string');
	const rows = new Map<string, Row>();
	for (const item of dated) {
		const start = DateTime.fromISO(String(item.period_start), { zone: plan.subject.timezone });
		const format = LABEL_FORMATS[String(item.granularity)] ?? LABEL_FORMATS.range;
		const spansDays = item.granularity === 'hour' && dated.length > 24;
		const label = start.toFormat(spansDays ? 'd MMM HH:mm' : format);
		const row = addUp(rows, String(item.period_start), item, plan.figures);
		row.label = label;
		row.start = start.toMillis();
	}
	return [...rows.values()].sort((a, b) => a.start! - b.start!);
}

/** Groups with the most of the last figure (failures) first; past twelve, the rest as "other". */
function groupRows(items: IDataObject[], plan: ChartPlan): Row[] {
	const rows = new Map<string, Row>();
	for (const item of items) addUp(rows, plan.groupOf!(item), item, plan.figures);
	const [first] = plan.figures;
	const last = plan.figures[plan.figures.length - 1];
	const sorted = [...rows.values()].sort(
		(a, b) => b.sums[last.key] - a.sums[last.key] || b.sums[first.key] - a.sums[first.key],
	);
	if (sorted.length <= MAX_GROUPS) return sorted;
	const rest = sorted.slice(MAX_GROUPS - 1);
	const other: Row = { label: `other (${rest.length})`, sums: {} };
	for (const figure of plan.figures)
		other.sums[figure.key] = rest.reduce((total, row) => total + row.sums[figure.key], 0);
	return [...sorted.slice(0, MAX_GROUPS - 1), other];
}

/** The span of the range asked for and of the items' periods together. */
export function periodOf(items: IDataObject[], subject: ChartSubject): Period | undefined {
	const zone = subject.timezone;
	const times = (key: string) =>
		items
			.map((item) => item[key])
			.filter((value) => typeof value === 'string')
			.map((value) => DateTime.fromISO(String(value), { zone }));
	const starts = [
		...times('period_start'),
		...(subject.range ? [subject.range.start.setZone(zone)] : []),
	];
	const ends = [
		...times('period_end'),
		...(subject.range ? [subject.range.end.setZone(zone)] : []),
	];
	if (!starts.length || !ends.length) return undefined;
	return { start: DateTime.min(...starts)!, end: DateTime.max(...ends)! };
}

const isMidnight = (time: DateTime) => time.equals(time.startOf('day'));

/** The last day a period covers: one that ends at midnight ends on the day before. */
const lastDayOf = (period: Period) =>
	isMidnight(period.end) ? period.end.minus({ days: 1 }) : period.end;

/** "1 Nov 2026 to 30 Nov 2026, Europe/Berlin": a range of whole days names its last day. */
function describeRange(subject: ChartSubject, period?: Period): string {
	if (!period) return subject.timezone;
	const wholeDays = isMidnight(period.start) && isMidnight(period.end);
	const format = wholeDays ? 'd MMM yyyy' : 'd MMM yyyy HH:mm';
	const end = wholeDays ? lastDayOf(period) : period.end;
	const start = period.start.toFormat(format);
	const span = start === end.toFormat(format) ? start : `${start} to ${end.toFormat(format)}`;
	return `${span}, ${subject.timezone}`;
}

function titleOf(subject: ChartSubject): string {
	return [subject.provider, subject.channel, subject.report].filter(Boolean).join(' ');
}

/**
 * The chart of an operation's items, by its plan. The period, the file name and the totals
 * all read the span of the items: a caller that needs more than one passes it, read once.
 */
export function chartOf(
	items: IDataObject[],
	plan: ChartPlan,
	period = periodOf(items, plan.subject),
): Chart {
	const entries = plan.entriesOf?.(items) ?? items;
	const rows = plan.groupOf ? groupRows(entries, plan) : periodRows(entries, plan);
	const bars: Measure[] = plan.figures.map((figure) => ({
		name: figure.name,
		colour: figure.colour,
		values: rows.map((row) => row.sums[figure.key]),
	}));
	const keys = plan.figures.map((figure) => figure.key);
	const delivery = keys.includes('sent') && keys.includes('failed');
	return {
		kind: plan.groupOf ? 'groups' : 'series',
		title: titleOf(plan.subject),
		subtitle: describeRange(plan.subject, period),
		labels: rows.map((row) => row.label),
		bars,
		rate: delivery
			? {
					name: 'Failure rate (right axis)',
					values: rows.map((row) =>
						row.sums.sent > 0 ? (row.sums.failed / row.sums.sent) * 100 : null,
					),
				}
			: undefined,
	};
}

/** "betatel-whatsapp-statistics-2026-11-01-to-2026-11-30.png": what, and which days. */
export function chartFileName(
	items: IDataObject[],
	subject: ChartSubject,
	period = periodOf(items, subject),
): string {
	const days = period
		? [period.start, lastDayOf(period)]
				.map((time) => time.toFormat('yyyy-MM-dd'))
				.filter((day, index, all) => all.indexOf(day) === index)
				.join('-to-')
		: '';
	const words = [subject.provider, subject.channel, subject.report, days].filter(Boolean);
	const name = words
		.join('-')
		.toLowerCase()
		.replace(/[^a-z0-9-]+/g, '-')
		.replace(/-+/g, '-');
	return `${name}.png`;
}

/** The sum of a figure over the items that carry it; null when none does. */
function sumOf(items: IDataObject[], key: string): number | null {
	const values = items.map((item) => toNumber(item[key])).filter((value) => value !== null);
	return values.length ? values.reduce((total, value) => total + value, 0) : null;
}

/**
 * One item of the range's totals, in the normalized columns (rates worked out from the sums),
 * followed by the sum of each charted figure that is not one of them.
 */
export function totalsOf(
	allItems: IDataObject[],
	plan: ChartPlan,
	period = periodOf(allItems, plan.subject),
): IDataObject {
	const items = plan.groupOf ? allItems : periodItems(allItems);
	const first = items[0] ?? {};
	const sum = (key: string) => sumOf(items, key);
	const context = Object.fromEntries(
		['provider', 'channel', 'report', 'account'].map((key) => [key, first[key] ?? null]),
	) as unknown as StatsContext;
	const figures = Object.fromEntries(
		[
			'sent',
			'delivered',
			'failed',
			'read',
			'received',
			'conversations',
			'conversations_marketing',
			'conversations_service',
			'conversations_incoming',
			'cost',
		].map((key) => [key, sum(key)]),
	);
	const currencies = new Set(items.map((item) => item.currency).filter(Boolean));
	const entries = plan.entriesOf?.(allItems) ?? items;
	const extra = Object.fromEntries(
		plan.figures
			.filter((figure) => !(STATS_COLUMNS as readonly string[]).includes(figure.key))
			.map((figure) => [figure.key, sumOf(entries, figure.key)]),
	);
	return statsItem(
		{
			...context,
			granularity: 'range',
			period_start: period ? isoWithOffset(period.start) : null,
			period_end: period ? isoWithOffset(period.end) : null,
			timezone: plan.subject.timezone,
		},
		// Amounts in different currencies do not add up: their sum is left out.
		currencies.size > 1
			? { ...figures, cost: null, currency: null }
			: { ...figures, currency: currencies.size ? String([...currencies][0]) : null },
		extra,
	);
}
