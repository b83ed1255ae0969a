import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeProperties, IPollFunctions } from 'n8n-workflow';

import { RetryBudget, unexpectedResponse, type RequestContext } from '../shared/http';
import type { Channel } from '../shared/normalize';
import type { NumberedPage } from '../shared/pagination';
import { requireOption } from '../shared/validation';
import { BETATEL, betatelRequest } from './transport';

/** The largest page the WDR/TDR lists serve. */
export const MAX_ROWS_PER_PAGE = 100;

export const WHATSAPP_STATUSES = [
	'PENDING',
	'QUEUED',
	'SENT',
	'DELIVERED',
	'READ',
	'FAILED',
	'EXPIRED',
	'DELETED',
	'UNKNOWN',
];

/**
 * Betatel documents Telegram's statuses only as "PENDING, SENT, …"; these are the ones its
 * records are seen with. The trigger accepts others as text.
 */
export const TELEGRAM_STATUSES = ['PENDING', 'SENT', 'DELIVERED', 'FAILED', 'EXPIRED', 'UNKNOWN'];

/** Status choices labelled "Delivered" rather than "DELIVERED". */
const statusOptions = (statuses: string[]) =>
	statuses.map((status) => ({
		name: status.charAt(0) + status.slice(1).toLowerCase(),
		value: status,
	}));

export const WHATSAPP_STATUS_OPTIONS = statusOptions(WHATSAPP_STATUSES);
export const TELEGRAM_STATUS_OPTIONS = statusOptions(TELEGRAM_STATUSES);

/** The two channels Betatel Connect Hub serves, as one picker for the node and the trigger. */
export const CHANNEL_OPTIONS = [
	{ name: 'Telegram', value: 'telegram' },
	{ name: 'WhatsApp', value: 'whatsapp' },
];

export const triggerChannelField: INodeProperties = {
	displayName: 'Channel',
	name: 'channel',
	type: 'options',
	noDataExpression: true,
	options: CHANNEL_OPTIONS,
	default: 'whatsapp',
};

/** The trigger's Channel, checked like the node's Resource. */
export function readTriggerChannel(context: IPollFunctions): Channel {
	return requireOption<Channel>(
		context.getNode(),
		0,
		triggerChannelField,
		context.getNodeParameter('channel'),
	);
}

export const resourceField: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: CHANNEL_OPTIONS,
	default: 'whatsapp',
};

/** The node's Resource is its channel: checked, since a workflow's JSON can say anything. */
export function readChannel(context: IExecuteFunctions, itemIndex: number): Channel {
	return requireOption<Channel>(
		context.getNode(),
		itemIndex,
		resourceField,
		context.getNodeParameter('resource', itemIndex),
	);
}

/** WhatsApp calls its records WDRs, Telegram TDRs; the routes follow the names. */
export function recordKind(channel: Channel): 'wdr' | 'tdr' {
	return channel === 'telegram' ? 'tdr' : 'wdr';
}

export function recordPath(channel: Channel, uuid?: string): string {
	const kind = recordKind(channel);
	return uuid ? `${channel}/${uuid}/${kind}` : `${channel}/${kind}`;
}

/**
 * What a record's uuid can be. Anything else, "..", "." or a slash above all, would make
 * the path reach another endpoint of the API.
 */
export const RECORD_UUID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

export function deliveryRecordItem(channel: Channel, record: IDataObject): IDataObject {
	return { provider: 'betatel', channel, ...record };
}

/** WDRs carry the number without "+", TDRs in E.164 with it. */
export function recipientFilter(channel: Channel, value: unknown): string | undefined {
	const digits = String(value ?? '').replace(/[\s\-()+]/g, '');
	if (!digits) return undefined;
	return channel === 'telegram' ? `+${digits}` : digits;
}

export interface RecordQuery {
	channel: Channel;
	filter: IDataObject;
	sortBy: string;
	sortDirection: 'ASC' | 'DESC';
}

/**
 * Reads pages of the WDR/TDR list, for the page walker. Its pages share one retry budget:
 * a read that throttling slows down but does not stop goes on.
 */
export function recordPageReader(
	context: RequestContext,
	query: RecordQuery,
	itemIndex = 0,
): (page: number, rowsPerPage: number, onThrottle?: () => void) => Promise<NumberedPage> {
	const retryBudget = new RetryBudget();
	return async (page, rowsPerPage, onThrottle) => {
		const body: IDataObject = {
			page,
			rows_per_page: rowsPerPage,
			sort_by: query.sortBy,
			sort_direction: query.sortDirection,
		};
		if (Object.keys(query.filter).length) body.filter = query.filter;
		const response = await betatelRequest.call(context, {
			method: 'POST',
			path: recordPath(query.channel),
			body,
			itemIndex,
			onThrottle,
			retryBudget,
		});
		const wrapper = response.body as IDataObject | undefined;
		if (!wrapper || !Array.isArray(wrapper.list)) {
			throw unexpectedResponse(context, BETATEL, 'a list of delivery records', itemIndex);
		}
		return {
			items: wrapper.list as IDataObject[],
			hasNextPage: wrapper.has_next_page === true,
			totalPages: typeof wrapper.total_pages === 'number' ? wrapper.total_pages : undefined,
			total: typeof wrapper.total === 'number' ? wrapper.total : undefined,
		};
	};
}

/** A record's creation instant in milliseconds; NaN when it has none. */
export const recordTime = (record: IDataObject): number =>
	DateTime.fromISO(String(record.timestamp ?? '')).toMillis();

export const recordKey = (record: IDataObject): string | undefined =>
	typeof record.uuid === 'string' ? record.uuid : undefined;
