import { chain, fixtureItems, runWorkflow } from '../../harness/engine';
import { range, whatomateCredentials, whatomateNode, whatomateServers } from '../fixtures';

const { documented, current, run } = whatomateServers();

describe('Whatomate errors', () => {
	it.each([
		['getMessageAnalytics', 'message analytics', '/api/analytics/messages', 501],
		['getChatbotAnalytics', 'chatbot analytics', '/api/analytics/chatbot', 501],
	])(
		'a current server answers 501 for %s: a clear error naming the report',
		async (operation, name, path, status) => {
			const result = await run(current, { operation, ...range });
			expect(result.error?.name).toBe('NodeApiError');
			expect(result.error?.message).toBe(
				`Whatomate answered ${status}: this server does not provide the ${name} report (GET ${path})`,
			);
			expect(result.error?.description).toMatch(/Whatomate version does not implement/);
			expect(current.requests).toHaveLength(1);
		},
	);

	it('a documented-only server answers 404 for agents: the same kind of error', async () => {
		const result = await run(documented, { operation: 'getAgentAnalytics', ...range });
		expect(result.error?.message).toBe(
			'Whatomate answered 404: this server does not provide the agent analytics report (GET /api/analytics/agents)',
		);
	});

	it('with Continue On Fail the missing report is an error item, and other items go on', async () => {
		// a server being upgraded: the first request meets the old version, the second the new
		documented.queue({
			status: 501,
			body: { status: 'error', message: 'Not implemented yet', data: null },
		});
		const result = await runWorkflow(
			chain(
				fixtureItems([{ account: 'a' }, { account: 'b' }]),
				whatomateNode(
					{ operation: 'getChatbotAnalytics', ...range, accountId: '={{ $json.account }}' },
					{ onError: 'continueRegularOutput' },
				),
			),
			whatomateCredentials(documented),
		);
		const output = result.output('Whatomate');
		expect(output[0].json.error).toMatch(/does not provide the chatbot analytics report/);
		expect(output[1].json).toMatchObject({ report: 'chatbot', account: 'b' });
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('an invalid key gives a 401 with a hint', async () => {
		const result = await run(
			current,
			{ operation: 'getDashboard', period: 'today' },
			whatomateCredentials(current, { apiKey: 'whm_wrong_key_for_test' }),
		);
		expect(result.error?.message).toBe('Whatomate answered 401: Invalid API key');
		expect(result.error?.description).toMatch(/Check the API key in the credential/);
	});

	it('the server refusing a date format shows its message', async () => {
		current.queue({
			status: 400,
			body: { status: 'error', message: "Invalid 'from' date format. Use YYYY-MM-DD", data: null },
		});
		const result = await run(current, { operation: 'getDashboard', period: 'today' });
		expect(result.error?.message).toBe(
			"Whatomate answered 400: Invalid 'from' date format. Use YYYY-MM-DD",
		);
	});

	it.each([
		[
			{
				operation: 'getMessageAnalytics',
				startDate: '2026-11-09T00:00:00',
				endDate: '2026-11-01T00:00:00',
			},
			/^Start Date: .* is after End Date/,
		],
		[
			{ operation: 'compareAgents', startDate: 'last week', endDate: '2026-11-01T00:00:00' },
			/^Start Date: "last week" is not a date/,
		],
	])('rejects bad input before any request: %j', async (parameters, message) => {
		const result = await run(current, parameters);
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(message);
		expect(current.requests).toHaveLength(0);
	});

	it('an instance URL that is not http(s) is refused before any request', async () => {
		const result = await run(
			current,
			{ operation: 'getDashboard', period: 'today' },
			whatomateCredentials(current, { instanceUrl: 'whatomate.local' }),
		);
		expect(result.error?.message).toBe(
			'Instance URL in the credential "Whatomate API" must start with https:// (or http:// for a server on your own network): "whatomate.local" does not',
		);
	});
});
