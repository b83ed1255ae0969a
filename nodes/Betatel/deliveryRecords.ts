import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import { unexpectedResponse, type RequestContext } from '../shared/http';
import type { Channel } from '../shared/normalize';
import type { NumberedPage } from '../shared/pagination';
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

/** The status choices of the WhatsApp list filter, labelled "Delivered" rather than "DELIVERED". */
export const WHATSAPP_STATUS_OPTIONS = WHATSAPP_STATUSES.map((status) => ({
	name: status.charAt(0) + status.slice(1).toLowerCase(),
	value: status,
}));

/** The two channels Betatel Connect Hub serves, as one picker for the node and the trigger. */
export const CHANNEL_OPTIONS = [
	{ name: 'Telegram', value: 'telegram' },
	{ name: 'WhatsApp', value: 'whatsapp' },
];

/** WhatsApp calls its records WDRs, Telegram TDRs; the routes follow the names. */
export function recordKind(channel: Channel): 'wdr' | 'tdr' {
	return channel === 'telegram' ? 'tdr' : 'wdr';
}

export function recordPath(channel: Channel, uuid?: string): string {
	const kind = recordKind(channel);
	return uuid ? `${channel}/${encodeURIComponent(uuid)}/${kind}` : `${channel}/${kind}`;
}

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

/** Reads one page of the WDR/TDR list, for the page walker. */
export function recordPageReader(
	context: RequestContext,
	query: RecordQuery,
	itemIndex = 0,
): (page: number, rowsPerPage: number, onThrottle?: () => void) => Promise<NumberedPage> {
	return async (page, rowsPerPage, onThrottle) => {
		const body: IDataObject = {
			page,
			rows_per_page: rowsPerPage,
			sort_by: query.sortBy,
			sort_direction: query.sortDirection,
		};
		if (Object.keys(query.filter).length) body.filter = query.filter;
		const response = await betatelRequest.call(
			context,
			'POST',
			recordPath(query.channel),
			body,
			itemIndex,
			onThrottle,
		);
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
