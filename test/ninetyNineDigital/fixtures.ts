import type { IDataObject, INode } from 'n8n-workflow';

import { MemoryCredentialsHelper } from '../harness/credentials';
import { node } from '../harness/engine';
import { nodeType } from '../harness/nodeTypes';
import { type FakeNinetyNineDigital, sampleNumbers } from '../../sandbox/servers/ninetyNineDigital';

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
		nodeType('ninetyNineDigital'),
		{ resource: 'whatsapp', ...parameters },
		{
			name: '99digital',
			credentials: { ninetyNineDigitalApi: { id: 'cred-99', name: '99digital test account' } },
			...extra,
		},
	);
}

let accounts = 0;

/**
 * The fake as a new 99digital account. The node remembers the token it was last issued per
 * client ID and secret for as long as its process lives, which is a whole test file here:
 * a client ID of its own keeps one test's token out of the next.
 */
export function freshAccount(server: FakeNinetyNineDigital): void {
	server.reset();
	server.numbers = sampleNumbers();
	server.clientId = `client-test-${++accounts}`;
}
