import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError as NodeApiErrorOfN8n1 } from 'n8n-workflow-1';
import { sleep } from 'n8n-workflow';

/** A node as n8n 1.x's types spell it: the same object, typed by the other copy. */
type NodeOfN8n1 = ConstructorParameters<typeof NodeApiErrorOfN8n1>[0];

import { chain, fixtureItems, runWorkflow, type WorkflowResult } from '../../harness/engine';
import { FakeBetatel, makeRecords } from '../../../sandbox/servers/betatel';
import { betatelCredentials, betatelNode, betatelPoller } from '../fixtures';

const server = new FakeBetatel();
const seenText: string[] = [];

beforeAll(async () => {
	await server.start();
	server.records.whatsapp = makeRecords('whatsapp', 150);
});
afterAll(async () => {
	await server.stop();
	// Every output and error of this file, read once more for the key.
	const everything = seenText.join('\n');
	expect(everything.length).toBeGreaterThan(0);
	expect(everything).not.toContain(server.apiKey);
});
beforeEach(() => server.reset());

function remember(result: WorkflowResult): WorkflowResult {
	seenText.push(JSON.stringify(result.run.data.resultData), JSON.stringify(result.error ?? null));
	if (result.error) seenText.push(result.error.message, String(result.error.description ?? ''));
	return result;
}

const listOne = { resource: 'whatsapp', operation: 'getAll', returnAll: false, limit: 1 };
const listAll = {
	resource: 'whatsapp',
	operation: 'getAll',
	returnAll: true,
	options: { maxConcurrency: 4 },
};

async function run(parameters: IDataObject = listOne, extra = {}) {
	return remember(
		await runWorkflow(chain(betatelNode(parameters, extra)), betatelCredentials(server)),
	);
}

