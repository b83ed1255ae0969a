/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- a developer script, run by Node beside n8n, never inside it */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { DateTime } from 'luxon';

import {
	n8nCli,
	queueEnv,
	REPO,
	startN8nProcess,
	startQueueServices,
	stopQueueServices,
	untilAnswering,
	untilWebhookServed,
	untilWorkerReady,
	type N8nProcess,
} from '../../sandbox/queueCluster';
import { QUEUE_WORKFLOWS, webhookCopy, type QueueWorkflow } from '../../sandbox/queueWorkflows';
import {
	sandboxCredentials,
	sandboxPorts,
	startSandbox,
	type Sandbox,
} from '../../sandbox/sandbox';
import { publish } from './figures';
import { n8nRuntime } from './n8n';

/**
 * `npm run bench:queue`: the 100-execution batch (50 daily reports, 50 failed-deliveries
 * exports, started by webhook, 10 at a time) in n8n's regular mode on SQLite, then in
 * queue mode with a main and QUEUE_WORKERS workers (2) on PostgreSQL and Redis. Reports
 * executions per minute in each mode, their ratio, and each process's peak memory.
 * Settings: BENCH_LATENCY_MS (50), BENCH_IN_FLIGHT (10), QUEUE_WORKERS (2).
 */
const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 50);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 10);
const WORKERS = Number(process.env.QUEUE_WORKERS ?? 2);
const EACH = 50;
const PORTS = { n8n: 5750, broker: 5751, postgres: 5760, redis: 5761, sandbox: 5771 };

function prepareUserFolder(name: string, sandbox: Sandbox, env: Record<string, string>): string {
	const folder = join(REPO, '.n8n-cache', name);
	rmSync(folder, { recursive: true, force: true });
	mkdirSync(folder, { recursive: true });
	n8nCli(folder, ['install-package'], env);
	const write = (file: string, data: unknown) => {
		writeFileSync(join(folder, file), JSON.stringify(data));
		return join(folder, file);
	};
	n8nCli(
		folder,
		['import:credentials', `--input=${write('credentials.json', sandboxCredentials(sandbox))}`],
		env,
	);
	const createdAfter = DateTime.utc().minus({ days: 1 }).startOf('minute').toISO()!;
	for (const which of Object.keys(QUEUE_WORKFLOWS) as QueueWorkflow[]) {
		const file = write(`${which}.json`, webhookCopy(which, sandbox.sink.url, createdAfter));
		n8nCli(folder, ['import:workflow', `--input=${file}`], env);
		n8nCli(folder, ['publish:workflow', `--id=${QUEUE_WORKFLOWS[which].id}`], env);
	}
	return folder;
}

/** The batch through the main's webhooks; returns the wall time, or throws on any failure. */
async function runBatch(): Promise<number> {
	const calls = Array.from(
		{ length: EACH * 2 },
		(_, i): QueueWorkflow => (i % 2 ? 'failedExport' : 'dailyReport'),
	);
	let next = 0;
	const started = Date.now();
	await Promise.all(
		Array.from({ length: IN_FLIGHT }, async () => {
			while (next < calls.length) {
				const which = calls[next++];
				const response = await fetch(
					`http://127.0.0.1:${PORTS.n8n}/webhook/${QUEUE_WORKFLOWS[which].path}`,
					{ method: 'POST' },
				);
				await response.text();
				if (response.status !== 200) throw new Error(`${which} answered ${response.status}`);
			}
		}),
	);
	return Date.now() - started;
}

interface ModeResult {
	wallMs: number;
	perMinute: number;
	memory: Array<[string, number]>;
}

async function measure(
	name: string,
	env: Record<string, string>,
	sandbox: Sandbox,
	workers: number,
): Promise<ModeResult> {
	const folder = prepareUserFolder(name, sandbox, env);
	const processes: Array<[string, N8nProcess]> = [];
	try {
		const main = startN8nProcess(
			folder,
			['start'],
			{ ...env, N8N_PORT: String(PORTS.n8n), N8N_RUNNERS_BROKER_PORT: String(PORTS.broker) },
			join(folder, 'main.log'),
		);
		processes.push(['main', main]);
		await untilAnswering(main, PORTS.n8n);
		for (const { path } of Object.values(QUEUE_WORKFLOWS))
			await untilWebhookServed(PORTS.n8n, path);
		for (let index = 0; index < workers; index++) {
			const worker = startN8nProcess(
				folder,
				['worker', `--concurrency=${IN_FLIGHT}`],
				{ ...env, N8N_RUNNERS_BROKER_PORT: String(PORTS.broker + 1 + index) },
				join(folder, `worker-${index + 1}.log`),
			);
			processes.push([`worker ${index + 1}`, worker]);
			await untilWorkerReady(worker);
		}
		// One execution of each first, so that neither mode pays its first-run costs in the figure.
		await runBatchOf(['dailyReport', 'failedExport']);
		const wallMs = await runBatch();
		return {
			wallMs,
			perMinute: (EACH * 2 * 60_000) / wallMs,
			memory: processes.map(([label, process]) => [label, process.peakRssMb()]),
		};
	} finally {
		for (const [, process] of processes) await process.stop();
	}
}

async function runBatchOf(which: QueueWorkflow[]): Promise<void> {
	for (const one of which) {
		const response = await fetch(
			`http://127.0.0.1:${PORTS.n8n}/webhook/${QUEUE_WORKFLOWS[one].path}`,
			{ method: 'POST' },
		);
		await response.text();
	}
}

async function main(): Promise<void> {
	const sandbox = await startSandbox(sandboxPorts(PORTS.sandbox));
	sandbox.betatel.latencyMs = LATENCY;
	sandbox.ninetyNineDigital.latencyMs = LATENCY;
	const services = { postgres: PORTS.postgres, redis: PORTS.redis };
	try {
		const regular = await measure('bench-queue-regular', {}, sandbox, 0);
		startQueueServices(services);
		const queue = await measure('bench-queue-queue', queueEnv(services), sandbox, WORKERS);
		const memory = (run: { memory: Array<[string, number]> }) => {
			const [[, main], ...workers] = run.memory;
			const workerList = workers.map(([, mb]) => mb).join(' and ');
			return workers.length ? `main ${main} MB, workers ${workerList} MB` : `main ${main} MB`;
		};
		const row = (mode: string, run: typeof regular) =>
			`| ${mode} | ${(run.wallMs / 1000).toFixed(1)} s | ${run.perMinute.toFixed(0)} | ${memory(run)} |`;
		const table = [
			'| mode | batch wall time | executions per minute | peak RSS per process |',
			'|---|---|---|---|',
			row('regular (one process, SQLite)', regular),
			row(`queue (main + ${WORKERS} workers, PostgreSQL, Redis)`, queue),
		];
		process.stdout.write(`${table.join('\n')}\n`);
		publish(
			'queue',
			'npm run bench:queue',
			{
				tables: { modes: table },
				figures: {
					executions: String(EACH * 2),
					'in-flight': String(IN_FLIGHT),
					latency: String(LATENCY),
					'queue-over-regular': (queue.perMinute / regular.perMinute).toFixed(2),
				},
			},
			n8nRuntime(),
		);
	} finally {
		await sandbox.stop();
		stopQueueServices();
	}
}

void main().catch((error: unknown) => {
	process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
	process.exit(1);
});
