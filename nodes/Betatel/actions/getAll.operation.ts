import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readReturnAllAndLimit, returnAllAndLimit } from '../../shared/descriptions';
import { RetryBudget } from '../../shared/http';
import { readRecords } from '../../shared/pagination';
import {
	parseDateTime,
	parseJsonObject,
	requireIntegerInRange,
	requireOption,
} from '../../shared/validation';
import {
	deliveryRecordItem,
	readChannel,
	recipientFilter,
	recordKey,
	recordTime,
} from '../deliveryRecords';
import { MAX_ROWS_PER_PAGE, recordPage } from '../transport';
import { SORT_FIELDS, WHATSAPP_STATUS_OPTIONS } from './common.descriptions';

/** The most pages Return All has in flight: adaptive never goes beyond, fixed uses it. */
const MAX_CONCURRENCY = 16;

const concurrencyModeField: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrencyMode',
	type: 'options',
	options: [
		{
			name: 'Adaptive',
			value: 'adaptive',
			description:
				'Starts at 4 pages at once and finds the pace Betatel keeps up with: more while its answers stay fast, fewer when they slow down or it answers 429',
		},
		{
			name: 'Fixed',
			value: 'fixed',
			description:
				'Max Concurrent Requests pages at once, halved for a while only when Betatel answers 429 or 503',
		},
	],
	default: 'adaptive',
};

const whatsappStatusField: INodeProperties = {
	displayName: 'Status',
	name: 'status',
	type: 'options',
	default: 'FAILED',
	options: WHATSAPP_STATUS_OPTIONS,
	displayOptions: { show: { '/resource': ['whatsapp'] } },
};

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

const properties: INodeProperties[] = [
	...returnAllAndLimit(),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Created After',
				name: 'createdAfter',
				type: 'dateTime',
				default: '',
				description:
					'Only records whose timestamp is at or after this time; sorted by timestamp, newest first, the node stops reading there',
			},
			{
				displayName: 'Custom Filter (JSON)',
				name: 'custom',
				type: 'json',
				default: '{}',
				description:
					'More filter keys as a JSON object, for fields the two above do not cover; Status and Recipient take precedence',
			},
			{
				displayName: 'Recipient',
				name: 'to',
				type: 'string',
				default: '',
				placeholder: '+38761444555',
				description:
					'Only records sent to this number; spaces, dashes and a leading + are handled for you',
			},
			whatsappStatusField,
			{
				displayName: 'Status',
				name: 'status',
				type: 'string',
				default: '',
				placeholder: 'FAILED',
				description: 'Only records with this status, e.g. PENDING, SENT, DELIVERED or FAILED',
				displayOptions: { show: { '/resource': ['telegram'] } },
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { returnAll: [true] } },
		options: [
			concurrencyModeField,
			{
				displayName: 'Max Concurrent Requests',
				name: 'maxConcurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
				default: MAX_CONCURRENCY,
				description:
					'Pages read at the same time after the first, at most; 1 reads one page after another',
			},
		],
	},
	sortByField,
	sortDirectionField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['whatsapp', 'telegram'], operation: ['getAll'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const node = this.getNode();
	const channel = readChannel(this, itemIndex);
	const { returnAll, limit } = readReturnAllAndLimit(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const filter: IDataObject = {
		...parseJsonObject(node, itemIndex, 'Custom Filter (JSON)', filters.custom),
	};
	const status = String(filters.status ?? '')
		.trim()
		.toUpperCase();
	if (status && channel === 'whatsapp') {
		filter.status = requireOption(node, itemIndex, whatsappStatusField, status);
	} else if (status) {
		filter.status = status;
	}
	const to = recipientFilter(channel, filters.to);
	if (to) filter.to = to;
	const sortBy = requireOption(
		node,
		itemIndex,
		sortByField,
		this.getNodeParameter('sortBy', itemIndex, 'timestamp'),
	);
	const sortDirection = requireOption<'ASC' | 'DESC'>(
		node,
		itemIndex,
		sortDirectionField,
		this.getNodeParameter('sortDirection', itemIndex, 'DESC'),
	);

	const query = { channel, filter, sortBy, sortDirection };
	const newestFirst = sortBy === 'timestamp' && sortDirection === 'DESC';
	// The list API has no time filter: records before the cutoff are dropped here, and
	// when the list runs newest first the first such record ends the read.
	let stopAt: ((record: IDataObject) => boolean) | undefined;
	let accept: ((record: IDataObject) => boolean) | undefined;
	if (filters.createdAfter) {
		const cutoff = parseDateTime(
			node,
			itemIndex,
			'Created After',
			filters.createdAfter,
			this.getTimezone(),
		).toMillis();
		const before = (record: IDataObject) => recordTime(record) < cutoff;
		if (newestFirst) stopAt = before;
		else accept = (record) => !before(record);
	}
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const concurrency = returnAll
		? {
				max: requireIntegerInRange(
					node,
					itemIndex,
					'Max Concurrent Requests',
					options.maxConcurrency ?? MAX_CONCURRENCY,
					{ min: 1, max: MAX_CONCURRENCY },
				),
				adaptive:
					requireOption(
						node,
						itemIndex,
						concurrencyModeField,
						options.concurrencyMode ?? 'adaptive',
					) === 'adaptive',
			}
		: { max: 1, adaptive: false };

	const retryBudget = new RetryBudget();
	const { items } = await readRecords({
		fetchPage: async (page, size, onThrottle) =>
			await recordPage.call(
				this,
				query,
				{ number: page, size },
				{ itemIndex, onThrottle, retryBudget },
			),
		maxPageSize: MAX_ROWS_PER_PAGE,
		keyOf: recordKey,
		returnAll,
		limit,
		stopAt,
		accept,
		concurrency,
		newItemsAtHead: newestFirst,
	});
	return items.map((record) => deliveryRecordItem(channel, record));
}
