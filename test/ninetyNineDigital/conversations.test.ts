import { LoadOptionsContext } from 'n8n-core';
import type { IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { NinetyNineDigital } from '../../packages/n8n-nodes-99digital/nodes/NinetyNineDigital/NinetyNineDigital.node';
import { STATS_COLUMNS } from '../../shared/normalize';
import { testCredential } from '../harness/credentialTest';
import {
	buildWorkflow,
	chain,
	fixtureItems,
	runWorkflow,
	type WorkflowResult,
} from '../harness/engine';
import { FakeNinetyNineDigital, sampleNumbers } from '../../sandbox/servers/ninetyNineDigital';
import { freshAccount, ninetyNineDigitalCredentials, ninetyNineDigitalNode } from './fixtures';

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

function remember(result: WorkflowResult): WorkflowResult {
	seenText.push(JSON.stringify(result.run.data.resultData));
	if (result.error) seenText.push(result.error.message, String(result.error.description ?? ''));
	return result;
}

const conversations = (extra: Record<string, unknown> = {}) =>
	ninetyNineDigitalNode({
		operation: 'getConversationStatistics',
		timezone: 'Asia/Jerusalem',
		...extra,
	});

const tokenRequests = () => server.requestsTo('/api/settings/accessToken');

describe('99digital through the engine', () => {
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
		seenText.push('wrong-secret-for-test'.replace(/./g, '*'));

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

	it('sends its filter as a JSON body on a GET request', async () => {
		remember(
			await runWorkflow(
				chain(
					conversations({
						startMonth: '2024-12-15T00:00:00',
						endMonth: '2025-02-01T00:00:00',
						whatsappNumber: '+972 50-111-1111',
					}),
				),
				ninetyNineDigitalCredentials(server),
			),
		);
		const [request] = server.requestsTo('getConversationsStatistics');
		expect(request.method).toBe('GET');
		expect(request.headers['content-type']).toMatch(/application\/json/);
		expect(request.headers.authorization).toMatch(/^Bearer tok-/);
		expect(JSON.parse(request.rawBody)).toEqual({
			start_date: '122024',
			end_date: '022025',
			whatsapp: '972501111111',
		});
	});

	it('emits months in ascending order across the year boundary, normalized', async () => {
		const result = remember(
			await runWorkflow(
				chain(conversations({ startMonth: '122024', endMonth: '2025-02' })),
				ninetyNineDigitalCredentials(server),
			),
		);
		const items = result.json('99digital');
		expect(items.map((item) => [item.period_start, item.period_end])).toEqual([
			['2024-12-01T00:00:00+02:00', '2025-01-01T00:00:00+02:00'],
			['2025-01-01T00:00:00+02:00', '2025-02-01T00:00:00+02:00'],
			['2025-02-01T00:00:00+02:00', '2025-03-01T00:00:00+02:00'],
		]);
		expect(Object.keys(items[0])).toEqual([...STATS_COLUMNS]);
		expect(items[0]).toMatchObject({
			provider: '99digital',
			channel: 'whatsapp',
			report: 'conversations',
			account: null,
			granularity: 'month',
			conversations: 1542,
			conversations_marketing: 720,
			conversations_service: 126,
			conversations_incoming: 696,
			sent: null,
			success_rate: null,
		});
		expect(result.hints('99digital')).toEqual([]);
	});

	it('a number filter lands in the account column; raw output keeps the provider order', async () => {
		const filtered = remember(
			await runWorkflow(
				chain(conversations({ whatsappNumber: '972502222222' })),
				ninetyNineDigitalCredentials(server),
			),
		);
		expect(filtered.json('99digital').map((item) => [item.account, item.conversations])).toEqual([
			['972502222222', 32],
			['972502222222', 2],
		]);
		const raw = remember(
			await runWorkflow(
				chain(conversations({ output: 'raw' })),
				ninetyNineDigitalCredentials(server),
			),
		);
		expect(raw.json('99digital').map((item) => item.monthYear)).toEqual([
			'022025',
			'012025',
			'122024',
		]);
	});

	it('a range starting before December 2024 gets a hint, not an error', async () => {
		const result = remember(
			await runWorkflow(
				chain(conversations({ startMonth: '2024-06-01T00:00:00' })),
				ninetyNineDigitalCredentials(server),
			),
		);
		expect(result.error).toBeUndefined();
		expect(result.hints('99digital')).toEqual([
			'99digital has no data before December 2024, so nothing comes back for June 2024 to November 2024.',
		]);
	});

	it.each([
		[{ reason: 13 }, '99digital reported an error: reason 13, wrong HTTP method'],
		[
			{ reason: 2 },
			'99digital reported an error: reason 2, wrong credentials or a JSON format error',
		],
		[
			{ reason: 77 },
			'99digital reported an error: reason 77, a code its documentation does not list',
		],
	])('a FAIL answer in a 200 is an error: %j', async (failure, message) => {
		const credentials = ninetyNineDigitalCredentials(server);
		await runWorkflow(chain(conversations()), credentials); // gets a token first
		server.queue({ status: 200, body: { status: 'FAIL', ...failure } });
		const result = remember(await runWorkflow(chain(conversations()), credentials));
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toBe(message);
	});

	it.each([
		[
			{ startMonth: '2025-03-01T00:00:00', endMonth: '2025-01-01T00:00:00' },
			'End Month: 2025-01 is before Start Month 2025-03',
		],
		[{ whatsappNumber: '97250abc' }, 'WhatsApp Number Name or ID: "97250abc" is not a phone number'],
		[{ startMonth: '13-2025' }, 'Start Month: "13-2025" is not a date and time'],
		[{ startMonth: '132025' }, 'Start Month: "132025" is not a month'],
	])('rejects bad input before any request: %j', async (parameters, message) => {
		const result = remember(
			await runWorkflow(chain(conversations(parameters)), ninetyNineDigitalCredentials(server)),
		);
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toBe(message);
		expect(server.requests).toHaveLength(0);
	});

	it('lists numbers without their API keys, with Limit', async () => {
		const result = remember(
			await runWorkflow(
				chain(ninetyNineDigitalNode({ operation: 'getAll', returnAll: false, limit: 1 })),
				ninetyNineDigitalCredentials(server),
			),
		);
		expect(result.json('99digital')).toEqual([
			{
				provider: '99digital',
				whatsapp: '972501111111',
				display_name: 'Shop Support',
				business_name: 'Example Shop',
				isOnline: true,
				conversationsThisMonth: 246,
				marketingThisMonth: 200,
				serviceThisMonth: 20,
				incomingThisMonth: 26,
			},
		]);
	});

	it('offers the account numbers in the dropdown', async () => {
		const node = ninetyNineDigitalNode({ operation: 'getConversationStatistics' });
		const workflow = buildWorkflow({ nodes: [node], connections: {} });
		const additionalData = {
			credentialsHelper: ninetyNineDigitalCredentials(server),
			currentNodeExecutionIndex: 0,
		} as unknown as IWorkflowExecuteAdditionalData;
		const context = new LoadOptionsContext(
			workflow,
			node,
			additionalData,
			'parameters.whatsappNumber',
		);
		const options = await new NinetyNineDigital().methods.loadOptions.getNumbers.call(context);
		seenText.push(JSON.stringify(options));
		expect(options).toEqual([
			{ name: 'All Numbers', value: '' },
			{ name: 'Shop Support (+972501111111)', value: '972501111111' },
			{ name: 'Example Clinic (+972502222222)', value: '972502222222' },
		]);
	});
});

describe('99digital credential test', () => {
	it('passes with a good pair and fails with a bad secret', async () => {
		const data = {
			clientId: server.clientId,
			clientSecret: server.clientSecret,
			baseUrl: server.url,
			accessToken: '',
		};
		expect(await testCredential('ninetyNineDigitalApi', data)).toEqual({
			status: 'OK',
			httpStatus: 200,
		});
		const refused = await testCredential('ninetyNineDigitalApi', {
			...data,
			clientSecret: 'wrong-secret-for-test',
		});
		expect(refused.status).toBe('Error');
		expect(refused.message).toMatch(/refused the client ID and secret/);
	});
});
