import type { IDataObject, INode } from 'n8n-workflow';

import { MemoryCredentialsHelper } from '../harness/credentials';
import { node } from '../harness/engine';
import { nodeType } from '../harness/nodeTypes';
import type { FakeWhatomate } from '../../sandbox/servers/whatomate';

export function whatomateCredentials(
	server: FakeWhatomate,
	overrides: IDataObject = {},
): MemoryCredentialsHelper {
	return new MemoryCredentialsHelper().add({
		id: 'cred-wm',
		name: 'Whatomate test',
		type: 'whatomateApi',
		// a pasted URL with a trailing /api/ is accepted
		data: { instanceUrl: `${server.url}/api/`, apiKey: server.apiKey, ...overrides },
	});
}

export function whatomateNode(parameters: IDataObject, extra: Partial<INode> = {}): INode {
	return node(
		nodeType('whatomate'),
		{ resource: 'analytics', ...parameters },
		{
			name: 'Whatomate',
			credentials: { whatomateApi: { id: 'cred-wm', name: 'Whatomate test' } },
			...extra,
		},
	);
}
