import type { Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { headerAuthentication } from '../nodes/shared/credentials';
import { BETATEL } from '../nodes/Betatel/transport';

export class BetatelApi implements ICredentialType {
	name = 'betatelApi';

	displayName = 'Betatel Connect Hub API';

	icon: Icon = { light: 'file:../icons/betatel.svg', dark: 'file:../icons/betatel.dark.svg' };

	documentationUrl = 'https://docs.betatel.com/';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			hint: 'In the Betatel console, under API keys: create a key there and copy it once, it is shown only then',
		},
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'string',
			required: true,
			default: '',
			hint: 'In the Betatel console, on the same API keys page (also under your account settings)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.betatel.com',
			description:
				'Change only for a sandbox or a test server: https://, or http:// for this machine or a private network (10.x, 172.16–31.x, 192.168.x, a name such as .local); no user name, password, query or fragment',
			hint: "If Test says ENOTFOUND or ECONNREFUSED, or that the connection was refused or cannot be established, n8n could not reach this address: check its spelling, its port and this machine's network",
		},
	];

	authenticate = headerAuthentication(BETATEL.credential, {
		'x-api-key': 'apiKey',
		'x-account-id': 'accountId',
	});

	// Listing one delivery record is free and checks both headers; the stats and send
	// calls would not prove the account ID, and sending would cost money.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/api/v1/connect-hub/whatsapp/wdr',
			method: 'POST',
			body: { page: 1, rows_per_page: 1 },
			disableFollowRedirect: true,
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Betatel answered 401 Unauthorized: check the API key and the account ID (both are shown in the Betatel console under API keys)',
				},
			},
		],
	};
}
