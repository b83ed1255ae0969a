/* eslint-disable @n8n/community-nodes/no-restricted-globals -- a developer script, run by Node beside n8n, never inside it */

import { DateTime } from 'luxon';

import { countGroups, makeVariedRecords } from '../../sandbox/servers/betatel';
import { ANY_FREE_PORTS, startSandbox } from '../../sandbox/sandbox';
import { publish } from './figures';
import { executeWorkflow, n8nRuntime, prepareUserFolder, traceOf } from './n8n';

/**
 * `npm run bench:summarize`: Summarize (WhatsApp, by network) over 10,000, 200,000 and
 * 1,000,000 records in the cached real n8n, each read twice: at BENCH_LATENCY_MS (50) per
 * request, and with no latency, which leaves the CPU as the only bound. Reports the time
 * against the pages' latency floor at the concurrency the read kept on average, n8n's peak
 * memory against the smallest read's, and checks every group against counts made record
 * by record from the fake's data.
 * Settings: BENCH_LATENCY_MS (50), BENCH_SIZES (10000,200000,1000000).
 */
const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 50);
const SIZES = (process.env.BENCH_SIZES ?? '10000,200000,1000000').split(',').map(Number);
const PAGE = 100;
const START = DateTime.fromISO('2026-01-01T00:00:00Z');
const FROM = START.minus({ days: 1 });
const TO = START.plus({ days: 30 });
const WORKFLOW_ID = 'benchSummarizeNet';

const workflow = {
	id: WORKFLOW_ID,
	name: 'bench Summarize by network',
	active: false,
	nodes: [
		{
			id: 't',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'n',
			name: 'Summarize',
			type: 'n8n-nodes-betatel.betatel',
			typeVersion: 1,
			position: [200, 0],
			parameters: {
				resource: 'whatsapp',
				operation: 'summarize',
				createdAfter: FROM.toISO(),
				createdBefore: TO.toISO(),
				groupBy: ['network'],
				timeGrouping: 'none',
				timezone: 'UTC',
			},
			credentials: { betatelApi: { id: 'sandboxBetatel01', name: 'Betatel (sandbox)' } },
		},
	],
	connections: { Start: { main: [[{ node: 'Summarize', type: 'main', index: 0 }]] } },
	settings: {},
};

async function main(): Promise<void> {
	const sandbox = await startSandbox(ANY_FREE_PORTS);
	try {
		const userFolder = await prepareUserFolder('bench-summarize-user', sandbox, [workflow]);
		const rows: string[] = [];
		const measured: Array<{
			pages: number;
			wallMs: number;
			cpuBoundMs: number;
			ratio: number;
			rssMb: number;
		}> = [];
		let allExact = true;
		for (const size of SIZES) {
			// a record a second: a million span about eleven and a half days
			const records = makeVariedRecords(size, { start: START, stepSeconds: 1 });
			sandbox.betatel.records.whatsapp = records;
			const expected = countGroups(records, { from: FROM, to: TO, fields: ['network'] });

			sandbox.betatel.latencyMs = 0;
			const cpuBound = await executeWorkflow(userFolder, WORKFLOW_ID, 'Summarize');

			sandbox.betatel.latencyMs = LATENCY;
			const before = sandbox.betatel.requests.length;
			const stopTrace = traceOf(() => sandbox.betatel.inFlight);
			const run = await executeWorkflow(userFolder, WORKFLOW_ID, 'Summarize');
			const trace = stopTrace();
			const requests = sandbox.betatel.requests.length - before;
			const meanInFlight = trace.reduce((sum, [, value]) => sum + value, 0) / trace.length;
			const peakInFlight = Math.max(...trace.map(([, value]) => value));

			let exact = run.items.length === expected.size;
			for (const { json } of run.items) {
				const group = expected.get(String(json.network));
				const same =
					group !== undefined &&
					json.sent === group.sent &&
					json.delivered === group.delivered &&
					json.read === group.read &&
					json.failed === group.failed;
				if (!same) exact = false;
			}
			allExact &&= exact;

			const pages = Math.ceil(size / PAGE);
			const floor = Math.round((pages * LATENCY) / meanInFlight);
			const bound = Math.max(floor, cpuBound.wallMs);
			measured.push({
				pages,
				wallMs: run.wallMs,
				cpuBoundMs: cpuBound.wallMs,
				ratio: run.wallMs / bound,
				rssMb: run.peakRssMb,
			});
			rows.push(
				`| ${size.toLocaleString('en-US')} | ${run.wallMs} | ${requests} | ${meanInFlight.toFixed(1)} (${peakInFlight}) | ${floor} | ${cpuBound.wallMs} | ${(run.wallMs / bound).toFixed(2)} | ${run.peakRssMb} | ${exact ? 'yes' : 'NO'} |`,
			);
			process.stdout.write(`${rows.at(-1)}\n`);
		}
		const small = measured[0];
		const largest = measured.at(-1)!;
		const middle = measured.at(-2) ?? small;
		const big = measured.length > 1 ? measured.slice(1) : measured;
		const table = [
			'| records | execution (ms) | requests | pages in flight, mean (peak) | latency floor at that concurrency (ms) | CPU bound: 0 ms latency (ms) | execution ÷ higher bound | peak RSS of n8n (MB) | groups exact |',
			'|---|---|---|---|---|---|---|---|---|',
			...rows,
		];
		process.stdout.write(`\n${table.join('\n')}\n`);
		publish(
			'summarize',
			'npm run bench:summarize',
			{
				tables: { sizes: table },
				figures: {
					latency: String(LATENCY),
					'big-ratio': Math.max(...big.map((entry) => entry.ratio)).toFixed(2),
					'no-latency-ms-per-page': (largest.cpuBoundMs / largest.pages).toFixed(1),
					'largest-over-middle-mb': String(largest.rssMb - middle.rssMb),
					'middle-over-smallest-mb': String(middle.rssMb - small.rssMb),
					'largest-over-smallest-mb': String(largest.rssMb - small.rssMb),
				},
			},
			n8nRuntime(),
		);
		if (!allExact) process.exitCode = 1;
	} finally {
		await sandbox.stop();
	}
}

main().catch((error: Error) => {
	process.stderr.write(`${error.stack ?? error.message}\n`);
	process.exit(1);
});
