import { DateTime } from 'luxon';

import { chain, runWorkflow } from '../../harness/engine';
import {
	firstQuery,
	range,
	whatomateCredentials,
	whatomateNode,
	whatomateServers,
} from '../fixtures';

const { current, run } = whatomateServers();

describe('Whatomate agent analytics', () => {
	it('a summary item and one trend item per bucket', async () => {
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
	});
});

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
			expect(firstQuery(current)).toMatchObject({
				from: today.minus({ days: 7 }).toISODate(),
				to: today.toISODate(),
			});
			expect(result.json('Whatomate')[0]).toMatchObject({
				period_start: `${today.minus({ days: 7 }).toISODate()}T00:00:00Z`,
				period_end: `${today.plus({ days: 1 }).toISODate()}T00:00:00Z`,
			});
		},
	);
});

describe('agent analytics as the real server answers them', () => {
	it("with an Agent ID the server sends my_stats: the agent's figures and name come out", async () => {
		const [summary] = (
			await run(current, { operation: 'getAgentAnalytics', ...range, agentId: 'a2' })
		).json('Whatomate');
		expect(summary).toMatchObject({
			agent_id: 'a2',
			agent_name: 'Omri',
			agent_stats: [{ agent_id: 'a2', agent_name: 'Omri', transfers_handled: 12 }],
		});
	});

	it("a key whose user is an agent gets that agent's own figures", async () => {
		const [summary] = (
			await run(
				current,
				{ operation: 'getAgentAnalytics', ...range },
				whatomateCredentials(current, { apiKey: current.agentApiKey }),
			)
		).json('Whatomate');
		expect(summary).toMatchObject({ agent_name: 'Omri', agent_stats: [{ agent_id: 'a2' }] });
	});

	it('response times the server never computes are null with a note, not a measured 0', async () => {
		const [summary, ...trend] = (
			await run(current, { operation: 'getAgentAnalytics', ...range })
		).json('Whatomate');
		expect(summary.avg_first_response_mins).toBeNull();
		expect(summary.response_times_note).toMatch(/does not compute response times/);
		expect(summary.avg_resolution_mins).toBe(14);
		expect(trend.map((item) => item.avg_response_mins)).toEqual([null, null]);
	});

	it('weekly buckets start on Monday, the first before Start Date when it is not a Monday', async () => {
		const trend = (
			await run(current, { operation: 'getAgentAnalytics', ...range, groupBy: 'week' })
		)
			.json('Whatomate')
			.slice(1);
		expect(trend.map((item) => [item.period_start, item.period_end])).toEqual([
			['2026-10-26T00:00:00Z', '2026-11-02T00:00:00Z'],
			['2026-11-02T00:00:00Z', '2026-11-09T00:00:00Z'],
		]);
	});
});
