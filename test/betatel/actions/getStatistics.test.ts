import { DateTime } from 'luxon';

import { chain, runWorkflow } from '../../harness/engine';
import { FakeBetatel } from '../../../sandbox/servers/betatel';
import { STATS_COLUMNS } from '../../../shared/normalize';
import { betatelCredentials, betatelNode } from '../fixtures';
import { served } from '../../harness/served';

const server = served(new FakeBetatel());
beforeEach(() => server.reset());

async function stats(parameters: Record<string, unknown>, resource = 'whatsapp') {
	return await runWorkflow(
		chain(betatelNode({ resource, operation: 'getStatistics', ...parameters })),
		betatelCredentials(server),
	);
}

const intervalCases: Array<[string, string, string, string[]]> = [
	// type, start, end, expected period starts (Europe/Berlin)
	[
		'hourly',
		'2026-03-29T00:30:00',
		'2026-03-29T04:30:00',
		[
			'2026-03-29T00:00:00+01:00',
			'2026-03-29T01:00:00+01:00',
			'2026-03-29T03:00:00+02:00',
			'2026-03-29T04:00:00+02:00',
		],
	],
	[
		'daily',
		'2026-03-28T10:00:00',
		'2026-03-30T10:00:00',
		['2026-03-28T00:00:00+01:00', '2026-03-29T00:00:00+01:00', '2026-03-30T00:00:00+02:00'],
	],
	[
		'weekly',
		'2026-03-25T12:00:00',
		'2026-04-06T00:00:00',
		['2026-03-23T00:00:00+01:00', '2026-03-30T00:00:00+02:00', '2026-04-06T00:00:00+02:00'],
	],
	[
		'monthly',
		'2026-02-15T00:00:00',
		'2026-04-02T00:00:00',
		['2026-02-01T00:00:00+01:00', '2026-03-01T00:00:00+01:00', '2026-04-01T00:00:00+02:00'],
	],
	[
		'yearly',
		'2025-06-01T00:00:00',
		'2026-04-01T00:00:00',
		['2025-01-01T00:00:00+01:00', '2026-01-01T00:00:00+01:00'],
	],
];

