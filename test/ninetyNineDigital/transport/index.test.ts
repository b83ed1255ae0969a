import type { LoggedRequest } from '../../../sandbox/servers/base';
import { chain, runWorkflow } from '../../harness/engine';
import { conversations, ninetyNineDigitalCredentials, ninetyNineDigitalServer } from '../fixtures';

const { server, remember } = ninetyNineDigitalServer();

const tokenRequests = () => server.requestsTo('/api/settings/accessToken');
const isStatistics = (request: LoggedRequest) =>
	request.path.includes('getConversationsStatistics');

/** The last token 99digital issued, read from what the fake logged. */
const bearerOf = (request: LoggedRequest) =>
	/^Bearer (.+)$/.exec(String(request.headers.authorization))?.[1];

describe('99digital: an expired-token answer says what happened', () => {
	it.each([
		[
			200,
			/^99digital reported an error: a newly issued access token was refused as expired \(reason 3 \(access token missing or expired\) in an HTTP 200 answer\)$/,
		],
		[
			401,
			/^99digital answered 401: a newly issued access token was refused as expired \(HTTP 401\)$/,
		],
	] as const)('answered %s every time', async (status, message) => {
		server.intercept = (request) =>
			isStatistics(request) ? { status, body: { status: 'FAIL', reason: 3 } } : undefined;
		const result = remember(
			await runWorkflow(chain(conversations()), ninetyNineDigitalCredentials(server)),
		);
		expect(result.error?.message).toMatch(message);
		expect(result.error?.description).toMatch(/were accepted, since 99digital issued the token/);
		expect(result.error?.description).not.toMatch(/check the client ID and secret/i);
		expect(tokenRequests()).toHaveLength(2);
	});
});

describe('99digital: a token issued during the failing request is masked', () => {
	it.each([
		[
			'as a Bearer header',
			(token: string) => `invalid filter; request had Authorization: Bearer ${token}`,
		],
		['as a bare value', (token: string) => `the number is not linked to session ${token}`],
	])('when echoed %s', async (_label, echo) => {
		server.intercept = (request) =>
			isStatistics(request)
				? { status: 400, body: { message: echo(bearerOf(request) ?? '') } }
				: undefined;
		const result = remember(
			await runWorkflow(chain(conversations()), ninetyNineDigitalCredentials(server)),
		);
		const issued = server.issuedTokens.at(-1)!;
		expect(tokenRequests()).toHaveLength(1);
		expect(result.error?.message).toMatch(/^99digital answered 400: /);
		for (const text of [result.error?.message, result.error?.description, result.error?.stack]) {
			expect(String(text)).not.toContain(issued);
		}
		expect(JSON.stringify(result.run.data.resultData)).not.toContain(issued);
		expect(result.error?.message).toContain('***');
	});
});
