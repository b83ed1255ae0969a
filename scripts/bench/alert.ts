/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- a developer script, run by Node beside n8n, never inside it */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DateTime } from 'luxon';

import { countGroups, makeVariedRecords } from '../../sandbox/servers/betatel';
import { ANY_FREE_PORTS, startSandbox } from '../../sandbox/sandbox';
import { betatelCredentials, betatelNode } from '../../test/betatel/fixtures';
import { chain, node, PollingTrigger, runWorkflow } from '../../test/harness/engine';
import { nodeType } from '../../test/harness/nodeTypes';
import { median } from './n8n';
import { publish } from './figures';

/**
 * `npm run bench:alert`: one poll of the failure-rate trigger watching each network, and
 * the same poll watching every measure (Alert On: all four), over
 * BENCH_RECORDS (10,000) WhatsApp records in its one-hour window and as many again before
 * it, next to Get Many (Return All, Created After an hour ago) reading the same records, at
 * BENCH_LATENCY_MS (50) per request. Both run in this process through n8n-core's own engine
 * (a poll context for the trigger, WorkflowExecute for Get Many), since `n8n execute` starts
 * no polling trigger. Reports the median of BENCH_RUNS (5) runs of each, the requests, the
 * heap each adds at its peak, and checks every network's counts against counts made record
 * by record.
 */
const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 50);
const RECORDS = Number(process.env.BENCH_RECORDS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const EVERY_MEASURE = ['failureRate', 'undeliveredRate', 'deliveryTime', 'trafficDrop'];

/** The most heap above the start while `run` runs, sampled every few milliseconds. */
async function measured<T>(run: () => Promise<T>) {
	global.gc?.();
	const base = process.memoryUsage().heapUsed;
	let peak = base;
	const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
	const started = performance.now();
	try {
		const result = await run();
		return { result, ms: performance.now() - started, heapMb: (peak - base) / 2 ** 20 };
	} finally {
		clearInterval(timer);
	}
}

async function main(): Promise<void> {
	// n8n-core writes a key file to its user folder: keep it out of ~/.n8n, as the tests do.
	process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-bench-'));
	process.env.N8N_ENCRYPTION_KEY ??= 'bench-only-encryption-key';
	process.env.N8N_LOG_LEVEL ??= 'silent';
	const sandbox = await startSandbox(ANY_FREE_PORTS);
	try {
		const now = DateTime.utc();
		const windowStart = now.minus({ minutes: 50 });
		const stepSeconds = (45 * 60) / RECORDS;
		const before = makeVariedRecords(RECORDS, {
			start: now.minus({ hours: 3 }),
			stepSeconds,
			seed: 21,
		});
		const inWindow = makeVariedRecords(RECORDS, { start: windowStart, stepSeconds, seed: 22 });
		sandbox.betatel.records.whatsapp = [...before, ...inWindow];
		sandbox.betatel.latencyMs = LATENCY;
		const credentials = betatelCredentials(sandbox.betatel);
		const trigger = node(
			nodeType('betatelTrigger'),
			{
				event: 'failureRateAboveThreshold',
				channel: 'whatsapp',
				watch: 'network',
				window: 'lasth',
				maxRecordsToRead: 1_000_000,
			},
			{
				name: 'Poll',
				credentials: { betatelApi: { id: 'cred-betatel', name: 'Betatel test account' } },
			},
		);
		const getMany = chain(
			betatelNode({
				resource: 'whatsapp',
				operation: 'getAll',
				returnAll: true,
				filters: { createdAfter: windowStart.minus({ minutes: 1 }).toISO() },
			}),
		);
		// The same poll watching every measure, kept across runs as n8n keeps a trigger: its
		// first poll (not timed) reads the usual traffic by hour, which the later ones reuse.
		const everyMeasure = new PollingTrigger(
			node(
				nodeType('betatelTrigger'),
				{ ...trigger.parameters, measures: EVERY_MEASURE, graceSeconds: 120 },
				{ name: 'Poll every measure', credentials: trigger.credentials },
			),
			credentials,
		);
		await everyMeasure.poll();
		type Run = { ms: number; heapMb: number; requests: number };
		const runs: { poll: Run[]; getMany: Run[]; everyMeasure: Run[] } = {
			poll: [],
			getMany: [],
			everyMeasure: [],
		};
		let groups: Array<Record<string, unknown>> = [];
		let records = 0;
		for (let run = 0; run < RUNS; run++) {
			let requestsBefore = sandbox.betatel.requests.length;
			// A new trigger each time: every run is a first poll of the window, which reads it whole.
			const poll = await measured(
				async () => await new PollingTrigger(trigger, credentials).poll('manual'),
			);
			runs.poll.push({ ...poll, requests: sandbox.betatel.requests.length - requestsBefore });
			groups = poll.result ?? [];
			requestsBefore = sandbox.betatel.requests.length;
			const every = await measured(async () => await everyMeasure.poll('manual'));
			runs.everyMeasure.push({
				...every,
				requests: sandbox.betatel.requests.length - requestsBefore,
			});
			requestsBefore = sandbox.betatel.requests.length;
			const read = await measured(async () => await runWorkflow(getMany, credentials));
			runs.getMany.push({ ...read, requests: sandbox.betatel.requests.length - requestsBefore });
			records = read.result.output('Betatel').length;
		}
		const expected = countGroups(inWindow, {
			from: windowStart,
			to: now.plus({ hours: 1 }),
			fields: ['network'],
		});
		const exact =
			groups.length === expected.size &&
			groups.every((json) => {
				const group = expected.get(String(json.network));
				return group !== undefined && json.sent === group.sent && json.failed === group.failed;
			});
		const summary = (list: Run[]) => ({
			ms: Math.round(median(list.map((entry) => entry.ms))),
			requests: median(list.map((entry) => entry.requests)),
			heapMb: Math.round(Math.max(...list.map((entry) => entry.heapMb))),
		});
		const poll = summary(runs.poll);
		const read = summary(runs.getMany);
		const every = summary(runs.everyMeasure);
		const row = (name: string, figures: typeof poll, items: string) =>
			`| ${name} | ${figures.ms} | ${(figures.ms / read.ms).toFixed(2)} | ${figures.requests} | ${figures.heapMb} | ${items} |`;
		const table = [
			'| read | wall time (ms) | against Get Many | requests | heap added at its peak (MB) | output |',
			'|---|---|---|---|---|---|',
			row(
				'failure-rate poll, Watch: Each Network',
				poll,
				`${groups.length} groups, counts ${exact ? 'exact' : 'WRONG'}`,
			),
			row(
				'the same poll watching every measure (grace 120 s)',
				every,
				`${(every.ms / poll.ms).toFixed(2)} of the failure-rate poll`,
			),
			row('Get Many, Return All, Created After the window', read, `${records} records`),
		];
		process.stdout.write(`${table.join('\n')}\n`);
		publish('alert', 'npm run bench:alert', {
			tables: { polls: table },
			figures: {
				records: RECORDS.toLocaleString('en-US'),
				latency: String(LATENCY),
				runs: String(RUNS),
				'grace-requests': String(every.requests - poll.requests),
				'poll-extra-requests': String(poll.requests - read.requests),
				groups: String(groups.length),
			},
		});
		if (!exact || records !== RECORDS) process.exitCode = 1;
	} finally {
		await sandbox.stop();
	}
}

main().catch((error: Error) => {
	process.stderr.write(`${error.stack ?? error.message}\n`);
	process.exit(1);
});
