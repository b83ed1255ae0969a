import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

export type RequestContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export interface RetryPolicy {
	/** Retries after the first attempt; 0 sends each request once. */
	maxRetries: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** A Retry-After longer than this is not waited for: the error is raised at once instead. */
	maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 4,
	baseDelayMs: 500,
	maxDelayMs: 8_000,
	maxRetryAfterMs: 60_000,
};

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

export interface ProviderRequest {
	method: IHttpRequestMethods;
	url: string;
	body?: IDataObject;
	qs?: IDataObject;
	/** Credentials to send with instead of n8n's stored ones: already decrypted, or a refreshed token. */
	credentialOverride?: IDataObject;
	/** Told of each 429 or 503 before the wait, so a caller sending in parallel can slow down. */
	onThrottle?: () => void;
	/** Error statuses handed back to the caller instead of raised, e.g. 401 to refresh a token. */
	passStatuses?: number[];
	/** Secret values to mask should a provider echo them back in an error body. */
	secrets?: string[];
}

export interface ProviderResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

export interface ProviderProfile {
	/** Name shown in error messages, e.g. "Betatel". */
	displayName: string;
	credentialType: string;
	/** What a user should do about a status code, shown as the error's description. */
	hints: Partial<Record<number, string>>;
}

/**
 * Sends one request through n8n's credential injection, retrying what is worth retrying.
 * Status errors are not thrown by n8n here (`ignoreHttpStatusErrors`), so that every
 * provider's error body, JSON or plain text, can be read and turned into one clear error.
 */
export async function sendWithRetry(
	this: RequestContext,
	profile: ProviderProfile,
	request: ProviderRequest,
	itemIndex = 0,
): Promise<ProviderResponse> {
	const policy = DEFAULT_RETRY_POLICY;
	const options: IHttpRequestOptions = {
		method: request.method,
		url: request.url,
		qs: request.qs,
		body: request.body,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: 60_000,
	};
	const credentialOptions = request.credentialOverride
		? {
				credentialsDecrypted: {
					id: 'override',
					name: profile.credentialType,
					type: profile.credentialType,
					data: request.credentialOverride,
				},
			}
		: undefined;

	for (let attempt = 0; ; attempt++) {
		let response: ProviderResponse | undefined;
		let networkError: Error | undefined;
		try {
			const full = (
				request.method === 'GET' && request.body
					? await sendGetWithBody(this, profile, options, credentialOptions)
					: await this.helpers.httpRequestWithAuthentication.call(
							this,
							profile.credentialType,
							{ ...options },
							credentialOptions as never,
						)
			) as IN8nHttpFullResponse;
			response = { statusCode: full.statusCode, headers: full.headers, body: full.body };
		} catch (error) {
			const code = errorCode(error);
			if (code === undefined || !NETWORK_FAILURES[code]) {
				// Not a network failure, e.g. a credential's preAuthentication refusing: n8n has
				// already wrapped it, and its message is the one to show.
				throw new NodeApiError(this.getNode(), error as JsonObject, { itemIndex });
			}
			if (!RETRYABLE_NETWORK_CODES.has(code))
				throw wrapNetworkError(this, profile, error, itemIndex);
			networkError = error as Error;
		}

		if (
			response &&
			(response.statusCode < 400 || request.passStatuses?.includes(response.statusCode))
		) {
			return response;
		}
		if (response && !RETRYABLE_STATUS.has(response.statusCode)) {
			throw providerError(this, profile, response, itemIndex, { secrets: request.secrets });
		}
		const retryAfterMs = response ? parseRetryAfter(response.headers['retry-after']) : undefined;
		const outOfRetries = attempt >= policy.maxRetries;
		const waitTooLong = retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs;
		if (outOfRetries || waitTooLong) {
			if (response) {
				throw providerError(this, profile, response, itemIndex, {
					secrets: request.secrets,
					attempts: attempt + 1,
					retryAfterMs: waitTooLong ? retryAfterMs : undefined,
				});
			}
			throw wrapNetworkError(this, profile, networkError, itemIndex, attempt + 1);
		}
		if (response && (response.statusCode === 429 || response.statusCode === 503))
			request.onThrottle?.();
		await sleep(retryAfterMs ?? backoffDelay(policy, attempt));
	}
}

