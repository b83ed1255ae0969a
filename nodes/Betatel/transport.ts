import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestMethods,
} from 'n8n-workflow';

import {
	joinUrl,
	sendWithRetry,
	type ProviderProfile,
	type ProviderResponse,
	type RequestContext,
} from '../shared/http';

export const BETATEL_CREDENTIAL = 'betatelApi';
export const DEFAULT_BETATEL_URL = 'https://api.betatel.com';

export const BETATEL: ProviderProfile = {
	displayName: 'Betatel',
	credentialType: BETATEL_CREDENTIAL,
	hints: {
		401: 'Check the API key and account ID in the credential.',
		402: 'The Betatel account has insufficient balance.',
		403: 'The API key is valid but not allowed this call: check the account ID in the credential.',
		404: 'Nothing was found at that address: check the UUID, and the base URL in the credential.',
	},
};

/**
 * The decrypted credential, once per node run and item: Return All sends hundreds of
 * requests, and decrypting the credential for each of them showed in the benchmark.
 */
const credentialCache = new WeakMap<object, Map<number, Promise<ICredentialDataDecryptedObject>>>();

function cachedCredentials(
	context: RequestContext,
	itemIndex: number,
): Promise<ICredentialDataDecryptedObject> {
	let byItem = credentialCache.get(context);
	if (!byItem) credentialCache.set(context, (byItem = new Map()));
	let credentials = byItem.get(itemIndex);
	if (!credentials) {
		credentials = context.getCredentials(BETATEL_CREDENTIAL, itemIndex);
		byItem.set(itemIndex, credentials);
	}
	return credentials;
}

export async function betatelRequest(
	this: RequestContext,
	method: IHttpRequestMethods,
	path: string,
	body?: IDataObject,
	itemIndex = 0,
	onThrottle?: () => void,
): Promise<ProviderResponse> {
	const credentials = await cachedCredentials(this, itemIndex);
	const base = (credentials.baseUrl as string) || DEFAULT_BETATEL_URL;
	return await sendWithRetry.call(
		this,
		BETATEL,
		{
			method,
			url: joinUrl(base, `/api/v1/connect-hub/${path.replace(/^\/+/, '')}`),
			body,
			onThrottle,
			credentialOverride: credentials,
			secrets: [String(credentials.apiKey ?? '')],
		},
		itemIndex,
	);
}
