import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import type { RequestContext } from '../../shared/credentials';
import { implausibleFigure, unexpectedResponse } from '../../shared/http/errors';
import { providerRequest } from '../../shared/http/request';
import type { ProviderProfile, ProviderResponse, RequestCall } from '../../shared/http/types';
import type { Channel } from '../../shared/normalize';
import type { NumberedPage, RecordSource } from '../pagination';
import { recordKey } from './records';

export {
	deliveryRecordItem,
	RECORD_UUID_PATTERN,
	recipientFilter,
	recordKey,
	recordTime,
} from './records';

export const BETATEL_CREDENTIAL = 'betatelApi';
export const DEFAULT_BETATEL_URL = 'https://api.betatel.com';

export const BETATEL: ProviderProfile = {
	displayName: 'Betatel',
	credential: {
		type: BETATEL_CREDENTIAL,
		displayName: 'Betatel Connect Hub API',
		required: { apiKey: 'API Key', accountId: 'Account ID' },
		secretFields: ['apiKey'],
		baseUrl: { field: 'baseUrl', label: 'Base URL', default: DEFAULT_BETATEL_URL },
	},
	hints: {
		401: 'Check the API key and account ID in the credential.',
		402: 'The Betatel account has insufficient balance.',
		403: 'The API key is valid but not allowed this call: check the account ID in the credential.',
		404: 'Nothing was found at that address: check the UUID, and the base URL in the credential.',
	},
};

/** Where `path` lies on the API: below /api/v1/connect-hub/. */
const connectHubPath = (path: string) => `/api/v1/connect-hub/${path.replace(/^\/+/, '')}`;

/** Calls Connect Hub at `path`, below /api/v1/connect-hub/. */
export async function betatelRequest(
	context: RequestContext,
	method: IHttpRequestMethods,
	path: string,
	body: IDataObject | undefined,
	call: RequestCall = {},
): Promise<ProviderResponse> {
	return await providerRequest(context, BETATEL, {
		method,
		path: connectHubPath(path),
		body,
		...call,
	});
}

/** The largest page the WDR/TDR lists serve. */
export const MAX_ROWS_PER_PAGE = 100;

/** WhatsApp calls its records WDRs, Telegram TDRs; the routes follow the names. */
export function recordPath(channel: Channel, uuid?: string): string {
	const kind = channel === 'telegram' ? 'tdr' : 'wdr';
	return uuid ? `${channel}/${uuid}/${kind}` : `${channel}/${kind}`;
}

export interface RecordQuery {
	channel: Channel;
	filter: IDataObject;
	sortBy: string;
	sortDirection: 'ASC' | 'DESC';
}

/**
 * The list newest first, as the reads that stop at a time need it (Summarize, the trigger's
 * windows and cursors): the newest records are on page 1 and a time cutoff ends the read.
 */
export const newestFirst = (channel: Channel, filter: IDataObject = {}): RecordQuery => ({
	channel,
	filter,
	sortBy: 'timestamp',
	sortDirection: 'DESC',
});

/**
 * The WDR/TDR list of a query, as pagination reads it: the one place that knows how a page
 * of it is asked for. Pagination hands each request its pace and its retry budget.
 */
export function recordSource(
	context: RequestContext,
	query: RecordQuery,
	itemIndex = 0,
): RecordSource {
	return {
		fetchPage: async (page, size, call = {}) => {
			const body: IDataObject = {
				page,
				rows_per_page: size,
				sort_by: query.sortBy,
				sort_direction: query.sortDirection,
			};
			if (Object.keys(query.filter).length) body.filter = query.filter;
			const response = await betatelRequest(context, 'POST', recordPath(query.channel), body, {
				itemIndex,
				...call,
			});
			return checkedPage(context, response.body, size, itemIndex);
		},
		maxPageSize: MAX_ROWS_PER_PAGE,
		keyOf: recordKey,
	};
}

/**
 * A list page whose figures can drive the read: `total` and `total_pages` whole numbers from
 * 0, and no more pages than the records fill (plus one, for a list that grows during the
 * read), so that a lying header cannot plan requests for pages that hold nothing.
 */
function checkedPage(
	context: RequestContext,
	answer: unknown,
	size: number,
	itemIndex: number,
): NumberedPage {
	const wrapper = answer as IDataObject | undefined;
	if (!wrapper || !Array.isArray(wrapper.list)) {
		throw unexpectedResponse(context, BETATEL, 'a list of delivery records', itemIndex);
	}
	const implausible = (what: string) => implausibleFigure(context, BETATEL, what, itemIndex);
	const figure = (name: string) => {
		const value = wrapper[name];
		if (value === undefined || value === null) return undefined;
		if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
		throw implausible(`${name} ${String(value).slice(0, 40)}`);
	};
	const total = figure('total');
	const totalPages = figure('total_pages');
	if (total !== undefined && totalPages !== undefined && totalPages > Math.ceil(total / size) + 1)
		throw implausible(`total_pages ${totalPages} for ${total} records at ${size} a page`);
	return {
		items: wrapper.list as IDataObject[],
		hasNextPage: wrapper.has_next_page === true,
		totalPages,
		total,
	};
}