/**
 * n8n's httpRequest helpers drop the body of a GET; its older request helper sends it, as
 * an API that reads "JSON via GET" needs. Same credentials, same full-response shape.
 */
async function sendGetWithBody(
	context: RequestContext,
	profile: ProviderProfile,
	options: IHttpRequestOptions,
	credentialOptions: object | undefined,
): Promise<unknown> {
	return await context.helpers.requestWithAuthentication.call(
		context,
		profile.credentialType,
		{
			method: 'GET',
			uri: options.url,
			qs: options.qs,
			body: options.body,
			json: true,
			resolveWithFullResponse: true,
			simple: false,
			timeout: options.timeout,
		},
		credentialOptions as never,
	);
}

/** Exponential backoff with "equal jitter": half the step is fixed, half is random. */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
	const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
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

/**
 * A request that never got an answer. The error n8n hands back carries the request
 * config, headers included, so only its code and message are kept.
 */
function wrapNetworkError(
	context: RequestContext,
	profile: ProviderProfile,
	error: unknown,
	itemIndex: number,
	attempts = 1,
): NodeApiError {
	const code = errorCode(error);
	const original = (error as Error | undefined)?.message ?? 'unknown error';
	const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
	// n8n swaps any message naming a system error code for a generic sentence, which would
	// lose the provider's name: say the code in words instead.
	const reason = (code && NETWORK_FAILURES[code]) ?? 'the request failed before an answer came';
	return new NodeApiError(context.getNode(), { message: original } as JsonObject, {
		message: `Could not reach ${profile.displayName}${tries}: ${reason}`,
		description: `Check the base URL in the credential and that ${profile.displayName} is reachable from n8n.`,
		itemIndex,
	});
}

/** Reads a provider's error message from a JSON or plain-text body. */
export function errorMessageFromBody(body: unknown): string | undefined {
	if (body === undefined || body === null || body === '') return undefined;
	if (typeof body === 'string') {
		const text = body.trim();
		if (text.startsWith('{')) {
			try {
				return errorMessageFromBody(JSON.parse(text));
			} catch {
				// not JSON after all: use the text as it is
			}
		}
		return text.length > 300 ? `${text.slice(0, 300)}…` : text;
	}
	if (typeof body !== 'object') return String(body);
	const data = body as IDataObject;
	for (const key of ['message', 'error_description', 'error', 'detail', 'reason']) {
		const value = data[key];
		if (typeof value === 'string' && value) return value;
		if (value && typeof value === 'object') {
			const nested = errorMessageFromBody(value);
			if (nested) return nested;
		}
	}
	return undefined;
}

export function providerError(
	context: RequestContext,
	profile: ProviderProfile,
	response: ProviderResponse,
	itemIndex: number,
	details: {
		attempts?: number;
		retryAfterMs?: number;
		message?: string;
		hint?: string;
		secrets?: string[];
	} = {},
): NodeApiError {
	const status = response.statusCode;
	const rawMessage = details.message ?? errorMessageFromBody(response.body);
	const providerMessage = rawMessage && redact(rawMessage, details.secrets);
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
		context.getNode(),
		{ message: providerMessage ?? `HTTP ${status}`, httpCode: String(status) } as JsonObject,
		{
			message: parts.join(' '),
			description: descriptionParts.join(' ') || undefined,
			httpCode: String(status),
			itemIndex,
		},
	);
}

export function redact(text: string, secrets: string[] = []): string {
	return secrets
		.filter((secret) => secret.length >= 4)
		.reduce((masked, secret) => masked.split(secret).join('***'), text);
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
