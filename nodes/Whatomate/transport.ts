import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	joinUrl,
	providerError,
	sendWithRetry,
	unexpectedResponse,
	type ProviderProfile,
	type RequestContext,
} from '../shared/http';

export const WHATOMATE_CREDENTIAL = 'whatomateApi';

export const WHATOMATE: ProviderProfile = {
	displayName: 'Whatomate',
	credentialType: WHATOMATE_CREDENTIAL,
	hints: {
		401: 'Check the API key in the credential: it may have been revoked, or belong to another instance.',
		403: "The API key's role may not read analytics: create the key as an admin.",
	},
};

/** Accepts what people paste: trailing slashes and a trailing /api. */
export function whatomateBaseUrl(instanceUrl: string): string {
	return instanceUrl
		.trim()
		.replace(/\/+$/, '')
		.replace(/\/api$/i, '');
}

/**
 * GETs an analytics report and returns its `data`. Current releases answer 501 for
 * reports they have not implemented and older ones 404 for reports they never had: both
 * become an error that names the report instead of a bare status.
 */
export async function whatomateReport(
	this: RequestContext,
	report: { name: string; path: string },
	qs: IDataObject,
	itemIndex: number,
): Promise<IDataObject> {
	const credentials = await this.getCredentials(WHATOMATE_CREDENTIAL, itemIndex);
	const base = whatomateBaseUrl(String(credentials.instanceUrl ?? ''));
	if (!/^https?:\/\/[^/\s]+/i.test(base)) {
		throw new NodeOperationError(
			this.getNode(),
			`Instance URL in the credential: "${base}" is not an http:// or https:// address`,
			{ itemIndex },
		);
	}
	const response = await sendWithRetry.call(
		this,
		WHATOMATE,
		{
			method: 'GET',
			url: joinUrl(base, report.path),
			qs,
			passStatuses: [404, 501],
			secrets: [String(credentials.apiKey ?? '')],
		},
		itemIndex,
	);
	if (response.statusCode === 404 || response.statusCode === 501) {
		throw providerError(this, WHATOMATE, response, itemIndex, {
			message: `this server does not provide the ${report.name} report (GET ${report.path})`,
			hint: `Its Whatomate version does not implement ${report.name}; upgrade the server, or use another report.`,
		});
	}
	const body = response.body as IDataObject | undefined;
	const data =
		body && typeof body === 'object' ? ((body.data as IDataObject | undefined) ?? body) : undefined;
	if (!data || typeof data !== 'object' || Array.isArray(data)) {
		throw unexpectedResponse(this, WHATOMATE, `the ${report.name} data`, itemIndex);
	}
	return data;
}
