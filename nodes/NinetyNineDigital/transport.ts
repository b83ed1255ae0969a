import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import { NINETY_NINE_DIGITAL_REASONS } from '../../credentials/NinetyNineDigitalApi.credentials';
import {
	joinUrl,
	providerError,
	sendWithRetry,
	type ProviderProfile,
	type ProviderRequest,
	type ProviderResponse,
	type RequestContext,
} from '../shared/http';

export const NINETY_NINE_DIGITAL_CREDENTIAL = 'ninetyNineDigitalApi';

export const NINETY_NINE_DIGITAL: ProviderProfile = {
	displayName: '99digital',
	credentialType: NINETY_NINE_DIGITAL_CREDENTIAL,
	hints: {
		401: 'Check the client ID and secret in the credential.',
		403: 'The credential is valid but not allowed this call.',
	},
};

const TOKEN_EXPIRED_REASON = 3;

function tokenRejected(response: ProviderResponse): boolean {
	const body = response.body as IDataObject | undefined;
	return (
		response.statusCode === 401 ||
		(body?.status === 'FAIL' && Number(body.reason) === TOKEN_EXPIRED_REASON)
	);
}

/**
 * Calls the partners API. n8n fetches the access token through the credential's
 * preAuthentication and keeps it; when 99digital says the token expired, whether with
 * HTTP 401 or with `status: "FAIL", reason: 3` in a 200, the request is sent once more
 * with the stored token cleared, which makes n8n fetch and store a new one.
 */
export async function ninetyNineDigitalRequest(
	this: RequestContext,
	method: IHttpRequestMethods,
	path: string,
	body?: IDataObject,
	itemIndex = 0,
): Promise<IDataObject> {
	const credentials = await this.getCredentials(NINETY_NINE_DIGITAL_CREDENTIAL, itemIndex);
	const request: ProviderRequest = {
		method,
		url: joinUrl(String(credentials.baseUrl || 'https://partners.99digital.co.il'), `/api/${path}`),
		body,
		passStatuses: [401],
		secrets: [String(credentials.clientSecret ?? ''), String(credentials.accessToken ?? '')],
	};
	let response = await sendWithRetry.call(this, NINETY_NINE_DIGITAL, request, itemIndex);
	if (tokenRejected(response)) {
		response = await sendWithRetry.call(
			this,
			NINETY_NINE_DIGITAL,
			{ ...request, credentialOverride: { ...credentials, accessToken: '' } },
			itemIndex,
		);
		if (tokenRejected(response)) {
			throw providerError(this, NINETY_NINE_DIGITAL, { ...response, statusCode: 401 }, itemIndex, {
				message: 'a freshly issued access token was refused too',
			});
		}
	}
	const data = response.body as IDataObject | undefined;
	if (!data || typeof data !== 'object') {
		throw providerError(this, NINETY_NINE_DIGITAL, response, itemIndex, {
			message: 'the answer was not JSON',
		});
	}
	if (data.status === 'FAIL') {
		const reason = Number(data.reason);
		throw providerError(this, NINETY_NINE_DIGITAL, response, itemIndex, {
			message: `reason ${reason}, ${NINETY_NINE_DIGITAL_REASONS[reason] ?? 'a code its documentation does not list'}`,
			hint:
				reason === 2
					? 'Check the client ID and secret in the credential, and the values sent.'
					: undefined,
		});
	}
	return data;
}
