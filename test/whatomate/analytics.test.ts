import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import { STATS_COLUMNS } from '../../shared/normalize';
import { testCredential } from '../harness/credentialTest';
import { chain, fixtureItems, runWorkflow, type WorkflowResult } from '../harness/engine';
import { FakeWhatomate } from '../../sandbox/servers/whatomate';
import { whatomateCredentials, whatomateNode } from './fixtures';

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

const credentials = whatomateCredentials;
const whatomate = whatomateNode;

async function run(
	server: FakeWhatomate,
	parameters: IDataObject,
	creds = whatomateCredentials(server),
): Promise<WorkflowResult> {
	const result = await runWorkflow(chain(whatomate(parameters)), creds);
	seenText.push(JSON.stringify(result.run.data.resultData));
	return result;
}

const range = { startDate: '2026-11-01T00:00:00', endDate: '2026-11-07T00:00:00' };

describe('Whatomate dashboard on both kinds of server', () => {
	it('reads both response shapes into the same columns', async () => {
		const fromDocumented = (
			await run(documented, { operation: 'getDashboard', period: 'month', accountId: 'acc-1' })
		).json('Whatomate');
		const fromCurrent = (
			await run(current, { operation: 'getDashboard', period: 'custom', ...range })
		).json('Whatomate');
		for (const items of [fromDocumented, fromCurrent]) {
			expect(items).toHaveLength(1);
			expect(Object.keys(items[0]).slice(0, STATS_COLUMNS.length)).toEqual([...STATS_COLUMNS]);
			expect(items[0]).toMatchObject({
				provider: 'whatomate',
				channel: 'whatsapp',
				report: 'dashboard',
				granularity: 'range',
				timezone: 'UTC',
				messages_total: 50000,
				contacts_total: 5000,
			});
		}
		expect(fromDocumented[0]).toMatchObject({
			account: 'acc-1',
			sent: 25000,
			received: 25000,
			campaigns_total: 20,
			chatbot_resolution_rate: 75,
		});
		expect(fromCurrent[0]).toMatchObject({
			account: null,
			period_start: '2026-11-01T00:00:00Z',
			period_end: '2026-11-08T00:00:00Z',
			sent: null,
			messages_change: 12.5,
			contacts_change: -3.2,
			campaigns_sent: 20,
		});
		expect((fromCurrent[0].recent_messages as IDataObject[])[0]).toMatchObject({
			id: 'm1',
			direction: 'incoming',
		});
		expect(Object.fromEntries(current.requests[0].query)).toEqual({
			from: '2026-11-01',
			to: '2026-11-07',
		});
	});

	it('a named period sends period as well, with from/to computed in UTC', async () => {
		await run(documented, { operation: 'getDashboard', period: 'week' });
		const query = Object.fromEntries(documented.requests[0].query);
		const today = DateTime.utc().startOf('day');
		expect(query).toEqual({
			period: 'week',
			from: today.startOf('week').toISODate(),
			to: today.toISODate(),
		});
	});

	it('raw output returns the data as the server sent it', async () => {
		const [item] = (
			await run(current, { operation: 'getDashboard', period: 'today', output: 'raw' })
		).json('Whatomate');
		expect(Object.keys(item)).toEqual(['stats', 'recent_messages']);
	});
});

