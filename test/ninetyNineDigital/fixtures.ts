import type { IDataObject, INode } from 'n8n-workflow';

import { MemoryCredentialsHelper } from '../harness/credentials';
import { node } from '../harness/engine';
import { PACKAGE } from '../harness/nodeTypes';
import type { FakeNinetyNineDigital } from '../../sandbox/servers/ninetyNineDigital';

export function ninetyNineDigitalCredentials(
	server: FakeNinetyNineDigital,
	overrides: IDataObject = {},
): MemoryCredentialsHelper {
	return new MemoryCredentialsHelper().add({
		id: 'cred-99',
		name: '99digital test account',
		type: 'ninetyNineDigitalApi',
		data: {
			clientId: server.clientId,
			clientSecret: server.clientSecret,
			baseUrl: server.url,
			accessToken: '',
			...overrides,
		},
	});
}

export function ninetyNineDigitalNode(parameters: IDataObject, extra: Partial<INode> = {}): INode {
	return node(
		`${PACKAGE}.ninetyNineDigital`,
		{ resource: 'whatsapp', ...parameters },
		{
			name: '99digital',
			credentials: { ninetyNineDigitalApi: { id: 'cred-99', name: '99digital test account' } },
			...extra,
		},
	);
}
