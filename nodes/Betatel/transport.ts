import type { IHttpRequestMethods, IDataObject } from 'n8n-workflow';

import {
	providerRequest,
	type ProviderProfile,
	type ProviderResponse,
	type RequestContext,
	type RetryBudget,
} from '../shared/http';

export const BETATEL_CREDENTIAL = 'betatelApi';
export const DEFAULT_BETATEL_URL = 'https://api.betatel.com';

export const BETATEL: ProviderProfile = {
	displayName: 'Betatel',
	credential: {
		type: BETATEL_CREDENTIAL,
		displayName: 'Betatel Connect Hub API',
		required: { apiKey: 'API Key', accountId: 'Account ID' },
		secretFields: ['apiKey'],
		baseUrl: { field: 'baseUrl', label: 'Base URL', default: DEFAULT_BETATEL_URL },
	},
	hints: {
		401: 'Check the API key and account ID in the credential.',
		402: 'The Betatel account has insufficient balance.',
		403: 'The API key is valid but not allowed this call: check the account ID in the credential.',
		404: 'Nothing was found at that address: check the UUID, and the base URL in the credential.',
	},
};

export interface BetatelCall {
	method: IHttpRequestMethods;
	/** Below /api/v1/connect-hub/. */
	path: string;
	body?: IDataObject;
	itemIndex?: number;
	onThrottle?: () => void;
	retryBudget?: RetryBudget;
}

export async function betatelRequest(
	this: RequestContext,
	call: BetatelCall,
): Promise<ProviderResponse> {
	return await providerRequest.call(this, BETATEL, {
		...call,
		path: `/api/v1/connect-hub/${call.path.replace(/^\/+/, '')}`,
	});
}