describe('Whatomate message, chatbot and agent analytics', () => {
	it('messages: a summary with by_type and one item per timeline bucket', async () => {
		const result = await run(documented, {
			operation: 'getMessageAnalytics',
			...range,
			granularity: 'day',
		});
		const [summary, ...timeline] = result.json('Whatomate');
		expect(summary).toMatchObject({
			report: 'messages',
			granularity: 'range',
			sent: 10000,
			received: 8000,
			delivered: 9800,
			read: 7500,
			failed: 200,
			success_rate: 98,
			failure_rate: 2,
			delivery_rate: 98,
			read_rate: 76.5,
			by_type: { text: 12000, image: 3000, template: 2500, document: 500 },
		});
		expect(
			timeline.map((item) => [item.period_start, item.period_end, item.sent, item.failed]),
		).toEqual([
			['2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z', 500, 10],
			['2026-11-02T00:00:00Z', '2026-11-03T00:00:00Z', 600, 10],
		]);
		expect(Object.fromEntries(documented.requests[0].query)).toMatchObject({
			granularity: 'day',
			from: '2026-11-01',
			to: '2026-11-07',
		});
	});

	it('messages: summary only or timeline only', async () => {
		expect(
			(
				await run(documented, { operation: 'getMessageAnalytics', ...range, include: 'summary' })
			).json('Whatomate'),
		).toHaveLength(1);
		const timeline = (
			await run(documented, { operation: 'getMessageAnalytics', ...range, include: 'timeline' })
		).json('Whatomate');
		expect(timeline.map((item) => item.granularity)).toEqual(['day', 'day']);
	});

	it('chatbot: one summary item with flows, keywords and AI usage', async () => {
		const [item] = (await run(documented, { operation: 'getChatbotAnalytics', ...range })).json(
			'Whatomate',
		);
		expect(item).toMatchObject({
			report: 'chatbot',
			conversations: 1000,
			auto_resolved: 750,
			resolution_rate: 75,
			ai_usage: { total_tokens: 125000 },
			top_keywords: [
				{ keyword: 'order', count: 450 },
				{ keyword: 'shipping', count: 230 },
			],
		});
		expect(item.by_flow).toHaveLength(2);
	});

	it('agents: a summary item and trend items; compare agents: one item per agent', async () => {
		const agents = (
			await run(current, { operation: 'getAgentAnalytics', ...range, groupBy: 'day' })
		).json('Whatomate');
		expect(agents[0]).toMatchObject({
			report: 'agents',
			granularity: 'range',
			total_transfers_handled: 42,
			transfers_by_source: { chatbot: 30, manual: 12 },
			agent_stats: [
				{ agent_id: 'a1', agent_name: 'Dana', transfers_handled: 30, avg_resolution_mins: 12 },
				{ agent_id: 'a2', agent_name: 'Omri', transfers_handled: 12, avg_resolution_mins: 19 },
			],
		});
		expect(
			agents.slice(1).map((item) => [item.granularity, item.period_start, item.period_end]),
		).toEqual([
			['day', '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'],
			['day', '2026-11-02T00:00:00Z', '2026-11-03T00:00:00Z'],
		]);
		expect(Object.fromEntries(current.requests[0].query)).toEqual({
			from: '2026-11-01',
			to: '2026-11-07',
			group_by: 'day',
		});
		const compared = (await run(current, { operation: 'compareAgents', ...range })).json(
			'Whatomate',
		);
		expect(compared.map((agent) => agent.agent_name)).toEqual(['Dana', 'Omri']);
	});
});

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
				whatomate(
					{ operation: 'getChatbotAnalytics', ...range, accountId: '={{ $json.account }}' },
					{ onError: 'continueRegularOutput' },
				),
			),
			credentials(documented),
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
			credentials(current, { apiKey: 'whm_wrong_key_for_test' }),
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
			credentials(current, { instanceUrl: 'whatomate.local' }),
		);
		expect(result.error?.message).toBe(
			'Instance URL in the credential "Whatomate API" must start with https:// (or http:// for a server on your own network): "whatomate.local" does not',
		);
	});
});

describe('Whatomate credential test', () => {
	it('checks the key against /api/me, tolerating a trailing /api', async () => {
		expect(
			await testCredential('whatomateApi', {
				instanceUrl: `${current.url}/api/`,
				apiKey: current.apiKey,
			}),
		).toEqual({ status: 'OK', httpStatus: 200 });
		expect(current.requests[0].path).toBe('/api/me');
		expect(
			await testCredential('whatomateApi', { instanceUrl: current.url, apiKey: 'whm_wrong' }),
		).toMatchObject({ status: 'Error', httpStatus: 401 });
	});
});
