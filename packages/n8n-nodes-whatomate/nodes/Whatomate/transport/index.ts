import type { IDataObject } from 'n8n-workflow';

import type { RequestContext } from '../../shared/credentials';
import { errorScope, providerError, unexpectedResponse } from '../../shared/http/errors';
import { providerRequest } from '../../shared/http/request';
import type { ProviderProfile } from '../../shared/http/types';

export const WHATOMATE_CREDENTIAL = 'whatomateApi';

/** Accepts what people paste: trailing slashes and a trailing /api. */
export function whatomateBaseUrl(instanceUrl: string): string {
	return instanceUrl
		.trim()
		.replace(/\/+$/, '')
		.replace(/\/api$/i, '');
}

export const WHATOMATE: ProviderProfile = {
	displayName: 'Whatomate',
	credential: {
		type: WHATOMATE_CREDENTIAL,
		displayName: 'Whatomate API',
		required: { apiKey: 'API Key' },
		secretFields: ['apiKey'],
		baseUrl: { field: 'instanceUrl', label: 'Instance URL', normalize: whatomateBaseUrl },
	},
	hints: {
		401: 'Check the API key in the credential: it may have been revoked, or belong to another instance.',
		403: "The API key's user is not allowed this report: only admins create keys, so that user has most likely lost the admin or manager role since. Check the user's role in Whatomate, or create a key as an admin.",
	},
};

/**
 * GETs an analytics report and returns its `data`. Current releases answer 501 for
 * reports they have not implemented and older ones 404 for reports they never had: both
 * become an error that names the report instead of a bare status.
 */
export async function whatomateReport(
	context: RequestContext,
	report: { name: string; path: string },
	qs: IDataObject,
	itemIndex: number,
): Promise<IDataObject> {
	const response = await providerRequest(context, WHATOMATE, {
		method: 'GET',
		path: report.path,
		qs,
		itemIndex,
		passStatuses: [404, 501],
	});
	if (response.statusCode === 404 || response.statusCode === 501) {
		throw providerError(await errorScope(context, WHATOMATE, itemIndex), response, {
			message: `this server does not provide the ${report.name} report (GET ${report.path})`,
			hint: `Its Whatomate version does not implement ${report.name}; upgrade the server, or use another report.`,
		});
	}
	const body = response.body as IDataObject | undefined;
	const data =
		body && typeof body === 'object' ? ((body.data as IDataObject | undefined) ?? body) : undefined;
	if (!data || typeof data !== 'object' || Array.isArray(data)) {
		throw unexpectedResponse(context, WHATOMATE, `the ${report.name} data`, itemIndex);
	}
	return data;
}
