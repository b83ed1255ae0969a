import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readReturnAllAndLimit, returnAllAndLimit } from '../../shared/descriptions';
import { readRecords, type TimeCutoff } from '../pagination';
import { parseDateTime } from '../../shared/validation';
import { deliveryRecordItem, recordSource, recordTime } from '../transport';
import { SORT_FIELDS, WHATSAPP_STATUSES } from '../helpers/channels';
import { channelWords, readChannel } from './common.descriptions';
import {
	concurrencyFields,
	listFilterFields,
	readConcurrency,
	readListFilter,
} from './records.descriptions';
import { readField } from '../../shared/parameters';
import { DATES_FOR_MODELS } from '../../shared/tool';

const sortByField: INodeProperties = {
	displayName: 'Sort By',
	name: 'sortBy',
	type: 'options',
	options: SORT_FIELDS,
	default: 'timestamp',
};

const sortDirectionField: INodeProperties = {
	displayName: 'Sort Direction',
	name: 'sortDirection',
	type: 'options',
	options: [
		{ name: 'Newest First (DESC)', value: 'DESC' },
		{ name: 'Oldest First (ASC)', value: 'ASC' },
	],
	default: 'DESC',
};

const createdAfterField: INodeProperties = {
	displayName: 'Created After',
	name: 'createdAfter',
	type: 'dateTime',
	default: '',
	description:
		'Only records whose timestamp is at or after this time; sorted by timestamp, newest first, the node stops reading there',
};

const properties: INodeProperties[] = [
	...returnAllAndLimit(),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [createdAfterField, ...listFilterFields],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { returnAll: [true] } },
		options: concurrencyFields,
	},
	sortByField,
	sortDirectionField,
];

export const value = 'getAll';

export function entry(resource: string) {
	const { label, record } = channelWords(resource);
	return {
		name: 'Get Many',
		description: `List ${label} delivery records (${record}s), with filters`,
		action: `Get many ${label} delivery records`,
	};
}

export function toolText(resource: string): string {
	const { label, record, deliveryTime } = channelWords(resource);
	return [
		`Lists ${label} delivery records (${record}s) from Betatel Connect Hub, newest first, each with uuid, to, status, country, network, timestamp${deliveryTime}.`,
		resource === 'whatsapp'
			? `Status is one of ${WHATSAPP_STATUSES.join(', ')}.`
			: 'Status is e.g. PENDING, SENT, DELIVERED or FAILED.',
		`Created After keeps the records created at or after that time. ${DATES_FOR_MODELS}`,
		'Return All reads every matching record; otherwise Limit (1 to 10000) caps how many. To count messages rather than list them, use Summarize.',
	].join(' ');
}

export const description = updateDisplayOptions(
	{ show: { resource: ['whatsapp', 'telegram'], operation: [value] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const node = this.getNode();
	const channel = readChannel(this, itemIndex);
	const { returnAll, limit } = readReturnAllAndLimit(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const filter = readListFilter(this, itemIndex, channel, filters);
	const sortBy = readField<string>(this, sortByField, itemIndex);
	const sortDirection = readField<'ASC' | 'DESC'>(this, sortDirectionField, itemIndex);

	const query = { channel, filter, sortBy, sortDirection };
	const newestFirst = sortBy === 'timestamp' && sortDirection === 'DESC';
	// The list API has no time filter: records before the cutoff are dropped here, and
	// when the list runs newest first the first such record ends the read.
	let cutoff: TimeCutoff | undefined;
	let accept: ((record: IDataObject) => boolean) | undefined;
	if (filters.createdAfter) {
		const at = parseDateTime(
			node,
			itemIndex,
			createdAfterField.displayName,
			filters.createdAfter,
			this.getTimezone(),
		).toMillis();
		if (newestFirst) cutoff = { timeOf: recordTime, at };
		else accept = (record) => !(recordTime(record) < at);
	}
	const concurrency = returnAll ? readConcurrency(this, itemIndex) : { max: 1, adaptive: false };

	const { items } = await readRecords({
		...recordSource(this, query, itemIndex),
		returnAll,
		limit,
		cutoff,
		accept,
		concurrency,
		newItemsAtHead: newestFirst,
	});
	return items.map((record) => deliveryRecordItem(channel, record));
}
