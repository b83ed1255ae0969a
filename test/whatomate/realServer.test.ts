import { DateTime } from 'luxon';

import { testCredential } from '../harness/credentialTest';
import { chain, runWorkflow } from '../harness/engine';
import { FakeWhatomate } from '../../sandbox/servers/whatomate';
import { whatomateCredentials, whatomateNode } from './fixtures';

/** What the real Whatomate server (commit 387cae4) does, as the current-release fake does it. */
const current = new FakeWhatomate('current');
const documented = new FakeWhatomate('documented');
beforeAll(async () => {
	await current.start();
	await documented.start();
});
afterAll(async () => {
	await current.stop();
	await documented.stop();
});
beforeEach(() => {
	current.reset();
	documented.reset();
});

const range = { startDate: '2026-11-01T00:00:00', endDate: '2026-11-07T00:00:00' };
const query = (server: FakeWhatomate) => Object.fromEntries(server.requests[0].query);

describe('dates are calendar dates, east and west of UTC', () => {
	it.each(['Europe/Berlin', 'Asia/Tokyo', 'America/New_York', 'UTC'])(
		'$today in %s asks for today, and the week before',
		async (timezone) => {
			const result = await runWorkflow(
				chain(
					whatomateNode({
						operation: 'getAgentAnalytics',
						startDate: '={{ $today.minus({ days: 7 }) }}',
						endDate: '={{ $today }}',
					}),
				),
				whatomateCredentials(current),
				{ timezone },
			);
			expect(result.error).toBeUndefined();
			const today = DateTime.now().setZone(timezone);
			expect(query(current)).toMatchObject({
				from: today.minus({ days: 7 }).toISODate(),
				to: today.toISODate(),
			});
			expect(result.json('Whatomate')[0]).toMatchObject({
				period_start: `${today.minus({ days: 7 }).toISODate()}T00:00:00Z`,
				period_end: `${today.plus({ days: 1 }).toISODate()}T00:00:00Z`,
			});
		},
	);

	it('an ISO value with an offset is the date it names, not the UTC date of its instant', async () => {
		await runWorkflow(
			chain(
				whatomateNode({
					operation: 'compareAgents',
					startDate: '2026-11-15T00:00:00+09:00',
					endDate: '2026-11-22T23:30:00-05:00',
				}),
			),
			whatomateCredentials(current),
		);
		expect(query(current)).toEqual({ from: '2026-11-15', to: '2026-11-22' });
	});
});

describe('the dashboard, as each kind of server filters it', () => {
	it('a current server ignores Account ID: the item says the figures are not filtered', async () => {
		const result = await runWorkflow(
			chain(whatomateNode({ operation: 'getDashboard', period: 'month', accountId: 'acc-9' })),
			whatomateCredentials(current),
		);
		expect(result.json('Whatomate')[0]).toMatchObject({
			account: null,
			account_filter_applied: false,
		});
		expect(result.hints('Whatomate')[0]).toMatch(
			/ignores Account ID on the dashboard: the figures are for all accounts, not for "acc-9"/,
		);
	});

	it('a documented server reads Period: a named one is sent, and a Custom Range is not claimed', async () => {
		const named = await runWorkflow(
			chain(whatomateNode({ operation: 'getDashboard', period: 'week', accountId: 'acc-9' })),
			whatomateCredentials(documented),
		);
		expect(named.json('Whatomate')[0]).toMatchObject({ account: 'acc-9' });
		expect(named.json('Whatomate')[0].period_start).not.toBeNull();
		expect(query(documented)).toMatchObject({ period: 'week', account_id: 'acc-9' });

		documented.reset();
		const custom = await runWorkflow(
			chain(whatomateNode({ operation: 'getDashboard', period: 'custom', ...range })),
			whatomateCredentials(documented),
		);
		expect(custom.json('Whatomate')[0]).toMatchObject({ period_start: null, period_end: null });
		expect(custom.hints('Whatomate')[0]).toMatch(/reads only a named Period/);
		expect(query(documented)).not.toHaveProperty('period');
	});
});

