import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { statsFigures } from '../../shared/chart/fromItems';
import { chartedOutputFields, OUTPUT, readOutput, withChart } from '../../shared/chart/output';
import type { OperationOutput } from '../../shared/execute';
import { readField } from '../../shared/parameters';
import type { StatsFigures } from '../../shared/normalize';
import { whatomateReport } from '../transport';
import {
	chartSubject,
	rangeQuery,
	remainder,
	bucketedItems,
	type DayRange,
	type TimelineUnit,
	whatomateItem,
	wholeDays,
} from '../helpers/reports';
import {
	accountIdField,
	bucketSizeField,
	dateRangeFields,
	RANGE_FOR_MODELS,
	readAccountId,
	readDateRange,
} from './common.descriptions';

const granularityField = bucketSizeField(
	{ displayName: 'Granularity', name: 'granularity', description: 'Size of each timeline bucket' },
	['hour', 'day', 'week', 'month'],
);

const includeField: INodeProperties = {
	displayName: 'Include',
	name: 'include',
	type: 'options',
	options: [
		{
			name: 'Summary and Timeline',
			value: 'both',
			description: 'One summary item, then one item per bucket',
		},
		{
			name: 'Summary Only',
			value: 'summary',
			description: 'One item with the totals and the counts by type',
		},
		{ name: 'Timeline Only', value: 'timeline', description: 'One item per bucket' },
	],
	default: 'both',
	displayOptions: { show: { output: ['normalized'] } },
};

const properties: INodeProperties[] = [
	...dateRangeFields,
	granularityField,
	accountIdField,
	includeField,
	...chartedOutputFields,
];

export const value = 'getMessageAnalytics';

export const entry = () => ({
	name: 'Get Message Analytics',
	description: 'Messages sent, delivered, read and failed, with a timeline',
	action: 'Get message analytics',
});

export const toolText = () =>
	`Returns Whatomate message analytics: a summary item (granularity range) and one item per day, week or month, each with sent, received, delivered, read, failed and the rates (percent of sent). ${RANGE_FOR_MODELS}`;

export const description = updateDisplayOptions(
	{ show: { resource: ['analytics'], operation: [value] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<OperationOutput[]> {
	// Read first: a bad value given by expression is refused before any request.
	const output = readOutput(this, itemIndex);
	const range = readDateRange(this, itemIndex);
	const accountId = readAccountId(this, itemIndex);
	const unit = readField<TimelineUnit>(this, granularityField, itemIndex);
	const qs = { ...rangeQuery(range, accountId), granularity: unit };
	const data = await whatomateReport(
		this,
		{ name: 'message analytics', path: '/api/analytics/messages' },
		qs,
		itemIndex,
	);
	if (output.choice === OUTPUT.raw) return [data];

	const include = readField(this, includeField, itemIndex);
	const items = [
		...(include !== 'timeline' ? [summaryItem(data, accountId, range)] : []),
		...(include !== 'summary' ? timelineItems(data, accountId, unit) : []),
	];
	return await withChart(this, itemIndex, items, output, {
		subject: chartSubject('messages', range),
		figures: statsFigures(items),
	});
}

const MESSAGE_FIGURES = ['sent', 'received', 'delivered', 'read', 'failed'] as const;

/**
 * The message counts of the summary (`total_sent` …) or of a timeline entry (`sent` …), and
 * the keys they were read from, which the item does not repeat among its other fields.
 */
function messageFigures(source: IDataObject, prefix: '' | 'total_') {
	const keys = MESSAGE_FIGURES.map((figure) => `${prefix}${figure}`);
	const figures: StatsFigures = {};
	MESSAGE_FIGURES.forEach((figure, index) => (figures[figure] = source[keys[index]] as number));
	return { figures, keys };
}

/** The range's totals, with the counts by type. */
function summaryItem(data: IDataObject, accountId: string, range: DayRange): IDataObject {
	const summary = (data.summary ?? {}) as IDataObject;
	const { figures, keys } = messageFigures(summary, 'total_');
	return whatomateItem({
		report: 'messages',
		account: accountId,
		granularity: 'range',
		period: wholeDays(range),
		figures,
		extra: {
			...remainder(summary, keys),
			by_type: (data.by_type as IDataObject | undefined) ?? null,
		},
	});
}

/** One item per timeline bucket, each with the period it covers. */
function timelineItems(data: IDataObject, accountId: string, unit: TimelineUnit): IDataObject[] {
	const timeline = (data.timeline as IDataObject[] | undefined) ?? [];
	return bucketedItems(timeline, unit, (entry) => {
		const { figures, keys } = messageFigures(entry, '');
		return {
			report: 'messages',
			account: accountId,
			figures,
			extra: remainder(entry, ['date', ...keys]),
		};
	});
}
