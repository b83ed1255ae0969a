import { createHash } from 'crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { credentialBaseUrl } from '../../shared/credentials';
import type { ProviderProfile } from '../../shared/http/types';

/*
 * What the partners API is: its credential, reason codes and token fingerprint. A leaf that
 * the token exchange and the transport both read, so that neither imports the other to
 * learn it.
 */

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
