import type { ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import { headerAuthentication } from '../nodes/shared/credentials';
import { WHATOMATE } from '../nodes/Whatomate/transport';

export class WhatomateApi implements ICredentialType {
	name = 'whatomateApi';

	displayName = 'Whatomate API';

	icon: Icon = { light: 'file:../icons/whatomate.svg', dark: 'file:../icons/whatomate.dark.svg' };

	documentationUrl = 'https://github.com/shridarpatil/whatomate';

	properties: INodeProperties[] = [
		{
			displayName: 'Instance URL',
			name: 'instanceUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'https://whatomate.example.com',
			description:
				'Address of your Whatomate server; http:// only on this machine or a private network (10.x, 172.16–31.x, 192.168.x, a one-word or .local/.internal name), and a trailing /api is ignored',
			hint: "If Test says ENOTFOUND or ECONNREFUSED, or that the connection was refused or cannot be established, n8n could not reach this address: check its spelling, its port and this machine's network",
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'whm_…',
			description:
				'Starts with whm_. An admin creates it under Settings → API Keys; it acts with the role of the user who created it',
			hint: 'Keys start with whm_ and can only be created by an admin',
		},
	];

	authenticate = headerAuthentication(WHATOMATE.credential, { 'X-API-Key': 'apiKey' });

	// The current user: authenticated, and the cheapest route every version has.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.instanceUrl.trim().replace(/\\/+$/, "").replace(/\\/api$/, "")}}',
			url: '/api/me',
			method: 'GET',
			disableFollowRedirect: true,
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Whatomate answered 401 "Invalid API key": the key is wrong, revoked, or belongs to another instance',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						"Whatomate answered 403: the key's user may no longer have the admin or manager role; check it in Whatomate",
				},
			},
		],
	};
}
