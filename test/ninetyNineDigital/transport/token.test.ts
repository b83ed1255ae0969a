import { pairFingerprint } from '../../../packages/n8n-nodes-99digital/nodes/NinetyNineDigital/transport/api';
import type { LoggedRequest } from '../../../sandbox/servers/base';
import { testCredential } from '../../harness/credentialTest';
import { chain, fixtureItems, runWorkflow } from '../../harness/engine';
import {
	conversations,
	ninetyNineDigitalCredentials,
	ninetyNineDigitalNode,
	ninetyNineDigitalServer,
} from '../fixtures';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

const { server, remember, see } = ninetyNineDigitalServer();

const tokenRequests = () => server.requestsTo('/api/settings/accessToken');
const statisticsRequests = () => server.requestsTo('getConversationsStatistics');
const isStatistics = (request: LoggedRequest) =>
	request.path.includes('getConversationsStatistics');

/** The last token 99digital issued, read from what the fake logged. */
const bearerOf = (request: LoggedRequest) =>
	/^Bearer (.+)$/.exec(String(request.headers.authorization))?.[1];

describe('99digital: one token per run, whatever the network does', () => {
	it('retries after reset connections with the token it has', async () => {
		let resets = 3;
		server.intercept = (request) => (isStatistics(request) && resets-- > 0 ? 'reset' : undefined);
		const result = await runWorkflow(chain(conversations()), ninetyNineDigitalCredentials(server));
		expect(result.error).toBeUndefined();
		expect(result.json('99digital').length).toBeGreaterThan(0);
		expect(statisticsRequests()).toHaveLength(4);
		expect(tokenRequests()).toHaveLength(1);
		expect(new Set(statisticsRequests().map(bearerOf)).size).toBe(1);
	});

	it('reuses the stored token in the next run while it is valid, and a new pair gets its own', async () => {
		const credentials = ninetyNineDigitalCredentials(server);
		await runWorkflow(chain(conversations()), credentials);
		await runWorkflow(chain(fixtureItems([{ n: 1 }, { n: 2 }]), conversations()), credentials);
		expect(tokenRequests()).toHaveLength(1);

		// The same stored token, but the secret was changed: the token is not the new pair's.
		server.clientSecret = 'rotated-secret-not-real';
		const stored = credentials.store.get('cred-99')!;
		stored.data.clientSecret = 'rotated-secret-not-real';
		await runWorkflow(chain(conversations()), credentials);
		expect(tokenRequests()).toHaveLength(2);
		server.clientSecret = 'secret-not-real';
	});
});

describe('99digital: what is remembered as a refusal, and what is not', () => {
	it.each([
		[
			'an HTML proxy page',
			{ status: 502, body: '<html><head><title>Bad Gateway</title></head></html>' },
			/answered HTTP 502 with an HTML page titled "Bad Gateway"/,
		],
		[
			'a 200 without a token',
			{ status: 200, body: { status: 'OK', note: 'maintenance' } },
			/answered HTTP 200 without a token/,
		],
		[
			'a 401 with no reason',
			{ status: 401, body: 'Unauthorized' },
			/answered HTTP 401 with Unauthorized/,
		],
	])('%s says what came back, and does not block a good pair', async (_label, reply, message) => {
		server.intercept = (request) => (request.path.endsWith('/accessToken') ? reply : undefined);
		const credentials = ninetyNineDigitalCredentials(server);
		const failed = await runWorkflow(chain(conversations()), credentials);
		expect(failed.error?.message).toMatch(/^99digital issued no access token/);
		expect(failed.error?.message).toMatch(message);
		expect(failed.error?.message).toMatch(/not a refusal of the client ID and secret/);
		expect(tokenRequests()).toHaveLength(1);

		// Once 99digital answers properly again, the same pair works at once (after n8n's own
		// immediate second ask has passed).
		server.intercept = undefined;
		await sleep(2_100);
		const recovered = await runWorkflow(chain(conversations()), credentials);
		expect(recovered.error).toBeUndefined();
		expect(tokenRequests()).toHaveLength(2);
	});

	it('a refusal (reason 2) is remembered, says until when, and the credential test says so too', async () => {
		const credentials = ninetyNineDigitalCredentials(server, {
			clientSecret: 'refused-secret-one',
		});
		const first = await runWorkflow(chain(conversations()), credentials);
		const remembered =
			/^99digital refused the client ID and secret \(reason 2: wrong credentials or a JSON format error\): check them in the credential\. This n8n process remembers the refusal until \d\d:\d\d:\d\d UTC, or until the client ID or secret changes/;
		expect(first.error?.message).toMatch(remembered);
		expect(tokenRequests()).toHaveLength(1);

		const second = await runWorkflow(chain(conversations()), credentials);
		expect(second.error?.message).toMatch(remembered);
		const outcome = await testCredential('ninetyNineDigitalApi', {
			clientId: server.clientId,
			clientSecret: 'refused-secret-one',
			baseUrl: server.url,
			accessToken: '',
		});
		expect(outcome.message).toMatch(remembered);
		expect(tokenRequests()).toHaveLength(1);
		expect(server.badTokenAttempts).toBe(1);
	});
});

