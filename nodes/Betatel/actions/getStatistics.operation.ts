import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { unexpectedResponse } from '../../shared/http';

import { outputFormatField, wantsRawOutput, timeZoneField } from '../../shared/descriptions';
import { statsItem, type Channel, type Granularity } from '../../shared/normalize';
import { calendarBuckets, isoWithOffset, type CalendarUnit } from '../../shared/timeBuckets';
import {
	assertOrdered,
	invalidField,
	parseDateTime,
	resolveTimeZone,
} from '../../shared/validation';
import { BETATEL, betatelRequest } from '../transport';

/** Types grouped by calendar unit: one entry per interval of a start..end range. */
const INTERVAL_TYPES: Record<string, CalendarUnit> = {
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

export const STAT_TYPE_OPTIONS = [
	{ name: 'Today', value: 'today', description: 'Totals since midnight in the time zone' },
	{ name: 'Hourly', value: 'hourly', description: 'One entry per hour from start to end' },
	{ name: 'Daily', value: 'daily', description: 'One entry per day from start to end' },
	{ name: 'Weekly', value: 'weekly', description: 'One entry per ISO week (Monday first)' },
	{ name: 'Monthly', value: 'monthly', description: 'One entry per month from start to end' },
	{ name: 'Yearly', value: 'yearly', description: 'One entry per year from start to end' },
	{ name: 'Last Minute', value: 'lastm' },
	{ name: 'Last 5 Minutes', value: 'last5m' },
	{ name: 'Last 10 Minutes', value: 'last10m' },
	{ name: 'Last 30 Minutes', value: 'last30m' },
	{ name: 'Last Hour', value: 'lasth' },
	{ name: 'Last 12 Hours', value: 'last12h' },
	{ name: 'Last 24 Hours', value: 'last24h' },
	{ name: 'Last 30 Days', value: 'lastmonth' },
];

const intervalTypes = Object.keys(INTERVAL_TYPES);

const properties: INodeProperties[] = [
	{
		displayName: 'Period',
		name: 'statType',
		type: 'options',
		options: STAT_TYPE_OPTIONS,
		default: 'daily',
		description:
			'How the figures are grouped: per interval over a range, or one total over a recent window',
	},
	{
		displayName: 'Start',
		name: 'startTime',
		type: 'dateTime',
		required: true,
		default: '={{ $today.minus({ days: 7 }) }}',
		description: 'Start of the range; a time without an offset is read in the time zone below',
		displayOptions: { show: { statType: intervalTypes } },
	},
	{
		displayName: 'End',
		name: 'endTime',
		type: 'dateTime',
		required: true,
		default: '={{ $now }}',
		description: 'End of the range, included: its interval is the last one returned',
		displayOptions: { show: { statType: intervalTypes } },
	},
	timeZoneField,
	outputFormatField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['whatsapp', 'telegram'], operation: ['getStatistics'] } },
	properties,
);

/** The window a total-type entry covers: it ends when the request is sent. */
function windowEndingAt(
	statType: string,
	requestedAt: DateTime,
): { start: DateTime; end: DateTime } {
	const minutes = WINDOW_MINUTES[statType];
	const start = minutes === undefined ? requestedAt.startOf('day') : requestedAt.minus({ minutes });
	return { start, end: requestedAt };
}

interface ExpectedPeriods {
	granularity: Granularity;
	periods: Array<{ start: DateTime; end: DateTime }>;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const node = this.getNode();
	const channel = this.getNodeParameter('resource', itemIndex) as Channel;
	const statType = String(this.getNodeParameter('statType', itemIndex)).trim().toLowerCase();
	if (!STAT_TYPE_OPTIONS.some((option) => option.value === statType)) {
		throw invalidField(
			node,
			itemIndex,
			'Period',
			`"${statType}" is not a Betatel stat type`,
			`Use one of: ${STAT_TYPE_OPTIONS.map((option) => option.value).join(', ')}.`,
		);
	}
	const timezone = resolveTimeZone(
		this,
		itemIndex,
		'Time Zone',
		this.getNodeParameter('timezone', itemIndex, ''),
	);

	const body: IDataObject = { type: statType, timezone };
	let expected: ExpectedPeriods;
	const unit = INTERVAL_TYPES[statType];
	if (unit) {
		const start = parseDateTime(
			node,
			itemIndex,
			'Start',
			this.getNodeParameter('startTime', itemIndex),
			timezone,
		);
		const end = parseDateTime(
			node,
			itemIndex,
			'End',
			this.getNodeParameter('endTime', itemIndex),
			timezone,
		);
		assertOrdered(node, itemIndex, { field: 'Start', value: start }, { field: 'End', value: end });
		body.start_time = start.toUTC().toISO();
		body.end_time = end.toUTC().toISO();
		expected = { granularity: unit, periods: calendarBuckets(start, end, unit, timezone) };
	} else {
		expected = {
			granularity: 'range',
			periods: [windowEndingAt(statType, DateTime.now().setZone(timezone))],
		};
	}

	const response = await betatelRequest.call(this, 'POST', `${channel}/stats`, body, itemIndex);

	const entries = response.body;
	if (!Array.isArray(entries)) {
		throw unexpectedResponse(this, BETATEL, 'a list of statistics', itemIndex);
	}
	if (wantsRawOutput(this, itemIndex)) return entries as IDataObject[];

	const matched = entries.length === expected.periods.length;
	if (!matched) {
		this.addExecutionHints({
			message: `Betatel returned ${entries.length} ${channel} statistics entries where ${expected.periods.length} ${statType} intervals were expected, so the entries carry no period: use bucket_index, their position in the response.`,
			location: 'outputPane',
		});
	}
	return (entries as IDataObject[]).map((entry, index) => {
		const period = matched ? expected.periods[index] : undefined;
		return statsItem(
			{
				provider: 'betatel',
				channel,
				report: 'stats',
				account: null,
				granularity: expected.granularity,
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
}
