import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import type { CredentialSpec, RequestContext } from '../credentials';
import type { RetryBudget } from './retry';

/** How a request fits in its node run: the item it serves, and the read it is part of. */
export interface RequestCall {
	itemIndex?: number;
	/** Told of each 429 or 503 before the wait, so a caller sending in parallel can slow down. */
	onThrottle?: () => void;
	/** Shared by the requests of one read; a request on its own gets one of its own. */
	retryBudget?: RetryBudget;
}

export interface ProviderRequest extends RequestCall {
	method: IHttpRequestMethods;
	/** Joined to the credential's base URL. */
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
	/** Error statuses handed back to the caller instead of raised, e.g. 401 to refresh a token. */
	passStatuses?: number[];
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
export interface ErrorScope {
	context: RequestContext;
	profile: ProviderProfile;
	itemIndex: number;
	/** Read when an error is built, so a token issued during the request is masked too. */
	secrets: () => unknown[];
}

export interface ErrorDetails {
	attempts?: number;
	retryAfterMs?: number;
	/** Says what went wrong instead of the provider's own message. */
	message?: string;
	/** Says what to do instead of the profile's hint for the status. */
	hint?: string;
}
