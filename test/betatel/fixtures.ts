import type { IDataObject, INode } from 'n8n-workflow';

import { MemoryCredentialsHelper } from '../harness/credentials';
import { node } from '../harness/engine';
import { nodeType } from '../harness/nodeTypes';
import type { FakeBetatel } from '../../sandbox/servers/betatel';

export const BETATEL_NODE = nodeType('betatel');

export function betatelCredentials(
	server: FakeBetatel,
	overrides: IDataObject = {},
): MemoryCredentialsHelper {
	return new MemoryCredentialsHelper().add({
		id: 'cred-betatel',
		name: 'Betatel test account',
		type: 'betatelApi',
		data: { apiKey: server.apiKey, accountId: server.accountId, baseUrl: server.url, ...overrides },
	});
}

export function betatelNode(parameters: IDataObject, extra: Partial<INode> = {}): INode {
	return node(BETATEL_NODE, parameters, {
		name: 'Betatel',
		credentials: { betatelApi: { id: 'cred-betatel', name: 'Betatel test account' } },
		...extra,
	});
}
