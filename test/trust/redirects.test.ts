import type { IDataObject } from 'n8n-workflow';

import { testCredential } from '../harness/credentialTest';
import { chain, runWorkflow, type WorkflowResult } from '../harness/engine';
import { FakeApiServer, json, type Reply } from '../../sandbox/servers/base';
import { FakeBetatel } from '../../sandbox/servers/betatel';
import { FakeNinetyNineDigital, sampleNumbers } from '../../sandbox/servers/ninetyNineDigital';
import { FakeWhatomate } from '../../sandbox/servers/whatomate';
import { betatelCredentials, betatelNode } from '../betatel/fixtures';
import { ninetyNineDigitalCredentials, ninetyNineDigitalNode } from '../ninetyNineDigital/fixtures';
import { whatomateCredentials, whatomateNode } from '../whatomate/fixtures';

/** Another origin that a redirect points at: it logs whatever reaches it and answers 200. */
class Catcher extends FakeApiServer {
	protected route(): Reply {
		return json({ status: 'OK', reason: 1, list: [], data: {}, access_token: 'caught' });
	}

	/** Same port, another host name: a different origin, as far as a browser or n8n goes. */
	get otherOrigin(): string {
		return this.url.replace('127.0.0.1', 'localhost');
	}
}

const catcher = new Catcher();
const betatel = new FakeBetatel();
const ninetyNine = new FakeNinetyNineDigital();
const whatomate = new FakeWhatomate('current');

beforeAll(async () => {
	for (const server of [catcher, betatel, ninetyNine, whatomate]) await server.start();
});
afterAll(async () => {
	for (const server of [catcher, betatel, ninetyNine, whatomate]) await server.stop();
});
beforeEach(() => {
	for (const server of [catcher, betatel, ninetyNine, whatomate]) server.reset();
	ninetyNine.numbers = sampleNumbers();
});

/** Every request to `server` whose path matches is answered with a 307 to the catcher. */
function redirectToCatcher(server: FakeApiServer, pathPart: string): void {
	server.intercept = (request) =>
		request.path.includes(pathPart)
			? {
					status: 307,
					headers: { location: `${catcher.otherOrigin}/steal?token=query-secret` },
				}
			: undefined;
}

function expectRefusedRedirect(result: WorkflowResult, provider: string, field: string): void {
	expect(catcher.requests).toHaveLength(0);
	expect(result.error?.name).toBe('NodeApiError');
	expect(result.error?.message).toBe(
		`${provider} answered 307 with a redirect to ${catcher.otherOrigin}/steal, which the node does not follow`,
	);
	expect(result.error?.message).not.toContain('query-secret');
	expect(result.error?.description).toContain(`Set ${field} in the credential`);
}

describe('no credential ever follows a redirect to another origin', () => {
	it('Betatel: x-api-key stays home, and the redirect is an error naming where it pointed', async () => {
		redirectToCatcher(betatel, '/wdr');
		const result = await runWorkflow(
			chain(betatelNode({ resource: 'whatsapp', operation: 'getAll', returnAll: false, limit: 5 })),
			betatelCredentials(betatel),
		);
		expectRefusedRedirect(result, 'Betatel', 'Base URL');
		expect(betatel.requests).toHaveLength(1);
	});

	it('Whatomate: X-API-Key stays home', async () => {
		redirectToCatcher(whatomate, '/api/analytics');
		const result = await runWorkflow(
			chain(whatomateNode({ operation: 'compareAgents' })),
			whatomateCredentials(whatomate),
		);
		expectRefusedRedirect(result, 'Whatomate', 'Instance URL');
	});

	it('99digital: the Bearer token stays home on the GET-with-body path', async () => {
		redirectToCatcher(ninetyNine, '/getConversationsStatistics');
		const result = await runWorkflow(
			chain(ninetyNineDigitalNode({ operation: 'getConversationStatistics' })),
			ninetyNineDigitalCredentials(ninetyNine),
		);
		expectRefusedRedirect(result, '99digital', 'Base URL');
	});

	it('99digital: the Bearer token stays home on a plain GET', async () => {
		redirectToCatcher(ninetyNine, '/getWhatsApp');
		const result = await runWorkflow(
			chain(ninetyNineDigitalNode({ operation: 'getAll', returnAll: true })),
			ninetyNineDigitalCredentials(ninetyNine),
		);
		expectRefusedRedirect(result, '99digital', 'Base URL');
	});

	it('99digital: the client secret stays home on the token exchange', async () => {
		redirectToCatcher(ninetyNine, '/accessToken');
		const result = await runWorkflow(
			chain(ninetyNineDigitalNode({ operation: 'getConversationStatistics' })),
			ninetyNineDigitalCredentials(ninetyNine),
		);
		expect(catcher.requests).toHaveLength(0);
		expect(result.error?.message).toMatch(
			new RegExp(
				`^99digital answered the token request with 307, a redirect to ${catcher.otherOrigin}/steal, which the node does not follow`,
			),
		);
		expect(result.error?.message).not.toContain('query-secret');
		expect(ninetyNine.requestsTo('/accessToken')).toHaveLength(1);
	});

	it.each([
		[
			'betatelApi',
			() => ({ apiKey: betatel.apiKey, accountId: betatel.accountId, baseUrl: betatel.url }),
			betatel,
			'/wdr',
		],
		[
			'whatomateApi',
			() => ({ instanceUrl: whatomate.url, apiKey: whatomate.apiKey }),
			whatomate,
			'/api/me',
		],
		[
			'ninetyNineDigitalApi',
			() => ({
				clientId: ninetyNine.clientId,
				clientSecret: ninetyNine.clientSecret,
				baseUrl: ninetyNine.url,
				accessToken: '',
			}),
			ninetyNine,
			'/getWhatsApp',
		],
	] as Array<[string, () => IDataObject, FakeApiServer, string]>)(
		"%s: the credential test's request does not follow a redirect either",
		async (type, data, server, pathPart) => {
			redirectToCatcher(server, pathPart);
			const outcome = await testCredential(type, data());
			expect(outcome.status).toBe('Error');
			expect(catcher.requests).toHaveLength(0);
		},
	);
});
