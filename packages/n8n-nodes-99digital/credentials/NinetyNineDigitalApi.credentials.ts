import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';
import { issueAccessToken } from '../nodes/NinetyNineDigital/transport/token';

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
			description:
				'Change only for a sandbox or a test server: https://, or http:// for this machine or a private network (10.x, 172.16–31.x, 192.168.x, a name such as .local); no user name, password, query or fragment',
		},
		{
			// n8n fills this through preAuthentication and keeps it until a request says it expired.
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			// Which client ID, secret and base URL the token was issued for (a hash), and when it
			// expires: a stored token is only reused for the pair it belongs to, while it is valid.
			displayName: 'Access Token Issued For',
			name: 'accessTokenFor',
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'Access Token Expires At',
			name: 'accessTokenExpiresAt',
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
	];

	// The token exchange and its refusal memory live with the 99digital transport.
	preAuthentication = issueAccessToken;

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
			disableFollowRedirect: true,
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
