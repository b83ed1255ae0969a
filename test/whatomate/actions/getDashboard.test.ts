import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import { STATS_COLUMNS } from '../../../shared/normalize';
import { firstQuery, range, whatomateServers } from '../fixtures';

const { documented, current, run } = whatomateServers();

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

describe('the dashboard, as each kind of server filters it', () => {
	it('a current server ignores Account ID: the item says the figures are not filtered', async () => {
		const result = await run(current, {
			operation: 'getDashboard',
			period: 'month',
			accountId: 'acc-9',
		});
		expect(result.json('Whatomate')[0]).toMatchObject({
			account: null,
			account_filter_applied: false,
		});
		expect(result.hints('Whatomate')[0]).toMatch(
			/ignores Account ID on the dashboard: the figures are for all accounts, not for "acc-9"/,
		);
	});

	it('a documented server reads Period: a named one is sent, and a Custom Range is not claimed', async () => {
		const named = await run(documented, {
			operation: 'getDashboard',
			period: 'week',
			accountId: 'acc-9',
		});
		expect(named.json('Whatomate')[0]).toMatchObject({ account: 'acc-9' });
		expect(named.json('Whatomate')[0].period_start).not.toBeNull();
		expect(firstQuery(documented)).toMatchObject({ period: 'week', account_id: 'acc-9' });

		documented.reset();
		const custom = await run(documented, { operation: 'getDashboard', period: 'custom', ...range });
		expect(custom.json('Whatomate')[0]).toMatchObject({ period_start: null, period_end: null });
		expect(custom.hints('Whatomate')[0]).toMatch(/reads only a named Period/);
		expect(firstQuery(documented)).not.toHaveProperty('period');
	});
});