describe('99digital: executions side by side in one process share the token exchange', () => {
	it('five executions started together on an empty credential get one token, and one refresh when it expires', async () => {
		const credentials = ninetyNineDigitalCredentials(server);
		const fiveTogether = async () =>
			await Promise.all(
				Array.from(
					{ length: 5 },
					async () => await runWorkflow(chain(conversations()), credentials),
				),
			);
		server.latencyMs = 50;
		for (const result of await fiveTogether()) expect(result.error).toBeUndefined();
		expect(tokenRequests()).toHaveLength(1);

		// Five executions that all loaded the first token see it refused together.
		server.expireTokens();
		for (const result of await fiveTogether()) expect(result.error).toBeUndefined();
		expect(tokenRequests()).toHaveLength(2);
	});
});

describe('99digital: a token another worker stored', () => {
	it('is refused as expired: a token of this process that is no newer is not handed out for it', async () => {
		const credentials = ninetyNineDigitalCredentials(server);
		await runWorkflow(chain(conversations()), credentials);
		// Another worker, started cold at the same moment, fetched a token of its own and
		// n8n stored that one in the credential.
		const elsewhere = (await (
			await fetch(`${server.url}/api/settings/accessToken`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ client_id: server.clientId, client_secret: server.clientSecret }),
			})
		).json()) as { access_token: string; expiration_time: string };
		const stored = credentials.store.get('cred-99')!;
		stored.data.accessToken = elsewhere.access_token;
		stored.data.accessTokenFor = pairFingerprint(stored.data as ICredentialDataDecryptedObject);
		stored.data.accessTokenExpiresAt = elsewhere.expiration_time;

		server.expireTokens();
		const result = await runWorkflow(chain(conversations()), credentials);
		expect(result.error).toBeUndefined();
		expect(tokenRequests()).toHaveLength(3);
		expect(bearerOf(statisticsRequests().at(-1)!)).toBe(stored.data.accessToken);
		expect(stored.data.accessToken).not.toBe(elsewhere.access_token);
	});
});

describe('99digital: an execution that read the credential just before n8n saved a token', () => {
	it('gets the token this process was just issued; a credential empty for longer reaches 99digital', async () => {
		await runWorkflow(chain(conversations()), ninetyNineDigitalCredentials(server));
		// Another execution on the same worker had read the credential while it was still empty.
		const readBeforeTheSave = ninetyNineDigitalCredentials(server);
		const result = await runWorkflow(chain(conversations()), readBeforeTheSave);
		expect(result.error).toBeUndefined();
		expect(tokenRequests()).toHaveLength(1);
		expect(new Set(statisticsRequests().map(bearerOf)).size).toBe(1);

		// A minute on, a credential without a token is a new one or a credential test.
		const realNow = Date.now.bind(Date);
		const later = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 61_000);
		try {
			await runWorkflow(chain(conversations()), ninetyNineDigitalCredentials(server));
		} finally {
			later.mockRestore();
		}
		expect(tokenRequests()).toHaveLength(2);
	});
});

