import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import { runCredentials, type RequestContext } from '../../shared/credentials';
import { errorScope, providerError } from '../../shared/http/errors';
import { providerRequest } from '../../shared/http/request';
import type { ProviderResponse } from '../../shared/http/types';
import {
	NINETY_NINE_DIGITAL,
	NINETY_NINE_DIGITAL_REASONS,
	pairFingerprint,
	REASON_REFUSED,
	REASON_TOKEN_EXPIRED,
} from './api';
import { tokenRefusedAsExpired } from './token';

// The transport's entry point, as in every package: the API's profile and credential name are
// kept in api.ts only so that token.ts can use them without an import circle through here.
export { NINETY_NINE_DIGITAL, NINETY_NINE_DIGITAL_CREDENTIAL } from './api';

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
	context: RequestContext,
	call: NinetyNineDigitalCall,
): Promise<IDataObject> {
	const itemIndex = call.itemIndex ?? 0;
	const credentials = await runCredentials(context, NINETY_NINE_DIGITAL.credential, itemIndex);
	// A stored token of another client ID (or secret, or base URL) would read another
	// account's figures: it is dropped, and n8n fetches one for the pair now set.
	if (credentials.accessTokenFor !== pairFingerprint(credentials)) credentials.accessToken = '';
	const request = { ...call, path: `/api/${call.path}`, passStatuses: [401] };
	let response = await providerRequest(context, NINETY_NINE_DIGITAL, request);
	if (tokenExpired(response)) {
		tokenRefusedAsExpired(credentials);
		response = await providerRequest(context, NINETY_NINE_DIGITAL, request);
		if (tokenExpired(response)) {
			throw providerError(await errorScope(context, NINETY_NINE_DIGITAL, itemIndex), response, {
				message: `a newly issued access token was refused as expired (${howTokenWasRefused(response)})`,
				hint: 'The client ID and secret were accepted, since 99digital issued the token: the refusal is on its side. Run the node again later, or ask 99digital.',
			});
		}
	}
	const data = response.body as IDataObject | undefined;
	const scope = async () => await errorScope(context, NINETY_NINE_DIGITAL, itemIndex);
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