describe('Betatel errors and retries through the engine', () => {
	it('waits as Retry-After asks on 429, then succeeds', async () => {
		server.queue({
			status: 429,
			headers: { 'retry-after': '1' },
			body: { message: 'Too Many Requests' },
		});
		const started = Date.now();
		const result = await run();
		expect(result.error).toBeUndefined();
		expect(result.json('Betatel')).toHaveLength(1);
		expect(server.requests).toHaveLength(2);
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
	});

	it('backs off on 502, 504 and a dropped connection without Retry-After, then succeeds', async () => {
		server.queue({ status: 502, body: 'Bad Gateway' }, 'reset', { status: 504, body: '' });
		const result = await run();
		expect(result.error).toBeUndefined();
		expect(result.json('Betatel')).toHaveLength(1);
		expect(server.requests).toHaveLength(4);
	});

	it('gives up on a 503 burst longer than the retry budget, with a clear error', async () => {
		const unavailable = {
			status: 503,
			headers: { 'retry-after': '0' },
			body: 'Service Unavailable',
		};
		server.queue(...Array(6).fill(unavailable));
		const result = await run();
		expect(server.requests).toHaveLength(5);
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toBe(
			'Betatel answered 503: Service Unavailable (after 5 attempts)',
		);
		expect(result.error?.description).toMatch(/retried with backoff and gave up/);
	});

	it('with Continue On Fail, a failing item becomes an error item and the others still run', async () => {
		const unavailable = {
			status: 503,
			headers: { 'retry-after': '0' },
			body: 'Service Unavailable',
		};
		server.queue(...Array(5).fill(unavailable));
		const result = remember(
			await runWorkflow(
				chain(
					fixtureItems([{ n: 1 }, { n: 2 }, { n: 3 }]),
					betatelNode(
						{ ...listOne, limit: '={{ $json.n }}' },
						{ onError: 'continueRegularOutput' },
					),
				),
				betatelCredentials(server),
			),
		);
		expect(result.error).toBeUndefined();
		const output = result.output('Betatel');
		expect(output[0].json.error).toBe(
			'Betatel answered 503: Service Unavailable (after 5 attempts)',
		);
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output.slice(1).map((item) => item.pairedItem)).toEqual([
			{ item: 1 },
			{ item: 1 },
			{ item: 2 },
			{ item: 2 },
			{ item: 2 },
		]);
		expect(output.slice(1).every((item) => typeof item.json.uuid === 'string')).toBe(true);
	});

	it('a 401 with a plain-text body is not retried and says to check the credential', async () => {
		const result = remember(
			await runWorkflow(
				chain(betatelNode(listOne)),
				betatelCredentials(server, { apiKey: 'wrong-key-for-test' }),
			),
		);
		expect(server.requests).toHaveLength(1);
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toBe('Betatel answered 401: Unauthorized: Invalid API Key');
		expect(result.error?.description).toBe('Check the API key and account ID in the credential.');
	});

	it('a 400 with a JSON body shows the provider message, without a retry', async () => {
		server.queue({
			status: 400,
			body: {
				statusCode: 400,
				message: 'filter.status must be one of PENDING, SENT',
				error: 'Bad Request',
			},
		});
		const result = await run();
		expect(server.requests).toHaveLength(1);
		expect(result.error?.message).toBe(
			'Betatel answered 400: filter.status must be one of PENDING, SENT',
		);
	});

	it('masks the API key should the provider echo it in an error', async () => {
		server.queue({
			status: 403,
			body: `Forbidden: key ${server.apiKey} is not enabled for this account`,
		});
		const result = await run();
		expect(result.error?.message).toBe(
			'Betatel answered 403: Forbidden: key *** is not enabled for this account',
		);
	});

	it('a 200 with a body of the wrong shape is a clear error', async () => {
		server.queue({ status: 200, body: { unexpected: true } });
		const result = await run();
		expect(result.error?.message).toBe('Betatel answered without a list of delivery records');
	});

	it('an unreachable server is a clear error naming the base URL', async () => {
		const result = remember(
			await runWorkflow(
				chain(betatelNode(listOne)),
				betatelCredentials(server, { baseUrl: 'http://127.0.0.1:9' }),
			),
		);
		expect(result.error?.message).toBe('Could not reach Betatel: connection refused');
		expect(result.error?.description).toMatch(
			/Base URL in the credential "Betatel Connect Hub API"/,
		);
	});

	it('an HTML error page shows as its status and title, not as markup', async () => {
		server.queue({
			status: 500,
			headers: { 'content-type': 'text/html' },
			body: '<!DOCTYPE html><html><head><title>Internal error | gateway</title><style>h1{}</style></head><body><h1>Oops</h1><script>track()</script></body></html>',
		});
		const result = await run();
		expect(result.error?.message).toBe(
			'Betatel answered 500: an HTML page titled "Internal error | gateway"',
		);
		server.queue({ status: 500, body: '' });
		const bare = await run();
		expect(bare.error?.message).toBe('Betatel answered 500: Internal Server Error');
	});

	it('a Return All under steady throttling slows down but completes', async () => {
		server.records.whatsapp = makeRecords('whatsapp', 1_000);
		server.throttleEvery = 2;
		const result = await run(listAll);
		expect(result.error).toBeUndefined();
		expect(new Set(result.json('Betatel').map((record) => record.uuid)).size).toBe(1_000);
		expect(server.requests.length).toBeGreaterThanOrEqual(19);
	});

	it('one page throttled six times in a row while the other pages get through does not stop the read', async () => {
		server.records.whatsapp = makeRecords('whatsapp', 4_000);
		server.latencyMs = 20;
		let page2Refusals = 6;
		server.intercept = (request) =>
			(request.body as IDataObject | undefined)?.page === 2 && page2Refusals-- > 0
				? { status: 429, headers: { 'retry-after': '0' }, body: { message: 'Too Many Requests' } }
				: undefined;
		const result = await run(listAll);
		expect(result.error).toBeUndefined();
		expect(new Set(result.json('Betatel').map((record) => record.uuid)).size).toBe(4_000);
		expect(page2Refusals).toBeLessThan(0);
	});

	it('a Return All that gets nowhere still stops after five failures in a row', async () => {
		server.throttleEvery = 1;
		const result = await run(listAll);
		expect(result.error?.message).toBe(
			'Betatel answered 429: Too Many Requests (after 5 attempts)',
		);
		expect(server.requests).toHaveLength(5);
	});
});

/**
 * n8n 1.x's request helpers wrap a failed request in its NodeApiError, which keeps the code in
 * `httpCode` and drops the original error (its cause): the same requests, failing as the
 * 1.123 line hands them over.
 */
describe('a dropped connection, handed over as n8n 1.x does', () => {
	let restore: () => void = () => {};
	beforeEach(() => {
		const helpers =
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			require('n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions') as {
				getRequestHelperFunctions: (...args: unknown[]) => Record<string, unknown>;
			};
		const original = helpers.getRequestHelperFunctions;
		const spy = jest.spyOn(helpers, 'getRequestHelperFunctions').mockImplementation((...args) => {
			const made = original(...args);
			const send = made.httpRequestWithAuthentication as (...rest: unknown[]) => Promise<unknown>;
			const node = args[1] as INode;
			return {
				...made,
				async httpRequestWithAuthentication(this: unknown, ...rest: unknown[]) {
					try {
						return await send.apply(this, rest);
					} catch (error) {
						const cause = (error as { cause?: unknown }).cause ?? error;
						// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- the point: n8n 1.x's own wrapper
						throw new NodeApiErrorOfN8n1(node as unknown as NodeOfN8n1, cause as JsonObject);
					}
				},
			};
		});
		restore = () => spy.mockRestore();
	});
	afterEach(() => restore());

	it("the wrapper is 1.x's: no cause, the code in httpCode", () => {
		const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
		const wrapped = new NodeApiErrorOfN8n1(
			betatelNode(listOne) as unknown as NodeOfN8n1,
			reset as unknown as JsonObject,
		);
		expect(wrapped.cause).toBeUndefined();
		expect(wrapped.httpCode).toBe('ECONNRESET');
	});

	it('is retried with the same budget and backoff, and Return All finishes exact', async () => {
		server.queue('reset', 'reset');
		const one = await run();
		expect(one.error).toBeUndefined();
		expect(server.requests).toHaveLength(3);

		server.reset();
		server.records.whatsapp = makeRecords('whatsapp', 150);
		let listed = 0;
		server.intercept = () => (++listed === 2 ? 'reset' : undefined);
		const all = await run(listAll);
		expect(all.error).toBeUndefined();
		expect(all.json('Betatel')).toHaveLength(150);
	});

	it('a server that resets every request gets five attempts, then a clear error', async () => {
		server.intercept = () => 'reset';
		const result = await run();
		expect(server.requests).toHaveLength(5);
		expect(result.error?.message).toBe(
			'Could not reach Betatel after 5 attempts: connection reset',
		);
	});
});

