import { createHash } from 'crypto';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestMethods,
} from 'n8n-workflow';

import { credentialBaseUrl, runCredentials } from '../shared/credentials';
import {
	errorScope,
	providerError,
	providerRequest,
	type ProviderProfile,
	type ProviderResponse,
	type RequestContext,
} from '../shared/http';
import { tokenRefusedAsExpired } from './token';

export const NINETY_NINE_DIGITAL_CREDENTIAL = 'ninetyNineDigitalApi';
export const DEFAULT_NINETY_NINE_DIGITAL_URL = 'https://partners.99digital.co.il';

export const NINETY_NINE_DIGITAL: ProviderProfile = {
	displayName: '99digital',
	credential: {
		type: NINETY_NINE_DIGITAL_CREDENTIAL,
		displayName: '99digital Partners API',
		required: { clientId: 'Client ID', clientSecret: 'Client Secret' },
		secretFields: ['clientSecret', 'accessToken', 'refusedAccessToken'],
		baseUrl: { field: 'baseUrl', label: 'Base URL', default: DEFAULT_NINETY_NINE_DIGITAL_URL },
	},
	hints: {
		401: 'Check the client ID and secret in the credential.',
		403: 'The credential is valid but not allowed this call.',
	},
};

/** The partners API's reason codes, as its documentation lists them. */
export const NINETY_NINE_DIGITAL_REASONS: Record<number, string> = {
	1: 'OK',
	2: 'wrong credentials or a JSON format error',
	3: 'access token missing or expired',
	13: 'wrong HTTP method',
};

export const REASON_REFUSED = 2;
export const REASON_TOKEN_EXPIRED = 3;

/** Which base URL, client ID and secret a token was issued for, as a hash kept beside it. */
export function pairFingerprint(credentials: ICredentialDataDecryptedObject): string {
	const base = credentialBaseUrl(NINETY_NINE_DIGITAL.credential, credentials);
	return createHash('sha256')
		.update(`${base}\n${String(credentials.clientId)}\n${String(credentials.clientSecret)}`)
		.digest('hex');
}

function tokenExpired(response: ProviderResponse): boolean {
	const body = response.body as IDataObject | undefined;
	return (
		response.statusCode === 401 ||
		(body?.status === 'FAIL' && Number(body.reason) === REASON_TOKEN_EXPIRED)
	);
}

function howTokenWasRefused(response: ProviderResponse): string {
	return response.statusCode === 401
		? 'HTTP 401'
		: `reason ${REASON_TOKEN_EXPIRED} (${NINETY_NINE_DIGITAL_REASONS[REASON_TOKEN_EXPIRED]}) in an HTTP ${response.statusCode} answer`;
}

export interface NinetyNineDigitalCall {
	method: IHttpRequestMethods;
	/** Below /api/. */
	path: string;
	body?: IDataObject;
	itemIndex?: number;
}

/**
 * Calls the partners API. n8n fetches the access token through the credential's
 * preAuthentication, keeps it in the credential and hands it to every request of the run;
 * retries after a network failure send the same token. Only when 99digital says the token
 * expired, with HTTP 401 or with `status: "FAIL", reason: 3`, is it cleared, which makes
 * n8n fetch and store a new one, and the request is sent once more.
 */
export async function ninetyNineDigitalRequest(
	this: RequestContext,
	call: NinetyNineDigitalCall,
): Promise<IDataObject> {
	const itemIndex = call.itemIndex ?? 0;
	const credentials = await runCredentials(this, NINETY_NINE_DIGITAL.credential, itemIndex);
	// A stored token of another client ID (or secret, or base URL) would read another
	// account's figures: it is dropped, and n8n fetches one for the pair now set.
	if (credentials.accessTokenFor !== pairFingerprint(credentials)) credentials.accessToken = '';
	const request = { ...call, path: `/api/${call.path}`, passStatuses: [401] };
	let response = await providerRequest.call(this, NINETY_NINE_DIGITAL, request);
	if (tokenExpired(response)) {
		tokenRefusedAsExpired(credentials);
		response = await providerRequest.call(this, NINETY_NINE_DIGITAL, request);
		if (tokenExpired(response)) {
			throw providerError(await errorScope(this, NINETY_NINE_DIGITAL, itemIndex), response, {
				message: `a newly issued access token was refused as expired (${howTokenWasRefused(response)})`,
				hint: 'The client ID and secret were accepted, since 99digital issued the token: the refusal is on its side. Run the node again later, or ask 99digital.',
			});
		}
	}
	const data = response.body as IDataObject | undefined;
	const scope = async () => await errorScope(this, NINETY_NINE_DIGITAL, itemIndex);
	if (!data || typeof data !== 'object') {
		throw providerError(await scope(), response, { message: 'the answer was not JSON' });
	}
	if (data.status === 'FAIL') {
		const reason = Number(data.reason);
		throw providerError(await scope(), response, {
			message: `reason ${reason}, ${NINETY_NINE_DIGITAL_REASONS[reason] ?? 'a code its documentation does not list'}`,
			hint:
				reason === REASON_REFUSED
					? 'Check the values sent; the client ID and secret were accepted for the token.'
					: undefined,
		});
	}
	return data;
}
