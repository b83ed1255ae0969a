import { DateTime } from 'luxon';

import { chain, fixtureItems, runWorkflow } from '../../harness/engine';
import { FakeBetatel, makeRecord, makeRecords } from '../../../sandbox/servers/betatel';
import { betatelCredentials, betatelNode } from '../fixtures';
import { served } from '../../harness/served';

const server = served(new FakeBetatel());
beforeEach(() => {
	server.reset();
	server.records.whatsapp = makeRecords('whatsapp', 1234, { failEvery: 20 });
	server.records.telegram = makeRecords('telegram', 30);
});

const listPages = () =>
	server.requestsTo('/wdr').map((request) => request.body as Record<string, unknown>);

async function getMany(parameters: Record<string, unknown>, resource = 'whatsapp') {
	return await runWorkflow(
		chain(betatelNode({ resource, operation: 'getAll', ...parameters })),
		betatelCredentials(server),
	);
}

describe('Betatel Get Many Delivery Records through the engine', () => {
	it('Return All reads 1,234 records in 13 requests, each record once, newest first', async () => {
		const result = await getMany({ returnAll: true });
		const items = result.json('Betatel');
		expect(items).toHaveLength(1234);
		expect(new Set(items.map((item) => item.uuid)).size).toBe(1234);
		expect(server.requests).toHaveLength(13);
		expect(listPages().map((body) => body.rows_per_page)).toEqual(Array(13).fill(100));
		expect(listPages().map((body) => body.page)).toEqual([
			1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
		]);
		const timestamps = items.map((item) => item.timestamp as string);
		expect([...timestamps].sort().reverse()).toEqual(timestamps);
		expect(items[0]).toMatchObject({
			provider: 'betatel',
			channel: 'whatsapp',
			wam_id: expect.any(String),
		});
	});

	it('Return All reads the pages after the first at once, up to Max Concurrent Requests', async () => {
		server.latencyMs = 40;
		const result = await getMany({ returnAll: true, options: { maxConcurrency: 4 } });
		expect(result.json('Betatel')).toHaveLength(1234);
		expect(server.peakInFlight).toBe(4);
		server.reset();
		const sequential = await getMany({ returnAll: true, options: { maxConcurrency: 1 } });
		expect(sequential.json('Betatel').map((item) => item.uuid)).toEqual(
			result.json('Betatel').map((item) => item.uuid),
		);
		expect(server.peakInFlight).toBe(1);
	});

	it.each([1, 4, 8])(
		'concurrency %i: many records arriving at the head during the read: the snapshot, each once, in order',
		async (maxConcurrency) => {
			server.latencyMs = 10;
			server.headInsertsPerListRequest = 37;
			const result = await getMany({ returnAll: true, options: { maxConcurrency } });
			// the snapshot is the list as the first page saw it
			const snapshot = server.records.whatsapp
				.slice(0, 1234)
				.sort((a, b) => b.timestamp.localeCompare(a.timestamp) || b.uuid.localeCompare(a.uuid));
			expect(result.json('Betatel').map((item) => item.uuid)).toEqual(
				snapshot.map((record) => record.uuid),
			);
			expect(server.records.whatsapp.length).toBeGreaterThan(1234 + 12 * 37);
		},
	);

	it('a rate-limited account still completes: 10 % of answers are 429', async () => {
		server.throttleShare = 0.1;
		const result = await getMany({ returnAll: true, options: { maxConcurrency: 4 } });
		const uuids = result.json('Betatel').map((item) => item.uuid);
		expect(new Set(uuids).size).toBe(1234);
		expect(server.requests.length).toBeGreaterThan(13);
	}, 60_000);

	it('another sort order whose total moves during the read is read again in order, nothing lost', async () => {
		server.headInsertsPerListRequest = 5;
		const before = new Set(server.records.whatsapp.map((record) => record.uuid));
		const result = await getMany({
			returnAll: true,
			sortBy: 'to',
			sortDirection: 'ASC',
			options: { maxConcurrency: 4 },
		});
		const uuids = result.json('Betatel').map((item) => item.uuid as string);
		expect(new Set(uuids).size).toBe(uuids.length);
		for (const uuid of before) expect(uuids).toContain(uuid);
	});

	it('a Limit of 250 reads 3 pages, not all of them', async () => {
		const result = await getMany({ returnAll: false, limit: 250 });
		expect(result.json('Betatel')).toHaveLength(250);
		expect(server.requests).toHaveLength(3);
	});

	it('a small Limit asks for one small page', async () => {
		const result = await getMany({ returnAll: false, limit: 5 });
		expect(result.json('Betatel')).toHaveLength(5);
		expect(listPages()).toEqual([
			{ page: 1, rows_per_page: 5, sort_by: 'timestamp', sort_direction: 'DESC' },
		]);
	});

	it('records inserted at the head between page reads: none twice, none missing', async () => {
		const original = new Set(server.records.whatsapp.map((record) => record.uuid));
		let inserted = 0;
		server.beforeListPage = (channel, page) => {
			if (page === 1) return;
			// 37 new messages arrive before each later page is read: older ones shift down
			for (let i = 0; i < 37; i++) {
				server.records[channel].push(
					makeRecord(
						channel,
						DateTime.fromISO('2026-06-01T00:00:00Z').plus({ seconds: inserted++ }),
					),
				);
			}
		};
		const result = await getMany({ returnAll: true });
		const uuids = result.json('Betatel').map((item) => item.uuid as string);
		expect(new Set(uuids).size).toBe(uuids.length);
		for (const uuid of original) expect(uuids).toContain(uuid);
		const timestamps = result.json('Betatel').map((item) => item.timestamp as string);
		expect([...timestamps].sort().reverse()).toEqual(timestamps);
	});

	it('sends status, recipient and custom filters with the sort, and Telegram numbers keep their +', async () => {
		await getMany({
			returnAll: false,
			limit: 10,
			filters: { status: 'failed', to: '+387 61-444-555', custom: '{"country_code": 387}' },
			sortBy: 'status',
			sortDirection: 'ASC',
		});
		expect(listPages()[0]).toEqual({
			page: 1,
			rows_per_page: 10,
			sort_by: 'status',
			sort_direction: 'ASC',
			filter: { country_code: 387, status: 'FAILED', to: '38761444555' },
		});
		server.requests.length = 0;
		await getMany({ returnAll: true, filters: { to: '38761444555' } }, 'telegram');
		expect((server.requestsTo('/telegram/tdr')[0].body as { filter: unknown }).filter).toEqual({
			to: '+38761444555',
		});
	});

	it('only the FAILED records come back with the status filter', async () => {
		const result = await getMany({ returnAll: true, filters: { status: 'FAILED' } });
		const items = result.json('Betatel');
		expect(items).toHaveLength(62);
		expect(items.every((item) => item.status === 'FAILED')).toBe(true);
	});

	it('Created After stops the newest-first read at the cutoff, and filters other orders', async () => {
		// 1,234 records one minute apart from 2026-01-01T00:00Z
		const cutoff = '2026-01-01T20:00:00Z';
		const expected = server.records.whatsapp.filter(
			(record) => record.timestamp >= '2026-01-01T20:00:00.000Z',
		).length;
		const newest = await getMany({ returnAll: true, filters: { createdAfter: cutoff } });
		expect(newest.json('Betatel')).toHaveLength(expected);
		expect(server.requests.length).toBeLessThan(13);
		const pagesRead = server.requests.length;
		expect(pagesRead).toBe(Math.ceil((expected + 1) / 100));
		server.requests.length = 0;
		const oldestFirst = await getMany({
			returnAll: true,
			filters: { createdAfter: cutoff },
			sortDirection: 'ASC',
		});
		expect(
			oldestFirst
				.json('Betatel')
				.map((item) => item.uuid)
				.sort(),
		).toEqual(
			newest
				.json('Betatel')
				.map((item) => item.uuid)
				.sort(),
		);
		expect(server.requests).toHaveLength(13);
	});

	it('Telegram lists TDRs from their own route', async () => {
		const result = await getMany({ returnAll: true }, 'telegram');
		expect(result.json('Betatel')).toHaveLength(30);
		expect(result.json('Betatel')[0]).toMatchObject({
			channel: 'telegram',
			to: expect.stringMatching(/^\+/),
		});
	});

	it('each input item runs with its own parameters, paired to its input', async () => {
		const result = await runWorkflow(
			chain(
				fixtureItems([
					{ wanted: 2, status: 'FAILED' },
					{ wanted: 3, status: 'DELIVERED' },
				]),
				betatelNode({
					resource: 'whatsapp',
					operation: 'getAll',
					returnAll: false,
					limit: '={{ $json.wanted }}',
					filters: { status: '={{ $json.status }}' },
				}),
			),
			betatelCredentials(server),
		);
		const output = result.output('Betatel');
		expect(output.map((item) => [item.json.status, item.pairedItem])).toEqual([
			['FAILED', { item: 0 }],
			['FAILED', { item: 0 }],
			['DELIVERED', { item: 1 }],
			['DELIVERED', { item: 1 }],
			['DELIVERED', { item: 1 }],
		]);
	});

	it.each([
		[{ returnAll: false, limit: 0 }, /^Limit: must be a whole number from 1 to 10000, got 0/],
		[
			{ returnAll: false, limit: 5, filters: { custom: '[1, 2]' } },
			/^Custom Filter \(JSON\): must be a JSON object/,
		],
		[
			{ returnAll: false, limit: 5, filters: { custom: '{status:' } },
			/^Custom Filter \(JSON\): is not valid JSON/,
		],
	])('rejects bad input before any request: %j', async (parameters, message) => {
		const result = await getMany(parameters);
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(message);
		expect(server.requests).toHaveLength(0);
	});
});