describe('Betatel Get Statistics through the engine', () => {
	it.each(intervalCases)(
		'%s: one item per calendar interval in Europe/Berlin, across the DST change',
		async (type, start, end, periodStarts) => {
			const result = await stats({
				statType: type,
				startTime: start,
				endTime: end,
				timezone: 'Europe/Berlin',
			});
			expect(result.error).toBeUndefined();
			const items = result.json('Betatel');
			expect(items.map((item) => item.period_start)).toEqual(periodStarts);
			// each interval ends where the next begins
			for (let i = 0; i + 1 < items.length; i++)
				expect(items[i].period_end).toBe(items[i + 1].period_start);
			expect(
				items.every((item) => item.granularity === type.replace(/ly$/, '').replace('dai', 'day')),
			).toBe(true);
			const body = server.requests[0].body as Record<string, unknown>;
			expect(body).toEqual({
				type,
				timezone: 'Europe/Berlin',
				start_time: DateTime.fromISO(start, { zone: 'Europe/Berlin' }).toUTC().toISO(),
				end_time: DateTime.fromISO(end, { zone: 'Europe/Berlin' }).toUTC().toISO(),
			});
			expect(result.hints('Betatel')).toEqual([]);
		},
	);

	it('the DST day spans 23 hours', async () => {
		const result = await stats({
			statType: 'daily',
			startTime: '2026-03-29T12:00:00',
			endTime: '2026-03-29T13:00:00',
			timezone: 'Europe/Berlin',
		});
		const [day] = result.json('Betatel');
		expect(
			DateTime.fromISO(day.period_end as string).diff(
				DateTime.fromISO(day.period_start as string),
				'hours',
			).hours,
		).toBe(23);
	});

	const windows: Array<[string, number]> = [
		['lastm', 1],
		['last5m', 5],
		['last10m', 10],
		['last30m', 30],
		['lasth', 60],
		['last12h', 720],
		['last24h', 1440],
		['lastmonth', 43200],
	];

	it.each(windows)(
		'%s: one range item for the %i minutes ending at the request',
		async (type, minutes) => {
			const before = DateTime.now();
			const result = await stats({ statType: type, timezone: 'America/New_York' });
			const [item, ...rest] = result.json('Betatel');
			expect(rest).toHaveLength(0);
			expect(item.granularity).toBe('range');
			const start = DateTime.fromISO(item.period_start as string);
			const end = DateTime.fromISO(item.period_end as string);
			expect(end.diff(start, 'minutes').minutes).toBe(minutes);
			expect(end.toMillis()).toBeGreaterThanOrEqual(before.toMillis() - 1000);
			expect(end.toMillis()).toBeLessThanOrEqual(DateTime.now().toMillis());
			expect(item.period_end).toMatch(/-0[45]:00$/);
			expect(server.requests[0].body).toEqual({ type, timezone: 'America/New_York' });
		},
	);

	it('today: from midnight in the time zone until the request', async () => {
		const result = await stats({ statType: 'today', timezone: 'Asia/Kolkata' });
		const [item] = result.json('Betatel');
		expect(item.period_start).toBe(
			DateTime.now().setZone('Asia/Kolkata').startOf('day').toISO({ suppressMilliseconds: true }),
		);
		expect(item.granularity).toBe('range');
		expect(item.timezone).toBe('Asia/Kolkata');
	});

	it('maps Betatel figures to the normalized columns', async () => {
		const result = await stats({ statType: 'lasth', timezone: 'UTC' }, 'telegram');
		const [item] = result.json('Betatel');
		expect(Object.keys(item)).toEqual([...STATS_COLUMNS]);
		expect(item).toMatchObject({
			provider: 'betatel',
			channel: 'telegram',
			report: 'stats',
			account: null,
			sent: 100,
			delivered: 90,
			failed: 10,
			success_rate: 90,
			failure_rate: 10,
			cost: 1.8,
			currency: 'EUR',
			read: null,
			received: null,
			conversations: null,
		});
		expect(server.requests[0].path).toBe('/api/v1/connect-hub/telegram/stats');
	});

	it('never guesses periods when the entry count differs from the intervals', async () => {
		server.statsOverride = () => [
			{ total_requests: 5, total_transactions: 5, total_amount: 0.1, currency: 'EUR' },
			{ total_requests: 7, total_transactions: 6, total_amount: 0.12, currency: 'EUR' },
		];
		const result = await stats({
			statType: 'daily',
			startTime: '2026-03-01T00:00:00',
			endTime: '2026-03-03T00:00:00',
			timezone: 'UTC',
		});
		const items = result.json('Betatel');
		expect(items.map((item) => [item.period_start, item.period_end, item.bucket_index])).toEqual([
			[null, null, 0],
			[null, null, 1],
		]);
		expect(result.hints('Betatel').join(' ')).toMatch(
			/2 whatsapp statistics entries where 3 daily intervals were expected/,
		);
	});

	it('raw output hands back the entries as they came', async () => {
		const result = await stats({ statType: 'lasth', timezone: 'UTC', output: 'raw' });
		expect(result.json('Betatel')).toEqual([
			{ total_requests: 100, total_transactions: 90, total_amount: 1.8, currency: 'EUR' },
		]);
	});

	it("uses the workflow's time zone when the field is empty", async () => {
		const result = await runWorkflow(
			chain(
				betatelNode({
					resource: 'whatsapp',
					operation: 'getStatistics',
					statType: 'today',
					timezone: '',
				}),
			),
			betatelCredentials(server),
			{ timezone: 'Australia/Sydney' },
		);
		expect(result.json('Betatel')[0].timezone).toBe('Australia/Sydney');
	});

	it('the default range (last 7 days until now) resolves and is accepted', async () => {
		const result = await stats({ statType: 'daily', timezone: 'UTC' });
		expect(result.error).toBeUndefined();
		expect(result.json('Betatel')).toHaveLength(8);
	});

	it.each([
		[
			{
				statType: 'daily',
				startTime: '2026-03-05T00:00:00',
				endTime: '2026-03-01T00:00:00',
				timezone: 'UTC',
			},
			/^Start: .* is after End/,
		],
		[
			{
				statType: 'daily',
				startTime: '2026-03-01T00:00:00',
				endTime: '2026-03-05T00:00:00',
				timezone: 'Mars/Olympus',
			},
			/^Time Zone: "Mars\/Olympus" is not an IANA time zone/,
		],
		[
			{
				statType: 'daily',
				startTime: 'yesterday-ish',
				endTime: '2026-03-05T00:00:00',
				timezone: 'UTC',
			},
			/^Start: "yesterday-ish" is not a date/,
		],
		[
			{ statType: 'fortnightly', timezone: 'UTC' },
			/^Period: "fortnightly" is not a Betatel stat type/,
		],
	])('rejects bad input before any request: %j', async (parameters, message) => {
		const result = await stats(parameters);
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(message);
		expect(server.requests).toHaveLength(0);
	});

	it('accepts a stat type given in capitals, as one of the docs samples sends it', async () => {
		const result = await stats({ statType: 'LASTH', timezone: 'UTC' });
		expect(result.error).toBeUndefined();
		expect((server.requests[0].body as { type: string }).type).toBe('lasth');
	});
});

describe('Get Statistics, version 1.1: the default range ends with the last whole day', () => {
	const defaultRange = async (typeVersion: number) => {
		const result = await runWorkflow(
			chain(
				betatelNode(
					{ resource: 'whatsapp', operation: 'getStatistics', statType: 'daily', timezone: 'UTC' },
					{ typeVersion },
				),
			),
			betatelCredentials(server),
		);
		expect(result.error).toBeUndefined();
		const body = server.requests[server.requests.length - 1].body as Record<string, string>;
		return { body, days: result.json('Betatel').map((item) => item.period_start) };
	};
	const today = () => DateTime.utc().startOf('day');

	it('a new node (1.1) asks for the 7 whole days before today', async () => {
		const { body, days } = await defaultRange(1.1);
		expect(body.start_time).toBe(today().minus({ days: 7 }).toISO());
		expect(days).toHaveLength(7);
		expect(days.at(-1)).toBe(today().minus({ days: 1 }).toISO({ suppressMilliseconds: true }));
	});

	it('a saved version-1 node keeps its range: up to now, today included', async () => {
		const { days } = await defaultRange(1);
		expect(days).toHaveLength(8);
		expect(days.at(-1)).toBe(today().toISO({ suppressMilliseconds: true }));
	});
});
