import type { IDataObject, INode } from 'n8n-workflow';

import { MemoryCredentialsHelper } from '../harness/credentials';
import { node, type WorkflowResult } from '../harness/engine';
import { nodeType } from '../harness/nodeTypes';
import { FakeNinetyNineDigital, sampleNumbers } from '../../sandbox/servers/ninetyNineDigital';

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

/**
 * The fake 99digital, started for the test file and a fresh account before each test. What a
 * test hands to `remember` or `see` (outputs, errors, dropdowns) must never hold the client
 * secret, an issued token or a number's API key, which is checked when the file ends.
 */
export function ninetyNineDigitalServer() {
	const server = new FakeNinetyNineDigital();
	const seenText: string[] = [];
	beforeAll(async () => void (await server.start()));
	afterAll(async () => {
		await server.stop();
		const everything = seenText.join('\n');
		expect(everything.length).toBeGreaterThan(0);
		for (const secret of [
			server.clientSecret,
			...server.issuedTokens,
			...sampleNumbers().map((n) => n.apiKey),
		]) {
			expect(everything).not.toContain(secret);
		}
	});
	beforeEach(() => freshAccount(server));
	const see = (text: string) => void seenText.push(text);
	function remember(result: WorkflowResult): WorkflowResult {
		see(JSON.stringify(result.run.data.resultData));
		if (result.error) see(`${result.error.message}\n${String(result.error.description ?? '')}`);
		return result;
	}
	return { server, remember, see };
}

/** Get Conversation Statistics with these parameters, in a time zone east of UTC. */
export const conversations = (extra: IDataObject = {}) =>
	ninetyNineDigitalNode({
		operation: 'getConversationStatistics',
		timezone: 'Asia/Jerusalem',
		...extra,
	});
