import type { IDataObject, INode } from 'n8n-workflow';

import { MemoryCredentialsHelper } from '../harness/credentials';
import { chain, node, runWorkflow, type WorkflowResult } from '../harness/engine';
import { nodeType } from '../harness/nodeTypes';
import { FakeWhatomate } from '../../sandbox/servers/whatomate';

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

export const range = { startDate: '2026-11-01T00:00:00', endDate: '2026-11-07T00:00:00' };

/** The query string of the first request `server` received. */
export const firstQuery = (server: FakeWhatomate) => Object.fromEntries(server.requests[0].query);

/**
 * Both kinds of Whatomate server, started for the test file and reset before each test: the
 * documented API, and the current release (commit 387cae4) where it differs. `run` runs the node
 * through the engine and keeps what it output, which must never hold the API key.
 */
export function whatomateServers() {
	const documented = new FakeWhatomate('documented');
	const current = new FakeWhatomate('current');
	const seenText: string[] = [];
	beforeAll(async () => {
		await documented.start();
		await current.start();
	});
	afterAll(async () => {
		await documented.stop();
		await current.stop();
		expect(seenText.join('\n')).not.toContain(current.apiKey);
	});
	beforeEach(() => {
		documented.reset();
		current.reset();
	});
	async function run(
		server: FakeWhatomate,
		parameters: IDataObject,
		credentials = whatomateCredentials(server),
	): Promise<WorkflowResult> {
		const result = await runWorkflow(chain(whatomateNode(parameters)), credentials);
		seenText.push(JSON.stringify(result.run.data.resultData));
		return result;
	}
	return { documented, current, run };
}
