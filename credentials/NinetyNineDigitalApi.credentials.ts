import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	Icon,
	INodeProperties,
} from 'n8n-workflow';
import { createHash } from 'crypto';
import { OperationalError } from 'n8n-workflow';

/** The partners API's reason codes, as its documentation lists them. */
export const NINETY_NINE_DIGITAL_REASONS: Record<number, string> = {
	1: 'OK',
	2: 'wrong credentials or a JSON format error',
	3: 'access token missing or expired',
	13: 'wrong HTTP method',
};

/** The token exchange was refused: asking again with the same pair only risks an IP block. */
export class TokenRefusedError extends OperationalError {}

/**
 * Pairs 99digital refused lately, by fingerprint. n8n asks for a token again after a
 * failure (its legacy request helper does so on any error), and Continue On Fail or a
 * schedule would ask once per item or per run: each bad attempt brings the IP block
 * closer, so a refused pair is not sent again until it changes or the pause has passed.
 */
const refusedPairs = new Map<string, { at: number; error: TokenRefusedError }>();
export const REFUSAL_PAUSE_MS = 15 * 60 * 1000;

function pairFingerprint(credentials: ICredentialDataDecryptedObject, base: string): string {
	return createHash('sha256')
		.update(`${base}\n${String(credentials.clientId)}\n${String(credentials.clientSecret)}`)
		.digest('hex');
}

export class NinetyNineDigitalApi implements ICredentialType {
	name = 'ninetyNineDigitalApi';

	displayName = '99digital Partners API';

	icon: Icon = {
		light: 'file:../icons/ninetyNineDigital.svg',
		dark: 'file:../icons/ninetyNineDigital.dark.svg',
	};

	documentationUrl = 'https://partners.99digital.co.il/';

	properties: INodeProperties[] = [
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			required: true,
			default: '',
			description: 'From the 99digital partners dashboard',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://partners.99digital.co.il',
			description: 'Change only for a sandbox or a test server',
		},
		{
			// n8n fills this through preAuthentication and keeps it until a request says it expired.
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	/**
	 * Exchanges the client ID and secret for the one-hour access token. A refusal is never
	 * retried: 99digital blocks the caller's IP after repeated bad attempts. The error
	 * carries no HTTP response, so n8n does not retry it either.
	 */
	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<IDataObject> {
		const base = String(credentials.baseUrl || 'https://partners.99digital.co.il').replace(
			/\/+$/,
			'',
		);
		const fingerprint = pairFingerprint(credentials, base);
		const refused = refusedPairs.get(fingerprint);
		if (refused && Date.now() - refused.at < REFUSAL_PAUSE_MS) throw refused.error;
		let body: IDataObject;
		try {
			body = (await this.helpers.httpRequest({
				method: 'POST',
				url: `${base}/api/settings/accessToken`,
				body: { client_id: credentials.clientId, client_secret: credentials.clientSecret },
				json: true,
				timeout: 30_000,
			})) as IDataObject;
		} catch (error) {
			const status = (error as { response?: { status?: number } }).response?.status;
			const failure = new TokenRefusedError(
				`99digital did not issue an access token${status ? ` (HTTP ${status})` : ''}: check the client ID, client secret and base URL in the credential`,
			);
			if (status === 401 || status === 403)
				refusedPairs.set(fingerprint, { at: Date.now(), error: failure });
			throw failure;
		}
		if (body?.status === 'FAIL' || typeof body?.access_token !== 'string' || !body.access_token) {
			const reason = Number(body?.reason);
			const blocked = reason === 3;
			const failure = new TokenRefusedError(
				blocked
					? '99digital refused the token request after too many bad attempts, and blocks this IP for a while: wait before trying again, then check the client ID and secret'
					: `99digital refused the client ID and secret${reason ? ` (reason ${reason}: ${NINETY_NINE_DIGITAL_REASONS[reason] ?? 'unknown'})` : ''}: check them in the credential. The token request is not retried, since repeated bad attempts get the IP blocked.`,
			);
			refusedPairs.set(fingerprint, { at: Date.now(), error: failure });
			throw failure;
		}
		return { accessToken: body.access_token };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.accessToken}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/api/whatsapp/getWhatsApp',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'status',
					value: 'FAIL',
					message: '99digital refused the request: check the client ID and secret',
				},
			},
		],
	};
}
