/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- a developer script, run by Node beside n8n, never inside it */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO } from '../../sandbox/queueCluster';
import { makeRecords } from '../../sandbox/servers/betatel';
import { ANY_FREE_PORTS, startSandbox, type Sandbox } from '../../sandbox/sandbox';
import { publish } from './figures';
import { executeWorkflow, median, n8nRuntime, prepareUserFolder, traceOf } from './n8n';
import { stepChartPng } from './png-chart';

/**
 * `npm run bench`: reads 20,000 WDRs from the sandbox (with a fixed latency per request)
 * in the cached real n8n, RUNS times each, alternately, and reports medians:
 *   a. this package's node, Return All, default (adaptive) concurrency
 *   b. n8n's HTTP Request node with its pagination (page size 100) and a Split Out
 *   c. this package's node, fixed concurrency 1
 *   d. this package's node, fixed concurrency 4 (the default before it adapted)
 *   e. this package's node, Return All with Created After at the oldest record
 * with the ratios to (b), requests made and the peak memory of the n8n process. Then two
 * harder providers, RUNS times each: one with 6 request slots that queues beyond them and
 * answers 429 beyond 12 in flight (adaptive against fixed 4, 6, 8 and 16), and one that
 * answers 429 to every 10th request. Records arriving at the head during a read are checked
 * once. The requests in flight over time during one adaptive read of each profile are
 * drawn in docs/adaptive-concurrency.png.
 * Settings: BENCH_LATENCY_MS (50), BENCH_RECORDS (20000), BENCH_RUNS (5).
 */
