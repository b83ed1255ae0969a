import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { chartedOutputFields, OUTPUT, readOutput, withChart } from '../../shared/chart/output';
import { statsFigures } from '../../shared/chart/fromItems';
import { fieldsNamed, readRangeIn, readTimeZone, timeZoneField } from '../../shared/descriptions';
import type { OperationOutput } from '../../shared/execute';
import { CHANNEL_NAMES } from '../../shared/normalize';
import { invalidField } from '../../shared/validation';
import { INTERVAL_TYPES, readStatistics, type StatsQuery } from '../helpers/statistics';
import { channelWords, readChannel, STAT_TYPE_OPTIONS } from './common.descriptions';
import { DATES_FOR_MODELS } from '../../shared/tool';

const intervalTypes = Object.keys(INTERVAL_TYPES);

const statTypeField: INodeProperties = {
	displayName: 'Period',
	name: 'statType',
	type: 'options',
	options: STAT_TYPE_OPTIONS,
	default: 'daily',
	description:
		'How the figures are grouped: per interval over a range, or one total over a recent window',
};

const properties: INodeProperties[] = [
	statTypeField,
	{
		displayName: 'Start',
		name: 'startTime',
		type: 'dateTime',
		required: true,
		default: '={{ $today.minus({ days: 7 }) }}',
		description: 'Start of the range; a time without an offset is read in the time zone below',
		displayOptions: { show: { statType: intervalTypes } },
	},
	// Version 1 ends its default range now, so its last interval is the one under way (a part
	// of today); from 1.1 on the default ends yesterday, and the last bar is a whole day.
	{
		displayName: 'End',
		name: 'endTime',
		type: 'dateTime',
		required: true,
		default: '={{ $now }}',
		description: 'End of the range, included: its interval is the last one returned',
		displayOptions: { show: { statType: intervalTypes, '@version': [1] } },
	},
	{
		displayName: 'End',
		name: 'endTime',
		type: 'dateTime',
		required: true,
		default: '={{ $today.minus({ days: 1 }) }}',
		description:
			'End of the range, included: its interval is the last one returned. The default, yesterday, leaves out today, which is not over.',
		displayOptions: { show: { statType: intervalTypes, '@version': [{ _cnd: { gte: 1.1 } }] } },
	},
	timeZoneField,
	...chartedOutputFields,
];

const rangeFields = fieldsNamed(properties, 'startTime', 'endTime');

export const value = 'getStatistics';

export function entry(resource: string) {
	const { label } = channelWords(resource);
	return {
		name: 'Get Statistics',
		description: `Get ${label} delivery statistics for a period`,
		action: `Get ${label} statistics`,
	};
}

export function toolText(resource: string): string {
	const { label } = channelWords(resource);
	return [
		`Returns ${label} message delivery statistics from Betatel Connect Hub: one item per period with period_start and period_end (ISO 8601 with offset, end exclusive), sent, delivered, failed, success_rate and failure_rate (percent of sent, 2 decimals), cost and currency.`,
		'Period is one of daily, hourly, weekly, monthly, yearly (these need Start and End; the period holding End is included) or today, lastm, last5m, last10m, last30m, lasth, last12h, last24h, lastmonth (one total up to now; Start and End are not used).',
		DATES_FOR_MODELS,
		"Left at its defaults it returns one item per day for the last 7 days and today. For yesterday: Period daily, with Start and End both yesterday's date.",
	].join(' ');
}

export const description = updateDisplayOptions(
	{ show: { resource: ['whatsapp', 'telegram'], operation: [value] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<OperationOutput[]> {
	// Read first: a bad value given by expression is refused before any request.
	const output = readOutput(this, itemIndex);
	const node = this.getNode();
	const channel = readChannel(this, itemIndex);
	const statType = String(this.getNodeParameter(statTypeField.name, itemIndex))
		.trim()
		.toLowerCase();
	if (!STAT_TYPE_OPTIONS.some((option) => option.value === statType)) {
		throw invalidField(
			node,
			itemIndex,
			statTypeField.displayName,
			`"${statType}" is not a Betatel stat type`,
			`Use one of: ${STAT_TYPE_OPTIONS.map((option) => option.value).join(', ')}.`,
		);
	}
	const timezone = readTimeZone(this, itemIndex);

	const unit = INTERVAL_TYPES[statType];
	const range: StatsQuery['range'] = unit
		? readRangeIn(this, itemIndex, rangeFields, timezone, unit)
		: undefined;
	const { entries, items, mismatch } = await readStatistics(
		this,
		{ channel, statType, timezone, range },
		itemIndex,
	);
	if (output.choice === OUTPUT.raw) return entries;
	if (mismatch) this.addExecutionHints({ message: mismatch, location: 'outputPane' });
	return await withChart(this, itemIndex, items, output, {
		subject: {
			provider: 'Betatel',
			channel: CHANNEL_NAMES[channel],
			report: 'statistics',
			timezone,
			range,
		},
		figures: statsFigures(items),
	});
}
