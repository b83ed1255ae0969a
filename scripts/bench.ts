/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- a developer script, run by Node beside n8n, never inside it */
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { makeRecords } from '../sandbox/servers/betatel';
import { sandboxCredentials, startSandbox, type Sandbox } from '../sandbox/sandbox';

/**
 * `npm run bench`: reads 20,000 WDRs from the sandbox (with a fixed latency per request)
 * in the cached real n8n, three ways, alternately, RUNS times each:
 *   a. this package's node, Return All, default concurrency
 *   b. n8n's HTTP Request node with its pagination (page size 100) and a Split Out
 *   c. this package's node with Max Concurrent Requests 1
 *   d. this package's node with Max Concurrent Requests 8
 * and reports the median execution time, the ratios a/b and c/b, requests made and the
 * peak memory of the n8n process. Then two checks of (a): records arriving at the head
 * during the read, and 10 % of answers being 429.
 * Settings: BENCH_LATENCY_MS (50), BENCH_RECORDS (20000), BENCH_RUNS (5).
 */
const REPO = join(__dirname, '..', '..', '..');
const N8N = join(REPO, 'scripts', 'n8n.sh');
const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 50);
const RECORDS = Number(process.env.BENCH_RECORDS ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PAGE = 100;
const DEFAULT_CONCURRENCY = 4;

type Variant = 'a' | 'b' | 'c' | 'd';

interface Measurement {
	wallMs: number;
	requests: number;
	peakRssMb: number;
	records: number;
	unique: number;
}

/**
 * Runs the cached n8n CLI. Its standard output goes to a file: n8n exits right after
 * printing an execution, and through a pipe the tail of a large one would be lost.
 */
function cli(userFolder: string, args: string[], onPid?: (pid: number) => void): Promise<string> {
	const outFile = join(REPO, '.n8n-cache', 'bench-cli-output.txt');
	const out = openSync(outFile, 'w');
	return new Promise((resolve, reject) => {
		const child = spawn('bash', [N8N, userFolder, ...args], {
			env: { ...process.env, N8N_LOG_LEVEL: 'info' },
			stdio: ['ignore', out, 'pipe'],
		});
		let err = '';
		child.stderr!.on('data', (chunk) => (err += chunk));
		if (onPid && child.pid) onPid(child.pid);
		child.once('close', (code) => {
			closeSync(out);
			const output = readFileSync(outFile, 'utf8');
			if (code === 0) resolve(output);
			else reject(new Error(`n8n ${args[0]} exited ${code}:\n${(output + err).slice(-2000)}`));
		});
	});
}

/** The peak resident memory (VmHWM) of the node process under the wrapper shell, sampled until it ends. */
function watchPeakRss(shellPid: number): () => number {
	let peakKb = 0;
	const timer = setInterval(() => {
		try {
			const children = readFileSync(`/proc/${shellPid}/task/${shellPid}/children`, 'utf8')
				.trim()
				.split(/\s+/)
				.filter(Boolean);
			for (const pid of children) {
				const status = readFileSync(`/proc/${pid}/status`, 'utf8');
				const hwm = /VmHWM:\s+(\d+)/.exec(status);
				if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
			}
		} catch {
			// the process has ended
		}
	}, 100);
	return () => {
		clearInterval(timer);
		return Math.round(peakKb / 1024);
	};
}

function workflows(sandbox: Sandbox): Record<Variant, object> {
	const credentials = { betatelApi: { id: 'sandboxBetatel01', name: 'Betatel (sandbox)' } };
	const trigger = {
		id: 't',
		name: 'Start',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const ours = (id: string, maxConcurrency?: number) => ({
		id,
		name: `bench ${id}`,
		active: false,
		nodes: [
			trigger,
			{
				id: 'n',
				name: 'Read',
				type: 'n8n-nodes-messaging-stats.betatel',
				typeVersion: 1,
				position: [200, 0],
				parameters: {
					resource: 'whatsapp',
					operation: 'getAll',
					returnAll: true,
					...(maxConcurrency ? { options: { maxConcurrency } } : {}),
				},
				credentials,
			},
		],
		connections: { Start: { main: [[{ node: 'Read', type: 'main', index: 0 }]] } },
		settings: {},
	});
	const httpRequest = {
		id: 'benchHttpRequest',
		name: 'bench b',
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
	return {
		a: ours('benchOursDefault', undefined),
		b: httpRequest,
		c: ours('benchOursSerial1', 1),
		d: ours('benchOursEight08', 8),
	};
}

async function measure(
	userFolder: string,
	sandbox: Sandbox,
	workflowId: string,
): Promise<Measurement> {
	const before = sandbox.betatel.requests.length;
	let stopWatching = () => 0;
	const out = await cli(
		userFolder,
		['execute', `--id=${workflowId}`, '--rawOutput'],
		(pid) => (stopWatching = watchPeakRss(pid)),
	);
	const peakRssMb = stopWatching();
	const start = out.indexOf('\n{\n');
	const end = out.indexOf('\n}', start);
	if (start < 0 || end < 0)
		throw new Error(`no execution JSON from ${workflowId}:\n${out.slice(-2000)}`);
	const execution = JSON.parse(out.slice(start + 1, end + 2));
	if (execution.status !== 'success')
		throw new Error(`execution of ${workflowId} ended ${execution.status}`);
	const items = execution.data.resultData.runData.Read[0].data.main[0] as Array<{
		json: { uuid: string };
	}>;
	return {
		wallMs: Date.parse(execution.stoppedAt) - Date.parse(execution.startedAt),
		requests: sandbox.betatel.requests.length - before,
		peakRssMb,
		records: items.length,
		unique: new Set(items.map((item) => item.json.uuid)).size,
	};
}

const median = (values: number[]) =>
	[...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
	const sandbox = await startSandbox({
		betatel: 0,
		ninetyNineDigital: 0,
		whatomate: 0,
		whatomateDocumented: 0,
		sink: 0,
	});
	try {
		sandbox.betatel.records.whatsapp = makeRecords('whatsapp', RECORDS, { failEvery: 30 });
		const userFolder = join(REPO, '.n8n-cache', 'bench-user');
		await cli(userFolder, ['install-package']);
		const file = join(REPO, '.n8n-cache', 'bench-import.json');
		writeFileSync(file, JSON.stringify(sandboxCredentials(sandbox)));
		await cli(userFolder, ['import:credentials', `--input=${file}`]);
		const flows = workflows(sandbox);
		for (const flow of Object.values(flows)) {
			writeFileSync(file, JSON.stringify(flow));
			await cli(userFolder, ['import:workflow', `--input=${file}`]);
		}
		const ids: Record<Variant, string> = {
			a: 'benchOursDefault',
			b: 'benchHttpRequest',
			c: 'benchOursSerial1',
			d: 'benchOursEight08',
		};
		sandbox.betatel.latencyMs = LATENCY;

		const results: Record<Variant, Measurement[]> = { a: [], b: [], c: [], d: [] };
		for (let run = 1; run <= RUNS; run++) {
			for (const variant of ['a', 'b', 'c', 'd'] as Variant[]) {
				const result = await measure(userFolder, sandbox, ids[variant]);
				if (result.unique !== RECORDS)
					throw new Error(`${variant}: ${result.unique} unique records, not ${RECORDS}`);
				results[variant].push(result);
				process.stdout.write(
					`run ${run} ${variant}: ${result.wallMs} ms, ${result.requests} requests, ${result.peakRssMb} MB, ${result.unique} unique\n`,
				);
			}
		}

		sandbox.betatel.headInsertsPerListRequest = 5;
		const withArrivals = await measure(userFolder, sandbox, ids.a);
		sandbox.betatel.headInsertsPerListRequest = 0;
		sandbox.betatel.records.whatsapp = makeRecords('whatsapp', RECORDS, { failEvery: 30 });
		sandbox.betatel.throttleShare = 0.1;
		const throttled = await measure(userFolder, sandbox, ids.a);
		sandbox.betatel.throttleShare = 0;

		const pages = Math.ceil(RECORDS / PAGE);
		const row = (variant: Variant, label: string, concurrency: number) => {
			const runs = results[variant];
			const floor = Math.round((pages * LATENCY) / concurrency);
			return `| ${label} | ${median(runs.map((r) => r.wallMs))} | ${median(runs.map((r) => r.requests))} | ${median(runs.map((r) => r.peakRssMb))} | ${floor} | ${runs[0].unique} |`;
		};
		const a = median(results.a.map((r) => r.wallMs));
		const b = median(results.b.map((r) => r.wallMs));
		const c = median(results.c.map((r) => r.wallMs));
		const d = median(results.d.map((r) => r.wallMs));
		const memory =
			median(results.a.map((r) => r.peakRssMb)) / median(results.b.map((r) => r.peakRssMb));
		const report = [
			`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}; n8n 2.41.1 on Node 24; ${RECORDS} records, ${LATENCY} ms latency per request, median of ${RUNS} runs each, run alternately.`,
			'',
			'| read | median execution (ms) | requests | peak RSS of n8n (MB) | latency floor (ms) | unique records |',
			'|---|---|---|---|---|---|',
			row(
				'a',
				`(a) this node, Return All, concurrency ${DEFAULT_CONCURRENCY}`,
				DEFAULT_CONCURRENCY,
			),
			row('b', '(b) HTTP Request node, pagination, page size 100 (+ Split Out)', 1),
			row('c', '(c) this node, concurrency 1', 1),
			row('d', '(d) this node, concurrency 8', 8),
			'',
			`a/b = ${(a / b).toFixed(2)}, c/b = ${(c / b).toFixed(2)}, d/b = ${(d / b).toFixed(2)}, peak memory a/b = ${memory.toFixed(2)}.`,
			`With 5 records arriving at the head after every page: ${withArrivals.unique} unique of ${RECORDS} (${withArrivals.requests} requests). With 10 % of answers 429: ${throttled.unique} unique of ${RECORDS} (${throttled.requests} requests, ${throttled.wallMs} ms).`,
		].join('\n');
		process.stdout.write(`\n${report}\n`);
		if (withArrivals.unique !== RECORDS || throttled.unique !== RECORDS) process.exitCode = 1;
	} finally {
		await sandbox.stop();
	}
}

main().catch((error: Error) => {
	process.stderr.write(`${error.stack ?? error.message}\n`);
	process.exit(1);
});
