import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestMethods,
	IN8nHttpFullResponse,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import {
	credentialBaseUrl,
	credentialSecrets,
	runCredentials,
	type CredentialSpec,
	type RequestContext,
} from './credentials';
import { redact } from './secrets';

/** Failed attempts of one request, with no page of its read getting through, after which it stops. */
export const MAX_ATTEMPTS = 5;
/** Failed attempts of one request after which it stops, however the rest of its read goes. */
const MAX_ATTEMPTS_PER_REQUEST = 12;
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
/** A Retry-After longer than this is not waited for: the error is raised at once instead. */
const MAX_RETRY_AFTER_MS = 60_000;

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const RETRYABLE_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNABORTED',
	'EPIPE',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EAI_AGAIN',
]);

const NETWORK_FAILURES: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection reset',
	ECONNABORTED: 'connection aborted',
	EPIPE: 'connection closed while sending',
	ETIMEDOUT: 'timed out',
	ESOCKETTIMEDOUT: 'timed out',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host name lookup failed',
	EHOSTUNREACH: 'host unreachable',
	CERT_HAS_EXPIRED: 'its TLS certificate has expired',
};

/**
 * Shared by the requests of one read. A page that is throttled while other pages get
 * through is not stuck: the read slows down but goes on. A request stops after
 * MAX_ATTEMPTS failures with no page of its read getting through meanwhile. Counted per
 * request, not per read: pages in flight together meet a 429 burst together, and sixteen
 * of them failing once is one setback, not sixteen.
 */
export class RetryBudget {
	private pagesThrough = 0;

	succeeded(): void {
		this.pagesThrough++;
	}

	/** For one request: records a failure and tells whether it should stop. */
	failureStreak(): () => boolean {
		let seen = this.pagesThrough;
		let failures = 0;
		return () => {
			if (this.pagesThrough !== seen) {
				seen = this.pagesThrough;
				failures = 0;
			}
			return ++failures >= MAX_ATTEMPTS;
		};
	}
}

export interface ProviderRequest {
	method: IHttpRequestMethods;
	/** Joined to the credential's base URL. */
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
	itemIndex?: number;
	/** Told of each 429 or 503 before the wait, so a caller sending in parallel can slow down. */
	onThrottle?: () => void;
	/** Error statuses handed back to the caller instead of raised, e.g. 401 to refresh a token. */
	passStatuses?: number[];
	/** Shared by the requests of one read; a request on its own gets one of its own. */
	retryBudget?: RetryBudget;
}

export interface ProviderResponse {
	statusCode: number;
	statusMessage?: string;
	headers: Record<string, unknown>;
	body: unknown;
}

export interface ProviderProfile {
	/** Name shown in error messages, e.g. "Betatel". */
	displayName: string;
	credential: CredentialSpec;
	/** What a user should do about a status code, shown as the error's description. */
	hints: Partial<Record<number, string>>;
}

/** What every error of one request needs to say where it happened and what to hide. */
interface ErrorScope {
	context: RequestContext;
	profile: ProviderProfile;
	itemIndex: number;
	/** Read when an error is built, so a token issued during the request is masked too. */
	secrets: () => unknown[];
}

/**
 * Sends one request to a provider with its credential, retrying what is worth retrying.
 * The credential is checked and decrypted once per run and item, and handed to n8n with
 * the request. n8n does not raise status errors here (`ignoreHttpStatusErrors`), so every
 * provider's error body, JSON or plain text, becomes one clear error; and no redirect is
 * followed, since n8n would send the credential's headers to wherever it points.
 */
export async function providerRequest(
	this: RequestContext,
	profile: ProviderProfile,
	request: ProviderRequest,
): Promise<ProviderResponse> {
	const itemIndex = request.itemIndex ?? 0;
	const credentials = await runCredentials(this, profile.credential, itemIndex);
	const scope = scopeOf(this, profile, itemIndex, credentials);
	const url = joinUrl(credentialBaseUrl(profile.credential, credentials), request.path);
	const credentialOptions = {
		credentialsDecrypted: {
			id: 'run',
			name: profile.credential.type,
			type: profile.credential.type,
			data: credentials,
		},
	};
	const send = async (): Promise<IN8nHttpFullResponse> =>
		(request.method === 'GET' && request.body
			? await sendGetWithBody(this, profile, url, request, credentialOptions)
			: await this.helpers.httpRequestWithAuthentication.call(
					this,
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
				)) as IN8nHttpFullResponse;

	const budget = request.retryBudget ?? new RetryBudget();
	const failedAgain = budget.failureStreak();
	for (let attempt = 1; ; attempt++) {
		let response: ProviderResponse | undefined;
		let networkError: unknown;
		try {
			const full = await send();
			response = {
				statusCode: full.statusCode,
				statusMessage: (full as { statusMessage?: string }).statusMessage,
				headers: full.headers,
				body: full.body,
			};
		} catch (error) {
			const code = errorCode(error);
			if (code === undefined || !NETWORK_FAILURES[code]) throw unexpectedFailure(scope, error);
			if (!RETRYABLE_NETWORK_CODES.has(code)) throw networkFailure(scope, error);
			networkError = error;
		}

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
			if (response) {
				throw providerError(scope, response, {
					attempts: attempt,
					retryAfterMs: waitTooLong ? retryAfterMs : undefined,
				});
			}
			throw networkFailure(scope, networkError, attempt);
		}
		if (response && (response.statusCode === 429 || response.statusCode === 503))
			request.onThrottle?.();
		await sleep(retryAfterMs ?? backoffDelay(attempt));
	}
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