const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 50);
const RECORDS = Number(process.env.BENCH_RECORDS ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PAGE = 100;
const QUEUE_SLOTS = 6;
const REFUSED_BEYOND = 12;

interface Variant {
	id: string;
	label: string;
	/** Options of the node's Return All; undefined: the HTTP Request node. */
	options?: Record<string, unknown>;
	/** The node's Created After filter. */
	createdAfter?: string;
}

const OURS_ADAPTIVE: Variant = {
	id: 'benchOursAdaptive',
	label: 'this node, adaptive (the default)',
	options: {},
};
/** A cutoff at the oldest record: the whole list, read the way a cutoff read goes. */
const OURS_CUTOFF: Variant = {
	id: 'benchOursCutoff',
	label: 'this node, Return All with Created After (adaptive)',
	options: {},
	createdAfter: '2026-01-01T00:00:00Z',
};
const HTTP_REQUEST: Variant = {
	id: 'benchHttpRequest',
	label: 'HTTP Request node, pagination, page size 100 (+ Split Out)',
};
const fixed = (concurrency: number): Variant => ({
	id: `benchOursFixed${String(concurrency).padStart(2, '0')}`,
	label: `this node, fixed ${concurrency}`,
	options: { concurrencyMode: 'fixed', maxConcurrency: concurrency },
});
/** One request at a time: what is left of its time beyond the latency is what a page costs. */
const FIXED_ONE = fixed(1);
const MAIN_VARIANTS = [OURS_ADAPTIVE, HTTP_REQUEST, FIXED_ONE, fixed(4), OURS_CUTOFF];
const QUEUEING_VARIANTS = [OURS_ADAPTIVE, fixed(4), fixed(6), fixed(8), fixed(16)];

interface Measurement {
	wallMs: number;
	requests: number;
	peakRssMb: number;
	unique: number;
	rejected: number;
	trace: Array<[number, number]>;
}

function workflow(variant: Variant, sandbox: Sandbox): object {
	const credentials = { betatelApi: { id: 'sandboxBetatel01', name: 'Betatel (sandbox)' } };
	const trigger = {
		id: 't',
		name: 'Start',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	if (variant.options) {
		return {
			id: variant.id,
			name: `bench ${variant.label}`,
			active: false,
			nodes: [
				trigger,
				{
					id: 'n',
					name: 'Read',
					type: 'n8n-nodes-betatel.betatel',
					typeVersion: 1,
					position: [200, 0],
					parameters: {
						resource: 'whatsapp',
						operation: 'getAll',
						returnAll: true,
						...(variant.createdAfter ? { filters: { createdAfter: variant.createdAfter } } : {}),
						options: variant.options,
					},
					credentials,
				},
			],
			connections: { Start: { main: [[{ node: 'Read', type: 'main', index: 0 }]] } },
			settings: {},
		};
	}
	return {
		id: variant.id,
		name: `bench ${variant.label}`,
		active: false,
		nodes: [
			trigger,
			{
				id: 'h',
				name: 'Pages',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [200, 0],
				parameters: {
					method: 'POST',
					url: `${sandbox.betatel.url}/api/v1/connect-hub/whatsapp/wdr`,
					sendHeaders: true,
					headerParameters: {
						parameters: [
							{ name: 'x-api-key', value: sandbox.betatel.apiKey },
							{ name: 'x-account-id', value: sandbox.betatel.accountId },
						],
					},
					sendBody: true,
					specifyBody: 'json',
					jsonBody: JSON.stringify({
						page: 1,
						rows_per_page: PAGE,
						sort_by: 'timestamp',
						sort_direction: 'DESC',
					}),
					options: {
						pagination: {
							pagination: {
								paginationMode: 'updateAParameterInEachRequest',
								parameters: {
									parameters: [{ type: 'body', name: 'page', value: '={{ $pageCount + 1 }}' }],
								},
								paginationCompleteWhen: 'other',
								completeExpression: '={{ $response.body.has_next_page === false }}',
								limitPagesFetched: false,
							},
						},
					},
				},
			},
			{
				id: 's',
				name: 'Read',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [400, 0],
				parameters: { fieldToSplitOut: 'list', options: {} },
			},
		],
		connections: {
			Start: { main: [[{ node: 'Pages', type: 'main', index: 0 }]] },
			Pages: { main: [[{ node: 'Read', type: 'main', index: 0 }]] },
		},
		settings: {},
	};
}

async function measure(
	userFolder: string,
	sandbox: Sandbox,
	variant: Variant,
): Promise<Measurement> {
	const before = sandbox.betatel.requests.length;
	const rejectedBefore = sandbox.betatel.rejected;
	const stopTrace = traceOf(() => sandbox.betatel.inFlight);
	const execution = await executeWorkflow(userFolder, variant.id, 'Read');
	const measurement = {
		wallMs: execution.wallMs,
		requests: sandbox.betatel.requests.length - before,
		peakRssMb: execution.peakRssMb,
		unique: new Set(execution.items.map((item) => item.json.uuid)).size,
		rejected: sandbox.betatel.rejected - rejectedBefore,
		trace: stopTrace(),
	};
	if (measurement.unique !== RECORDS)
		throw new Error(`${variant.label}: ${measurement.unique} unique records, not ${RECORDS}`);
	return measurement;
}

/** Every variant RUNS times, one after another in turn, so that drift hits them alike. */
async function alternately(
	userFolder: string,
	sandbox: Sandbox,
	profile: string,
	variants: Variant[],
): Promise<Map<Variant, Measurement[]>> {
	const results = new Map(variants.map((variant) => [variant, [] as Measurement[]]));
	for (let run = 1; run <= RUNS; run++) {
		for (const variant of variants) {
			const result = await measure(userFolder, sandbox, variant);
			results.get(variant)!.push(result);
			process.stdout.write(
				`${profile}, run ${run}, ${variant.label}: ${result.wallMs} ms, ${result.requests} requests, ${result.rejected} refused, ${result.peakRssMb} MB\n`,
			);
		}
	}
	return results;
}

const wall = (runs: Measurement[]) => median(runs.map((run) => run.wallMs));

const medianOf = (runs: Measurement[], figure: (run: Measurement) => number) =>
	median(runs.map(figure));

/** The first table of docs/performance.md: each read against the HTTP Request node's. */
function keepsUpTable(results: Map<Variant, Measurement[]>): string[] {
	const base = wall(results.get(HTTP_REQUEST)!);
	const label = (variant: Variant) =>
		variant === OURS_ADAPTIVE
			? 'this node, Return All, adaptive (the default)'
			: variant.id === fixed(4).id
				? 'this node, fixed 4 (the default before it adapted)'
				: variant.label;
	return [
		'| read | median execution (ms) | ratio to the HTTP Request node | peak RSS of n8n (MB) |',
		'|---|---|---|---|',
		...[...results].map(
			([variant, runs]) =>
				`| ${label(variant)} | ${wall(runs)} | ${(wall(runs) / base).toFixed(2)} | ${medianOf(runs, (run) => run.peakRssMb)} |`,
		),
	];
}

/** The second: each read against the best fixed setting, and the 429s it met. */
function queueingTable(results: Map<Variant, Measurement[]>, bestFixed: Variant): string[] {
	const base = wall(results.get(bestFixed)!);
	return [
		'| read | median execution (ms) | ratio to the best fixed | 429s (median) |',
		'|---|---|---|---|',
		...[...results].map(
			([variant, runs]) =>
				`| ${variant.label}${variant === bestFixed ? ' (best fixed)' : ''} | ${wall(runs)} | ${(wall(runs) / base).toFixed(2)} | ${medianOf(runs, (run) => run.rejected)} |`,
		),
	];
}

const peakInFlight = (runs: Measurement[]) =>
	medianOf(runs, (run) => Math.max(...run.trace.map(([, inFlight]) => inFlight)));

/** The run whose time is the median: its trace is the one drawn. */
const medianRun = (runs: Measurement[]) => runs.find((run) => run.wallMs === wall(runs))!;

async function main(): Promise<void> {
	const sandbox = await startSandbox(ANY_FREE_PORTS);
	try {
		const fresh = () =>
			(sandbox.betatel.records.whatsapp = makeRecords('whatsapp', RECORDS, { failEvery: 30 }));
		fresh();
		const variants = [...new Set([...MAIN_VARIANTS, ...QUEUEING_VARIANTS])];
		const userFolder = await prepareUserFolder(
			'bench-user',
			sandbox,
			variants.map((variant) => workflow(variant, sandbox)),
		);
		sandbox.betatel.latencyMs = LATENCY;
		const main = await alternately(userFolder, sandbox, 'keeps up', MAIN_VARIANTS);

		sandbox.betatel.slots = QUEUE_SLOTS;
		sandbox.betatel.rejectBeyond = REFUSED_BEYOND;
		const queueing = await alternately(userFolder, sandbox, 'queues beyond 6', QUEUEING_VARIANTS);
		sandbox.betatel.slots = 0;
		sandbox.betatel.rejectBeyond = 0;

		sandbox.betatel.throttleEvery = 10;
		const throttled = await alternately(userFolder, sandbox, '429 on every 10th', [OURS_ADAPTIVE]);
		sandbox.betatel.throttleEvery = 0;

		sandbox.betatel.headInsertsPerListRequest = 5;
		const arrivals = await executeWorkflow(userFolder, OURS_ADAPTIVE.id, 'Read');
		const arrivalsUnique = new Set(arrivals.items.map((item) => item.json.uuid)).size;
		sandbox.betatel.headInsertsPerListRequest = 0;
		fresh();

		const httpRequest = wall(main.get(HTTP_REQUEST)!);
		const adaptive = wall(main.get(OURS_ADAPTIVE)!);
		const cutoff = wall(main.get(OURS_CUTOFF)!);
		const fixedRuns = QUEUEING_VARIANTS.filter((variant) => variant !== OURS_ADAPTIVE);
		const bestFixed = fixedRuns.reduce((best, variant) =>
			wall(queueing.get(variant)!) < wall(queueing.get(best)!) ? variant : best,
		);
		const queueingAdaptive = wall(queueing.get(OURS_ADAPTIVE)!);
		const throttledAdaptive = wall(throttled.get(OURS_ADAPTIVE)!);

		const chart = join(REPO, 'docs', 'adaptive-concurrency.png');
		writeFileSync(
			chart,
			stepChartPng(
				[
					{ points: medianRun(main.get(OURS_ADAPTIVE)!).trace, colour: 'sent' },
					{ points: medianRun(queueing.get(OURS_ADAPTIVE)!).trace, colour: 'other' },
					{ points: medianRun(throttled.get(OURS_ADAPTIVE)!).trace, colour: 'failed' },
				],
				16,
				4,
			),
		);
		const pages = Math.ceil(RECORDS / PAGE);
		const fixedOne = wall(main.get(FIXED_ONE)!);
		const run = {
			tables: {
				'keeps-up': keepsUpTable(main),
				queueing: queueingTable(queueing, bestFixed),
			},
			figures: {
				records: RECORDS.toLocaleString('en-US'),
				pages: String(pages),
				latency: String(LATENCY),
				'cutoff-ratio': (cutoff / adaptive).toFixed(2),
				'cutoff-peak': String(peakInFlight(main.get(OURS_CUTOFF)!)),
				'adaptive-peak': String(peakInFlight(main.get(OURS_ADAPTIVE)!)),
				'fixed-1-ratio': (fixedOne / httpRequest).toFixed(2),
				'fixed-1-seconds': (fixedOne / 1000).toFixed(1),
				'latency-seconds': String((pages * LATENCY) / 1000),
				// What a page costs beyond its latency when pages go one at a time.
				'beyond-latency-per-page': ((fixedOne - pages * LATENCY) / pages).toFixed(1),
				'queueing-ratio': (queueingAdaptive / wall(queueing.get(bestFixed)!)).toFixed(2),
				'throttled-ms': String(throttledAdaptive),
				'throttled-requests': String(median(throttled.get(OURS_ADAPTIVE)!.map((r) => r.requests))),
				'throttled-ratio': (throttledAdaptive / httpRequest).toFixed(2),
				'arrivals-unique': arrivalsUnique.toLocaleString('en-US'),
			},
		};
		process.stdout.write(
			`\n${run.tables['keeps-up'].join('\n')}\n\n${run.tables.queueing.join('\n')}\n\n${JSON.stringify(run.figures, null, 1)}\nRequests in flight over time: ${chart}\n`,
		);
		publish('get-many', 'npm run bench', run, n8nRuntime());
		if (arrivalsUnique !== RECORDS) process.exitCode = 1;
	} finally {
		await sandbox.stop();
	}
}

main().catch((error: Error) => {
	process.stderr.write(`${error.stack ?? error.message}\n`);
	process.exit(1);
});