describe('agent analytics as the real server answers them', () => {
	it("with an Agent ID the server sends my_stats: the agent's figures and name come out", async () => {
		const [summary] = (
			await runWorkflow(
				chain(whatomateNode({ operation: 'getAgentAnalytics', ...range, agentId: 'a2' })),
				whatomateCredentials(current),
			)
		).json('Whatomate');
		expect(summary).toMatchObject({
			agent_id: 'a2',
			agent_name: 'Omri',
			agent_stats: [{ agent_id: 'a2', agent_name: 'Omri', transfers_handled: 12 }],
		});
	});

	it("a key whose user is an agent gets that agent's own figures", async () => {
		const [summary] = (
			await runWorkflow(
				chain(whatomateNode({ operation: 'getAgentAnalytics', ...range })),
				whatomateCredentials(current, { apiKey: current.agentApiKey }),
			)
		).json('Whatomate');
		expect(summary).toMatchObject({ agent_name: 'Omri', agent_stats: [{ agent_id: 'a2' }] });
	});

	it('response times the server never computes are null with a note, not a measured 0', async () => {
		const [summary, ...trend] = (
			await runWorkflow(
				chain(whatomateNode({ operation: 'getAgentAnalytics', ...range })),
				whatomateCredentials(current),
			)
		).json('Whatomate');
		expect(summary.avg_first_response_mins).toBeNull();
		expect(summary.response_times_note).toMatch(/does not compute response times/);
		expect(summary.avg_resolution_mins).toBe(14);
		expect(trend.map((item) => item.avg_response_mins)).toEqual([null, null]);
	});

	it('weekly buckets start on Monday, the first before Start Date when it is not a Monday', async () => {
		const trend = (
			await runWorkflow(
				chain(whatomateNode({ operation: 'getAgentAnalytics', ...range, groupBy: 'week' })),
				whatomateCredentials(current),
			)
		)
			.json('Whatomate')
			.slice(1);
		expect(trend.map((item) => [item.period_start, item.period_end])).toEqual([
			['2026-10-26T00:00:00Z', '2026-11-02T00:00:00Z'],
			['2026-11-02T00:00:00Z', '2026-11-09T00:00:00Z'],
		]);
	});
});

describe('timeline buckets that are not one unit apart', () => {
	it('daily dates answered for a weekly request end at the next date, never overlapping', async () => {
		const timeline = (
			await runWorkflow(
				chain(
					whatomateNode({
						operation: 'getMessageAnalytics',
						...range,
						granularity: 'week',
						include: 'timeline',
					}),
				),
				whatomateCredentials(documented),
			)
		).json('Whatomate');
		expect(timeline.map((item) => [item.period_start, item.period_end])).toEqual([
			['2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'],
			['2026-11-02T00:00:00Z', '2026-11-09T00:00:00Z'],
		]);
	});
});

describe('Compare Agents', () => {
	it('items carry channel and time zone like every other item, and Raw gives the answer', async () => {
		const items = (
			await runWorkflow(
				chain(whatomateNode({ operation: 'compareAgents', ...range })),
				whatomateCredentials(current),
			)
		).json('Whatomate');
		expect(items[0]).toMatchObject({
			provider: 'whatomate',
			channel: 'whatsapp',
			report: 'agents_comparison',
			timezone: 'UTC',
			period_start: '2026-11-01T00:00:00Z',
			agent_name: 'Dana',
		});
		const raw = (
			await runWorkflow(
				chain(whatomateNode({ operation: 'compareAgents', ...range, output: 'raw' })),
				whatomateCredentials(current),
			)
		).json('Whatomate');
		expect(Object.keys(raw[0])).toEqual(['agents']);
	});
});

describe('what a key that lost its role, or a wrong key, is told', () => {
	it('403: the hint says to check the role of the key’s user', async () => {
		const result = await runWorkflow(
			chain(whatomateNode({ operation: 'compareAgents', ...range })),
			whatomateCredentials(current, { apiKey: current.demotedApiKey }),
		);
		expect(result.error?.message).toBe('Whatomate answered 403: Insufficient permissions');
		expect(result.error?.description).toMatch(/lost the admin or manager role/);
	});

	it("the credential test shows the server's own words for a wrong key", async () => {
		const outcome = await testCredential('whatomateApi', {
			instanceUrl: current.url,
			apiKey: `whm_${'0'.repeat(32)}`,
		});
		expect(outcome).toMatchObject({ status: 'Error', httpStatus: 401 });
		expect(outcome.message).toMatch(/"Invalid API key"/);
	});
});