describe('99digital: the token through the engine', () => {
	it('fetches the token once for several items and several operations', async () => {
		const credentials = ninetyNineDigitalCredentials(server);
		const result = remember(
			await runWorkflow(
				chain(
					fixtureItems([{ n: 1 }, { n: 2 }, { n: 3 }]),
					conversations(),
					ninetyNineDigitalNode(
						{ operation: 'getAll', returnAll: true },
						{ name: 'Numbers', executeOnce: true },
					),
				),
				credentials,
			),
		);
		expect(result.error).toBeUndefined();
		expect(result.json('99digital')).toHaveLength(9);
		expect(result.json('Numbers')).toHaveLength(2);
		expect(tokenRequests()).toHaveLength(1);
		expect(server.requests).toHaveLength(5);
		// the token is kept in the credential, as n8n stores it
		expect(credentials.store.get('cred-99')?.data.accessToken).toBe(server.issuedTokens.at(-1));
	});

	it.each([200, 401] as const)(
		'refreshes an expired token once and retries (expired answered with %i)',
		async (status) => {
			server.expiredTokenStatus = status;
			server.expireTokensAfter = 1;
			const result = remember(
				await runWorkflow(
					chain(fixtureItems([{ n: 1 }, { n: 2 }, { n: 3 }]), conversations()),
					ninetyNineDigitalCredentials(server),
				),
			);
			expect(result.error).toBeUndefined();
			expect(result.json('99digital')).toHaveLength(9);
			expect(result.output('99digital').map((item) => item.pairedItem)).toEqual(
				[0, 0, 0, 1, 1, 1, 2, 2, 2].map((item) => ({ item })),
			);
			expect(tokenRequests()).toHaveLength(2);
			// item 1, item 2 refused, item 2 again, item 3
			expect(server.requestsTo('getConversationsStatistics')).toHaveLength(4);
		},
	);

	it('a stored token that has expired is refreshed on the first request', async () => {
		const result = remember(
			await runWorkflow(
				chain(conversations()),
				ninetyNineDigitalCredentials(server, { accessToken: 'tok-from-yesterday' }),
			),
		);
		expect(result.error).toBeUndefined();
		expect(tokenRequests()).toHaveLength(1);
	});

	it('a bad client secret: one token request, a clear error, no retry, even with Continue On Fail', async () => {
		const result = remember(
			await runWorkflow(
				chain(fixtureItems([{ n: 1 }, { n: 2 }, { n: 3 }]), conversations({})),
				ninetyNineDigitalCredentials(server, { clientSecret: 'wrong-secret-for-test' }),
			),
		);
		expect(tokenRequests()).toHaveLength(1);
		expect(server.requests).toHaveLength(1);
		expect(result.error?.message).toMatch(
			/^99digital refused the client ID and secret \(reason 2: wrong credentials or a JSON format error\): check them in the credential/,
		);
		see('wrong-secret-for-test'.replace(/./g, '*'));

		server.reset();
		const tolerant = remember(
			await runWorkflow(
				chain(
					fixtureItems([{ n: 1 }, { n: 2 }, { n: 3 }]),
					ninetyNineDigitalNode(
						{ operation: 'getConversationStatistics' },
						{ onError: 'continueRegularOutput' },
					),
				),
				ninetyNineDigitalCredentials(server, { clientSecret: 'wrong-secret-for-test' }),
			),
		);
		// the refused pair is remembered: not sent again, for any item
		expect(tokenRequests()).toHaveLength(0);
		expect(tolerant.json('99digital')).toHaveLength(3);
		for (const item of tolerant.json('99digital'))
			expect(item.error).toMatch(/^99digital refused the client ID and secret/);
	});
});
