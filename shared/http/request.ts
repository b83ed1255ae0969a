import type { IN8nHttpFullResponse } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { credentialBaseUrl, runCredentials, type RequestContext } from '../credentials';
import {
	errorCode,
	NETWORK_FAILURES,
	networkFailure,
	providerError,
	redirectRefused,
	scopeOf,
	unexpectedFailure,
} from './errors';
import {
	backoffDelay,
	MAX_ATTEMPTS_PER_REQUEST,
	MAX_RETRY_AFTER_MS,
	parseRetryAfter,
	RETRYABLE_NETWORK_CODES,
	RETRYABLE_STATUS,
	RetryBudget,
} from './retry';
import type { ErrorScope, ProviderProfile, ProviderRequest, ProviderResponse } from './types';

/**
 * Sends one request to a provider with its credential, retrying what is worth retrying.
 * The credential is checked and decrypted once per run and item, and handed to n8n with
 * the request. n8n does not raise status errors here (`ignoreHttpStatusErrors`), so every
 * provider's error body, JSON or plain text, becomes one clear error; and no redirect is
 * followed, since n8n would send the credential's headers to wherever it points.
 */
export async function providerRequest(
	context: RequestContext,
	profile: ProviderProfile,
	request: ProviderRequest,
): Promise<ProviderResponse> {
	const itemIndex = request.itemIndex ?? 0;
	const credentials = await runCredentials(context, profile.credential, itemIndex);
	const scope = scopeOf(context, profile, itemIndex, credentials);
	const url = joinUrl(credentialBaseUrl(profile.credential, credentials), request.path);
	const credentialOptions = {
		credentialsDecrypted: {
			id: 'run',
			name: profile.credential.type,
			type: profile.credential.type,
			data: credentials,
		},
	};
	const budget = request.retryBudget ?? new RetryBudget();
	const failedAgain = budget.failureStreak();
	for (let attempt = 1; ; attempt++) {
		const { response, networkError } = await answerOrRetryableFailure(scope, () =>
			sendOnce(context, profile, url, request, credentialOptions),
		);
		if (response && response.statusCode >= 300 && response.statusCode < 400) {
			throw redirectRefused(scope, response, url);
		}
		if (
			response &&
			(response.statusCode < 400 || request.passStatuses?.includes(response.statusCode))
		) {
			budget.succeeded();
			return response;
		}
		if (response && !RETRYABLE_STATUS.has(response.statusCode)) {
			throw providerError(scope, response);
		}
		const retryAfterMs = response ? parseRetryAfter(response.headers['retry-after']) : undefined;
		const outOfAttempts = failedAgain() || attempt >= MAX_ATTEMPTS_PER_REQUEST;
		const waitTooLong = retryAfterMs !== undefined && retryAfterMs > MAX_RETRY_AFTER_MS;
		if (outOfAttempts || waitTooLong) {
			if (!response) throw networkFailure(scope, networkError, attempt);
			throw providerError(scope, response, {
				attempts: attempt,
				retryAfterMs: waitTooLong ? retryAfterMs : undefined,
			});
		}
		if (response && (response.statusCode === 429 || response.statusCode === 503))
			request.onThrottle?.();
		await sleep(retryAfterMs ?? backoffDelay(attempt));
	}
}

/**
 * One attempt: the answer, whatever its status, or a network failure worth retrying. Any
 * other failure is raised at once, as a masked error.
 */
async function answerOrRetryableFailure(
	scope: ErrorScope,
	send: () => Promise<ProviderResponse>,
): Promise<{ response?: ProviderResponse; networkError?: unknown }> {
	try {
		return { response: await send() };
	} catch (error) {
		const code = errorCode(error);
		if (code === undefined || !NETWORK_FAILURES[code]) throw unexpectedFailure(scope, error);
		if (!RETRYABLE_NETWORK_CODES.has(code)) throw networkFailure(scope, error);
		return { networkError: error };
	}
}

/** Sends once with the credential, never following a redirect, and hands back any status. */
async function sendOnce(
	context: RequestContext,
	profile: ProviderProfile,
	url: string,
	request: ProviderRequest,
	credentialOptions: object,
): Promise<ProviderResponse> {
	const full = (
		request.method === 'GET' && request.body
			? await sendGetWithBody(context, profile, url, request, credentialOptions)
			: await context.helpers.httpRequestWithAuthentication.call(
					context,
					profile.credential.type,
					{
						method: request.method,
						url,
						qs: request.qs,
						body: request.body,
						json: true,
						returnFullResponse: true,
						ignoreHttpStatusErrors: true,
						disableFollowRedirect: true,
						timeout: 60_000,
					},
					credentialOptions,
				)
	) as IN8nHttpFullResponse & { statusMessage?: string };
	return {
		statusCode: full.statusCode,
		statusMessage: full.statusMessage,
		headers: full.headers,
		body: full.body,
	};
}

/**
 * n8n's httpRequest helpers drop the body of a GET; its older request helper sends it, as
 * an API that reads "JSON via GET" needs. Same credential, same full-response shape.
 */
async function sendGetWithBody(
	context: RequestContext,
	profile: ProviderProfile,
	url: string,
	request: ProviderRequest,
	credentialOptions: object,
): Promise<unknown> {
	return await context.helpers.requestWithAuthentication.call(
		context,
		profile.credential.type,
		{
			method: 'GET',
			uri: url,
			qs: request.qs,
			body: request.body,
			json: true,
			resolveWithFullResponse: true,
			simple: false,
			followRedirect: false,
			followAllRedirects: false,
			timeout: 60_000,
		},
		credentialOptions,
		request.itemIndex,
	);
}

/** Joins a base URL typed by a user (trailing slashes and all) with an API path. */
export function joinUrl(base: string, path: string): string {
	return `${base.trim().replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
