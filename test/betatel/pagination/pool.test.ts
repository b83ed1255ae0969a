import { sleep } from 'n8n-workflow';

import { ConcurrencyPool } from '../../../packages/n8n-nodes-betatel/nodes/Betatel/pagination/pool';
import { FakeBetatel, makeRecords } from '../../../sandbox/servers/betatel';
import { chain, runWorkflow } from '../../harness/engine';
import { served } from '../../harness/served';
import { betatelCredentials, betatelNode } from '../fixtures';

describe('the pool alone', () => {
	describe('ConcurrencyPool', () => {
		it('a 429 burst met by every page in flight halves the bound once, not once per page', async () => {
			for (const adaptive of [false, true]) {
				const pool = new ConcurrencyPool({ max: 16, adaptive });
				const inFlight = adaptive ? 4 : 16;
				let afterBurst: number | undefined;
				await pool.fetchPages(
					{
						fetchPage: async (_page, _size, call) => {
							await sleep(5);
							call?.onThrottle?.();
							await sleep(5);
							return { items: [], hasNextPage: false };
						},
					},
					Array.from({ length: inFlight }, (_, index) => index + 1),
					100,
					() => (afterBurst ??= pool.limit),
				);
				expect(afterBurst).toBe(inFlight / 2);
			}
		});
	});
});

describe('through the engine and real HTTP', () => {
	/**
	 * Return All's default, adaptive concurrency against three kinds of provider, through the
	 * engine and real HTTP: one that keeps up at any load, one that queues beyond its capacity
	 * (and refuses beyond twice that), and one that answers 429 to every tenth request.
	 */
	const server = served(new FakeBetatel());
	const RECORDS = 8000;
	beforeEach(() => {
		server.reset();
		server.records.whatsapp = makeRecords('whatsapp', RECORDS, { failEvery: 20 });
	});

	async function returnAll(options: Record<string, unknown> = {}) {
		const result = await runWorkflow(
			chain(betatelNode({ resource: 'whatsapp', operation: 'getAll', returnAll: true, options })),
			betatelCredentials(server),
		);
		expect(result.error).toBeUndefined();
		const uuids = result.json('Betatel').map((item) => item.uuid);
		expect(uuids).toEqual(server.records.whatsapp.map((record) => record.uuid).reverse());
		return result;
	}

	describe('Return All: adaptive concurrency', () => {
		it('a provider that keeps up: starts at 4 and goes beyond, never above Max Concurrent Requests', async () => {
			server.latencyMs = 100;
			await returnAll();
			expect(server.peakInFlight).toBeGreaterThan(4);
			expect(server.peakInFlight).toBeLessThanOrEqual(16);
			server.reset();
			server.latencyMs = 100;
			await returnAll({ maxConcurrency: 6 });
			expect(server.peakInFlight).toBe(6);
		});

		it('a provider that queues beyond 6 requests and refuses beyond 12: no 429s, and it stays near its capacity', async () => {
			server.latencyMs = 100;
			server.slots = 6;
			server.rejectBeyond = 12;
			await returnAll();
			expect(server.rejected).toBe(0);
			expect(server.peakInFlight).toBeLessThanOrEqual(12);
			expect(server.peakInFlight).toBeGreaterThanOrEqual(6);
		});

		it('the fixed setting reads exactly that many at once, and meets that provider with 429s', async () => {
			server.latencyMs = 100;
			server.slots = 6;
			server.rejectBeyond = 12;
			await returnAll({ concurrencyMode: 'fixed', maxConcurrency: 16 });
			expect(server.rejected).toBeGreaterThan(0);
			server.reset();
			server.latencyMs = 100;
			await returnAll({ concurrencyMode: 'fixed', maxConcurrency: 3 });
			expect(server.peakInFlight).toBe(3);
		});

		it('429 on every tenth request: every record once, in order', async () => {
			server.latencyMs = 20;
			server.throttleEvery = 10;
			await returnAll();
			expect(
				server.requests.filter((request) => request.path.endsWith('/wdr')).length,
			).toBeGreaterThan(RECORDS / 100);
		});

		it('an unknown Concurrency value is refused before any request, naming the field', async () => {
			const result = await runWorkflow(
				chain(
					betatelNode({
						resource: 'whatsapp',
						operation: 'getAll',
						returnAll: true,
						options: { concurrencyMode: 'turbo' },
					}),
				),
				betatelCredentials(server),
			);
			expect(result.error?.message).toMatch(/Concurrency/);
			expect(server.requests).toHaveLength(0);
		});
	});
});
