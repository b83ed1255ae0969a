import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Channel } from '../../shared/normalize';
import { MAX_CONCURRENCY, type ConcurrencySetting } from '../pagination';
import { parseJsonObject, requireOption } from '../../shared/validation';
import { recipientFilter } from '../transport';
import { WHATSAPP_STATUS_OPTIONS } from '../helpers/channels';
import { readField } from '../../shared/parameters';

// What Get Many and Summarize share: the record filters and how many pages at once.

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

const maxConcurrencyField: INodeProperties = {
	displayName: 'Max Concurrent Requests',
	name: 'maxConcurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
	default: MAX_CONCURRENCY,
	description:
		'Pages read at the same time after the first, at most; 1 reads one page after another',
};

export const concurrencyFields: INodeProperties[] = [concurrencyModeField, maxConcurrencyField];

const whatsappStatusField: INodeProperties = {
	displayName: 'Status',
	name: 'status',
	type: 'options',
	default: 'FAILED',
	options: WHATSAPP_STATUS_OPTIONS,
	displayOptions: { show: { '/resource': ['whatsapp'] } },
};

/** The filters Betatel's list applies itself. */
export const listFilterFields: INodeProperties[] = [
	{
		displayName: 'Custom Filter (JSON)',
		name: 'custom',
		type: 'json',
		default: '{}',
		description:
			'More filter keys as a JSON object, for fields the others do not cover; Status and Recipient take precedence',
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
];

/** The list's own filter from the Filters collection, every value checked. */
export function readListFilter(
	context: IExecuteFunctions,
	itemIndex: number,
	channel: Channel,
	filters: IDataObject,
): IDataObject {
	const node = context.getNode();
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
	return filter;
}

/** Concurrency and Max Concurrent Requests from the Options collection. */
export function readConcurrency(context: IExecuteFunctions, itemIndex: number): ConcurrencySetting {
	return {
		max: readField<number>(context, maxConcurrencyField, itemIndex, 'options'),
		adaptive: readField(context, concurrencyModeField, itemIndex, 'options') === 'adaptive',
	};
}
