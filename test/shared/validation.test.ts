import { DateTime } from 'luxon';
import type { IDataObject, INode } from 'n8n-workflow';

import { betatelCredentials, betatelList, betatelNode } from '../betatel/fixtures';
import { chain, node, PollingTrigger, runWorkflow } from '../harness/engine';
import { nodeType } from '../harness/nodeTypes';
import { whatomateCredentials, whatomateNode } from '../whatomate/fixtures';
import { allProviders } from '../harness/allProviders';

const { betatel, whatomate, requestsSent, expectRefusedBeforeSending } = allProviders();

describe('an option given by expression is checked against its list', () => {
	it.each([
		[
			betatelList({ sortBy: '={{ "bogus" }}' }),
			/^Sort By: "bogus" is not one of the allowed values$/,
			/country, delivery_time, network, to, status, timestamp/,
		],
		[
			betatelList({ sortDirection: '={{ "sideways" }}' }),
			/^Sort Direction: "sideways"/,
			/DESC, ASC/,
		],
		[
			betatelList({ filters: { status: '={{ "LOST" }}' } }),
			/^Status: "LOST"/,
			/PENDING, QUEUED, SENT/,
		],
		[
			betatelNode({ resource: 'sms', operation: 'getAll', returnAll: false, limit: 1 }),
			/^Resource: "sms"/,
			/telegram, whatsapp/,
		],
		[
			betatelNode({ resource: 'whatsapp', operation: 'getStatistics', statType: 'decade' }),
			/^Period: "decade" is not a Betatel stat type/,
			/today, hourly/,
		],
		[
			whatomateNode({ operation: 'getDashboard', period: '={{ "decade" }}' }),
			/^Period: "decade"/,
			/custom, month, week, year, today/,
		],
		[
			whatomateNode({ operation: 'getMessageAnalytics', granularity: '={{ "fortnight" }}' }),
			/^Granularity: "fortnight"/,
			/hour, day, week, month/,
		],
		[
			whatomateNode({ operation: 'getAgentAnalytics', groupBy: '={{ "month" }}' }),
			/^Group By: "month"/,
			/day, week/,
		],
		[
			whatomateNode({ operation: 'getAgentAnalytics', output: '={{ "xml" }}' }),
			/^Output: "xml"/,
			/normalized, itemsAndChart, chart, raw/,
		],
	] as Array<[INode, RegExp, RegExp]>)('%#: %s', async (nodeUnderTest, message, allowed) => {
		const credentials = nodeUnderTest.type.endsWith('whatomate')
			? whatomateCredentials(whatomate)
			: betatelCredentials(betatel);
		await expectRefusedBeforeSending(nodeUnderTest, credentials, message, allowed);
	});

	it('letter case is forgiven: "desc" is DESC', async () => {
		const result = await runWorkflow(
			chain(betatelList({ sortDirection: '={{ "desc" }}' })),
			betatelCredentials(betatel),
		);
		expect(result.error).toBeUndefined();
		expect((betatel.requests[0].body as IDataObject).sort_direction).toBe('DESC');
	});

	it.each([
		[{ window: 'lastyear' }, /^Window: "lastyear"/],
		[{ channel: 'sms' }, /^Channel: "sms"/],
	])('the trigger refuses %j before polling', async (parameters, message) => {
		const poller = new PollingTrigger(
			node(
				nodeType('betatelTrigger'),
				{ event: 'failureRateAboveThreshold', channel: 'whatsapp', ...parameters },
				{
					name: 'Betatel Trigger',
					credentials: { betatelApi: { id: 'cred-betatel', name: 'Betatel test account' } },
				},
			),
			betatelCredentials(betatel),
		);
		await expect(poller.poll()).rejects.toThrow(message);
		expect(requestsSent()).toBe(0);
	});
});

describe('a range needing more intervals than the node computes', () => {
	it('is refused naming Start, with what to change', async () => {
		await expectRefusedBeforeSending(
			betatelNode({
				resource: 'whatsapp',
				operation: 'getStatistics',
				statType: 'hourly',
				startTime: DateTime.fromISO('2024-01-01T00:00:00Z').toISO(),
				endTime: DateTime.fromISO('2026-01-01T00:00:00Z').toISO(),
				timezone: 'UTC',
			}),
			betatelCredentials(betatel),
			/^Start: the range holds about 17,545 hour intervals, more than the 10,000 the node computes$/,
			/coarser period .* or a shorter range/,
		);
	});

	it('a year of hours is still fine', async () => {
		const result = await runWorkflow(
			chain(
				betatelNode({
					resource: 'whatsapp',
					operation: 'getStatistics',
					statType: 'hourly',
					startTime: '2025-01-01T00:00:00Z',
					endTime: '2025-12-31T23:00:00Z',
					timezone: 'UTC',
				}),
			),
			betatelCredentials(betatel),
		);
		expect(result.error).toBeUndefined();
		expect(result.json('Betatel')).toHaveLength(8760);
	});
});