describe('a provider that lies about its list', () => {
	/** Page 1 with 100 records and the figures given; every later page as `later` says. */
	const lyingList = (
		figures: IDataObject,
		later: IDataObject = { list: [], has_next_page: false },
	) => {
		const first = makeRecords('whatsapp', 100, { start: undefined });
		server.intercept = (request) => {
			if (!request.path.endsWith('/wdr')) return undefined;
			const page = Number((request.body as IDataObject).page);
			return {
				status: 200,
				body:
					page === 1
						? { page, rows_per_page: 100, has_next_page: true, list: first, ...figures }
						: { page, rows_per_page: 100, ...figures, ...later },
			};
		};
	};
	const returnAll = async () => {
		const started = Date.now();
		let timerFiredAfter = Infinity;
		// A timer set before the read: it fires late if the read holds the event loop.
		void sleep(10).then(() => (timerFiredAfter = Date.now() - started));
		const result = await runWorkflow(
			chain(betatelNode({ resource: 'whatsapp', operation: 'getAll', returnAll: true })),
			betatelCredentials(server),
		);
		const requests = server.requests.length;
		// A read quicker than the timer leaves it to fire just after; one that held the event
		// loop leaves it to fire only when the loop is free again.
		await sleep(20);
		return { result, timerFiredAfter, requests };
	};

	it.each([
		[{ total: 250, total_pages: 10_000_000 }, 'total_pages 10000000 for 250 records at 100 a page'],
		[
			{ total: 250, total_pages: 200_000_000 },
			'total_pages 200000000 for 250 records at 100 a page',
		],
		[{ total: -5, total_pages: 3 }, 'total -5'],
		[{ total: 1e300, total_pages: 3 }, 'total 1e+300'],
		[{ total: 250, total_pages: 2.5 }, 'total_pages 2.5'],
	])('%p: a clear error quoting it, after one request', async (figures, said) => {
		lyingList(figures);
		const { result, requests } = await returnAll();
		expect(result.error?.message).toBe(`Betatel said ${said}, which cannot be true`);
		expect(requests).toBe(1);
	});

	it.each([
		['empty pages that say no page follows', { list: [], has_next_page: false }],
		['empty pages that say another follows, for ever', { list: [], has_next_page: true }],
	])(
		'a total of 10^9 records with %s: the records that exist, a few requests, and n8n not held',
		async (_, later) => {
			lyingList({ total: 1_000_000_000, total_pages: 10_000_000 }, later);
			const { result, requests, timerFiredAfter } = await returnAll();
			expect(result.error).toBeUndefined();
			expect(result.output('Betatel')).toHaveLength(100);
			// Page 1, then at most the 16 pages in flight when the first empty one came back.
			expect(requests).toBeLessThanOrEqual(17);
			expect(timerFiredAfter).toBeLessThan(1_000);
		},
	);

	it("the alert's read ends as well, with what exists", async () => {
		const now = Date.now();
		const first = makeRecords('whatsapp', 100, { stepSeconds: 1 }).map((record, index) => ({
			...record,
			timestamp: new Date(now - 60_000 - index * 1000).toISOString(),
			status: 'FAILED',
		}));
		server.intercept = (request) => {
			if (!request.path.endsWith('/wdr')) return undefined;
			const page = Number((request.body as IDataObject).page);
			const figures = { total: 1_000_000_000, total_pages: 10_000_000, rows_per_page: 100, page };
			return {
				status: 200,
				body: { ...figures, has_next_page: page === 1, list: page === 1 ? first : [] },
			};
		};
		const items = await betatelPoller(server, {
			event: 'failureRateAboveThreshold',
			watch: 'network',
			window: 'lasth',
		}).poll();
		expect(items).toHaveLength(1);
		expect(items![0]).toMatchObject({ sent: 100, failed: 100 });
		expect(server.requests.length).toBeLessThanOrEqual(17);
	});
});