/** Exponential backoff with "equal jitter": half the step is fixed, half is random. */
export function backoffDelay(attempt: number): number {
	const step = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
	return Math.round(step / 2 + Math.random() * (step / 2));
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string' && typeof text !== 'number') return undefined;
	const raw = String(text).trim();
	if (/^\d+(\.\d+)?$/.test(raw)) return Math.round(Number(raw) * 1000);
	const date = Date.parse(raw);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

function errorCode(error: unknown): string | undefined {
	let current = error as { code?: unknown; cause?: unknown } | undefined;
	for (let depth = 0; current && depth < 5; depth++) {
		if (typeof current.code === 'string' && current.code) return current.code;
		current = current.cause as typeof current;
	}
	return undefined;
}

/** Where a redirect pointed, without its query: enough to fix a base URL, nothing more. */
export function redirectTarget(location: unknown, requestUrl: string): string {
	const raw = Array.isArray(location) ? location[0] : location;
	if (typeof raw !== 'string' || !raw) return 'an address it did not name';
	try {
		const target = new URL(raw, requestUrl);
		return `${target.origin}${target.pathname}`;
	} catch {
		return 'an address that is not a valid URL';
	}
}

function redirectRefused(
	scope: ErrorScope,
	response: ProviderResponse,
	requestUrl: string,
): NodeApiError {
	const { profile } = scope;
	const target = redact(redirectTarget(response.headers.location, requestUrl), scope.secrets());
	const message = `${profile.displayName} answered ${response.statusCode} with a redirect to ${target}, which the node does not follow`;
	return new NodeApiError(
		scope.context.getNode(),
		{ message, httpCode: String(response.statusCode) },
		{
			message,
			description: `The credential is only ever sent to the address set in it. Set ${profile.credential.baseUrl.label} in the credential "${profile.credential.displayName}" to the address ${profile.displayName} answers at.`,
			httpCode: String(response.statusCode),
			itemIndex: scope.itemIndex,
		},
	);
}

/**
 * A failure n8n raised that is not a network error, e.g. a credential's token exchange
 * refusing. Only its message is kept, masked: the error object n8n hands back can carry
 * the request, headers included.
 */
function unexpectedFailure(scope: ErrorScope, error: unknown): NodeApiError {
	const message = redact(originalMessage(error), scope.secrets());
	return new NodeApiError(scope.context.getNode(), { message } as JsonObject, {
		message,
		itemIndex: scope.itemIndex,
	});
}

/**
 * The message of the error n8n wrapped: n8n's own wrapper replaces a message that
 * mentions, say, "bad gateway" with its generic sentence for that status.
 */
function originalMessage(error: unknown): string {
	let current = error as { message?: unknown; cause?: unknown } | undefined;
	for (let depth = 0; current?.cause instanceof Error && depth < 5; depth++) {
		current = current.cause as typeof current;
	}
	return typeof current?.message === 'string' ? current.message : 'unknown error';
}

/** A request that never got an answer. Only its code and message are kept, as above. */
function networkFailure(scope: ErrorScope, error: unknown, attempts = 1): NodeApiError {
	const { profile } = scope;
	const code = errorCode(error);
	const original = redact(
		(error as Error | undefined)?.message ?? 'unknown error',
		scope.secrets(),
	);
	const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
	// n8n swaps any message naming a system error code for a generic sentence, which would
	// lose the provider's name: say the code in words instead.
	const reason = (code && NETWORK_FAILURES[code]) ?? 'the request failed before an answer came';
	return new NodeApiError(scope.context.getNode(), { message: original } as JsonObject, {
		message: `Could not reach ${profile.displayName}${tries}: ${reason}`,
		description: `Check ${profile.credential.baseUrl.label} in the credential "${profile.credential.displayName}" and that ${profile.displayName} is reachable from n8n.`,
		itemIndex: scope.itemIndex,
	});
}

const MAX_MESSAGE_LENGTH = 300;

/**
 * Reads a provider's error message from a JSON or plain-text body. An HTML page (a
 * gateway's or a proxy's) gives at most its title: its markup says nothing to a user.
 */
export function errorMessageFromBody(body: unknown): string | undefined {
	if (body === undefined || body === null || body === '') return undefined;
	if (typeof body === 'string') {
		const text = body.trim();
		if (/^(<!doctype html|<html|<head|<body)/i.test(text)) {
			const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.replace(/\s+/g, ' ').trim();
			return title ? `an HTML page titled "${truncate(title)}"` : 'an HTML page';
		}
		if (text.startsWith('{')) {
			try {
				return errorMessageFromBody(JSON.parse(text));
			} catch {
				// not JSON after all: use the text as it is
			}
		}
		return truncate(text);
	}
	if (typeof body !== 'object') return String(body);
	const data = body as IDataObject;
	for (const key of ['message', 'error_description', 'error', 'detail', 'reason']) {
		const value = data[key];
		if (typeof value === 'string' && value) return truncate(value);
		if (value && typeof value === 'object') {
			const nested = errorMessageFromBody(value);
			if (nested) return nested;
		}
	}
	return undefined;
}

function truncate(text: string): string {
	return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH)}…` : text;
}

export interface ErrorDetails {
	attempts?: number;
	retryAfterMs?: number;
	/** Says what went wrong instead of the provider's own message. */
	message?: string;
	/** Says what to do instead of the profile's hint for the status. */
	hint?: string;
}

/** An answer that is an error, as one NodeApiError with the provider's message, masked. */
export function providerError(
	scope: ErrorScope,
	response: ProviderResponse,
	details: ErrorDetails = {},
): NodeApiError {
	const { profile } = scope;
	const status = response.statusCode;
	const rawMessage =
		details.message ?? errorMessageFromBody(response.body) ?? response.statusMessage;
	const providerMessage = rawMessage && redact(rawMessage, scope.secrets());
	// Some APIs report failures inside a 200: name the failure, not the status.
	const parts = [
		status >= 400
			? `${profile.displayName} answered ${status}`
			: `${profile.displayName} reported an error`,
	];
	if (providerMessage) parts[0] += `: ${providerMessage}`;
	if (details.attempts && details.attempts > 1) parts.push(`(after ${details.attempts} attempts)`);
	const descriptionParts: string[] = [];
	const hint = details.hint ?? profile.hints[status];
	if (hint) descriptionParts.push(hint);
	if (details.retryAfterMs !== undefined) {
		descriptionParts.push(
			`${profile.displayName} asked to wait ${Math.ceil(details.retryAfterMs / 1000)} s before the next request; run the node again later.`,
		);
	} else if (RETRYABLE_STATUS.has(status)) {
		descriptionParts.push(
			`${profile.displayName} is rate-limiting or temporarily unavailable; the node retried with backoff and gave up.`,
		);
	}
	return new NodeApiError(
		scope.context.getNode(),
		{ message: providerMessage ?? `HTTP ${status}`, httpCode: String(status) } as JsonObject,
		{
			message: parts.join(' '),
			description: descriptionParts.join(' ') || undefined,
			httpCode: String(status),
			itemIndex: scope.itemIndex,
		},
	);
}

/** The error scope of a request made with `providerRequest`, for errors its caller raises. */
export async function errorScope(
	context: RequestContext,
	profile: ProviderProfile,
	itemIndex = 0,
): Promise<ErrorScope> {
	const credentials = await runCredentials(context, profile.credential, itemIndex);
	return scopeOf(context, profile, itemIndex, credentials);
}

function scopeOf(
	context: RequestContext,
	profile: ProviderProfile,
	itemIndex: number,
	credentials: ICredentialDataDecryptedObject,
): ErrorScope {
	return {
		context,
		profile,
		itemIndex,
		secrets: () => credentialSecrets(profile.credential, credentials),
	};
}

/** Joins a base URL typed by a user (trailing slashes and all) with an API path. */
export function joinUrl(base: string, path: string): string {
	return `${base.trim().replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** A 2xx answer whose body is not the shape the API documents. */
export function unexpectedResponse(
	context: RequestContext,
	profile: Pick<ProviderProfile, 'displayName'>,
	expected: string,
	itemIndex: number,
): NodeApiError {
	return new NodeApiError(
		context.getNode(),
		{ message: 'unexpected response' },
		{ message: `${profile.displayName} answered without ${expected}`, itemIndex },
	);
}
