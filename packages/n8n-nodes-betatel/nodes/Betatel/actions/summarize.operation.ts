import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { chartFieldField, outputField, readOutput, withChart } from '../../shared/chart/output';
import { fieldsNamed, readRangeIn, readTimeZone, timeZoneField } from '../../shared/descriptions';
import type { OperationOutput } from '../../shared/execute';
import { foldRecords } from '../pagination';
import { channelWords, readChannel } from './common.descriptions';
import {
	RecordSummary,
	summaryChartPlan,
	type GroupField,
	type TimeGrouping,
} from '../helpers/recordSummary';
import { newestFirst, recordSource } from '../transport';
import {
	concurrencyFields,
	listFilterFields,
	readConcurrency,
	readListFilter,
} from './records.descriptions';
import { readField } from '../../shared/parameters';
import { DATES_FOR_MODELS } from '../../shared/tool';

const groupByField: INodeProperties = {
	displayName: 'Group By',
	name: 'groupBy',
	type: 'multiOptions',
	options: [
		{ name: 'Country', value: 'country' },
		{ name: 'Network', value: 'network' },
		{ name: 'Status', value: 'status' },
	],
	default: ['network'],
	description:
		'One item per combination of these; none gives one item for the whole range. Delivery-time median and p95 (WhatsApp) count delivered and read records only: an undelivered message has no delivery time.',
};

const timeGroupingField: INodeProperties = {
	displayName: 'Split By Time',
	name: 'timeGrouping',
	type: 'options',
	options: [
		{ name: 'No', value: 'none' },
		{ name: 'Per Hour', value: 'hour' },
		{ name: 'Per Day', value: 'day' },
	],
	default: 'none',
	description:
		'Whether each group is also split by the hour or day of its records, in the time zone',
};

const summaryOutputField = outputField({ raw: false });

const properties: INodeProperties[] = [
	{
		displayName: 'Created After',
		name: 'createdAfter',
		type: 'dateTime',
		required: true,
		default: '={{ $now.minus({ hours: 1 }) }}',
		description:
			'Records created at or after this time count; a time without an offset is read in the time zone below',
	},
	{
		displayName: 'Created Before',
		name: 'createdBefore',
		type: 'dateTime',
		required: true,
		default: '={{ $now }}',
		description: 'Records created before this time count',
	},
	groupByField,
	timeGroupingField,
	timeZoneField,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: listFilterFields,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: concurrencyFields,
	},
	summaryOutputField,
	chartFieldField,
];

const rangeFields = fieldsNamed(properties, 'createdAfter', 'createdBefore');

export const value = 'summarize';

export function entry(resource: string) {
	const { label, record } = channelWords(resource);
	return {
		name: 'Summarize',
		description: `Count ${label} delivery records (${record}s) of a time range per status, country, network, hour or day, with failure rates`,
		action: `Summarize ${label} delivery records`,
	};
}

export function toolText(resource: string): string {
	const { label } = channelWords(resource);
	return [
		`Counts the ${label} delivery records of Betatel Connect Hub created from Created After (included) to Created Before (excluded), one item per group: Group By any of network, country, status (none: one item for the range), optionally split per hour or day.`,
		`Each item has sent, delivered, read, failed, failure_rate and success_rate (percent of sent), the group's keys${resource === 'whatsapp' ? ', delivery_time_median_ms and delivery_time_p95_ms' : ''}.`,
		DATES_FOR_MODELS,
		'Left at its defaults it covers the last hour, by network. Use it for how many messages failed, or which network or country fails.',
	].join(' ');
}

export const description = updateDisplayOptions(
	{ show: { resource: ['whatsapp', 'telegram'], operation: [value] } },
	properties,
);

/**
 * Reads every record of the range, newest first, and folds each page into the groups as
 * it arrives: the records themselves are never held, so a million cost what ten thousand do.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<OperationOutput[]> {
	const channel = readChannel(this, itemIndex);
	const timezone = readTimeZone(this, itemIndex);
	const fields = readField<GroupField[]>(this, groupByField, itemIndex);
	const timeGrouping = readField<TimeGrouping | 'none'>(this, timeGroupingField, itemIndex);
	const time = timeGrouping === 'none' ? undefined : timeGrouping;
	const { start: from, end: to } = readRangeIn(this, itemIndex, rangeFields, timezone, time);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const filter = readListFilter(this, itemIndex, channel, filters);
	const concurrency = readConcurrency(this, itemIndex);
	const output = readOutput(this, itemIndex, summaryOutputField);

	const summary = new RecordSummary({
		channel,
		from,
		to,
		fields,
		time,
		timezone,
		account: typeof filter.to === 'string' ? filter.to : null,
	});
	await foldRecords({
		...recordSource(this, newestFirst(channel, filter), itemIndex),
		concurrency,
		fold: summary.add,
		cutoff: summary.cutoff,
	});
	const plan = summaryChartPlan({ channel, fields, timezone, range: { start: from, end: to } });
	return await withChart(this, itemIndex, summary.items(), output, plan);
}
