import type { ICredentialDataDecryptedObject, IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { credentialSecrets, runCredentials, type RequestContext } from '../credentials';
import { redact } from '../secrets';
import { RETRYABLE_STATUS } from './retry';
import type { ErrorDetails, ErrorScope, ProviderProfile, ProviderResponse } from './types';

/* What a failed request says: the provider's own words, masked, with what to do about it. */

export const NETWORK_FAILURES: Record<string, string> = {
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

/** A system or library error code (ECONNRESET, ERR_INVALID_URL), not an HTTP status. */
const SYMBOLIC_CODE = /^[A-Z][A-Z0-9_]+$/;

/**
 * What failed, by its code, wherever n8n put it: on the error or down its causes (n8n 2.x
 * keeps the library's error as the cause), or in `httpCode`, where n8n 1.x's NodeApiError
 * files the code of the error it wraps while dropping the error itself.
 */
export function errorCode(error: unknown): string | undefined {
	let current = error as { code?: unknown; httpCode?: unknown; cause?: unknown } | undefined;
	for (let depth = 0; current && depth < 5; depth++) {
		if (typeof current.code === 'string' && current.code) return current.code;
		if (typeof current.httpCode === 'string' && SYMBOLIC_CODE.test(current.httpCode))
			return current.httpCode;
		current = current.cause as typeof current;
	}
	return undefined;
}

/**
 * Why a request got no answer, in words. n8n swaps any message naming a system error code
 * (ECONNREFUSED) for a generic sentence of its own, which names neither the provider nor the
 * field to fix.
 */
export function networkReason(error: unknown): string {
	const code = errorCode(error);
	return (code && NETWORK_FAILURES[code]) ?? 'the request failed before an answer came';
}

/** The host and port a URL points at, as a user would look for it in the Base URL. */
export function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
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

export function redirectRefused(
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
export function unexpectedFailure(scope: ErrorScope, error: unknown): NodeApiError {
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
export function networkFailure(scope: ErrorScope, error: unknown, attempts = 1): NodeApiError {
	const { profile } = scope;
	const original = redact(
		(error as Error | undefined)?.message ?? 'unknown error',
		scope.secrets(),
	);
	const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
	return new NodeApiError(scope.context.getNode(), { message: original } as JsonObject, {
		message: `Could not reach ${profile.displayName}${tries}: ${networkReason(error)}`,
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

export function scopeOf(
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

/** A 2xx answer that cannot be used, and why, in the provider's name. */
function unusableAnswer(
	context: RequestContext,
	reason: string,
	message: string,
	itemIndex: number,
): NodeApiError {
	return new NodeApiError(context.getNode(), { message: reason }, { message, itemIndex });
}

/** A 2xx answer whose body is not the shape the API documents. */
export function unexpectedResponse(
	context: RequestContext,
	profile: Pick<ProviderProfile, 'displayName'>,
	expected: string,
	itemIndex: number,
): NodeApiError {
	return unusableAnswer(
		context,
		'unexpected response',
		`${profile.displayName} answered without ${expected}`,
		itemIndex,
	);
}

/**
 * A figure of a 2xx answer that cannot be true (a negative count, 1e300 pages, more pages
 * than records): an error that quotes it, before it drives a loop or a page plan.
 */
export function implausibleFigure(
	context: RequestContext,
	profile: Pick<ProviderProfile, 'displayName'>,
	what: string,
	itemIndex: number,
): NodeApiError {
	return unusableAnswer(
		context,
		'implausible response',
		`${profile.displayName} said ${what}, which cannot be true`,
		itemIndex,
	);
}
