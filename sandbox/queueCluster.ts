/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- runs n8n's processes, PostgreSQL and Redis beside n8n for the queue tests and the queue benchmark, never inside n8n */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository, from the sources or from their build in .n8n-cache/sandbox-build/. */
function findRepo(from: string): string {
	let folder = from;
	while (!existsSync(join(folder, 'scripts', 'n8n', 'env.sh'))) {
		const parent = dirname(folder);
		if (parent === folder) throw new Error(`no repository above ${from}`);
		folder = parent;
	}
	return folder;
}
export const REPO = findRepo(__dirname);

export interface QueuePorts {
	postgres: number;
	redis: number;
}

/** Runs a function of scripts/n8n/queue-services.sh; throws with its output when it fails. */
function queueServices(call: string): string {
	const result = spawnSync(
		'bash',
		['-c', `source scripts/n8n/env.sh && source scripts/n8n/queue-services.sh && ${call}`],
		{ cwd: REPO, encoding: 'utf8' },
	);
	if (result.status !== 0) throw new Error(`${call} failed:\n${result.stdout}${result.stderr}`);
	return result.stdout;
}

/** PostgreSQL and Redis started, with an empty database and queue. */
export function startQueueServices(ports: QueuePorts): void {
	queueServices(`queue_services_start ${ports.postgres} ${ports.redis}`);
	queueServices(`queue_services_reset ${ports.postgres} ${ports.redis}`);
}

export function stopQueueServices(): void {
	queueServices('queue_services_stop');
}

/** n8n's settings for queue mode on these services, as start.sh --queue sets them. */
export function queueEnv(ports: QueuePorts): Record<string, string> {
	const out = queueServices(`queue_services_env ${ports.postgres} ${ports.redis} && env`);
	const wanted = /^(DB_|EXECUTIONS_MODE|QUEUE_|OFFLOAD_)/;
	return Object.fromEntries(
		out
			.split('\n')
			.filter((line) => wanted.test(line))
			.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
	);
}

/** A query's rows, one per line, fields separated by "|". */
export function sql(ports: QueuePorts, query: string): string[] {
	const out = queueServices(
		`"$(pg_bin)/psql" -h "$PG_SOCKETS" -p ${ports.postgres} -U postgres -d "$QUEUE_DB" -qtA -c ${JSON.stringify(query)}`,
	);
	return out.split('\n').filter(Boolean);
}

export interface N8nProcess {
	readonly pid: number;
	log(): string;
	/** The peak resident memory seen so far, in MB (VmHWM). */
	peakRssMb(): number;
	/** SIGTERM, and waits until it has exited. */
	stop(): Promise<void>;
	/** SIGKILL: a crash, with no shutdown. */
	kill(): Promise<void>;
}

/**
 * `n8n start` or `n8n worker` with the cached n8n, Node 24 and the given user folder, its
 * output kept and appended to `logFile`. The node process is the spawned one itself
 * (exec), so its pid is n8n's.
 */
export function startN8nProcess(
	userFolder: string,
	args: string[],
	env: Record<string, string>,
	logFile: string,
): N8nProcess {
	const child: ChildProcess = spawn(
		'bash',
		[
			'-c',
			'source scripts/n8n/env.sh && export N8N_USER_FOLDER="$1" PATH="$NODE24_HOME/bin:$PATH" && shift && exec "$N8N_BIN" "$@"',
			'n8n',
			userFolder,
			...args,
		],
		{ cwd: REPO, env: { ...withoutJestEnv(), N8N_LOG_LEVEL: 'info', ...env } },
	);
	let log = '';
	const keep = (chunk: Buffer) => {
		log += chunk;
		appendFileSync(logFile, chunk);
	};
	child.stdout!.on('data', keep);
	child.stderr!.on('data', keep);
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	let peakKb = 0;
	const sample = () => {
		try {
			const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
			if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
		} catch {
			// ended
		}
	};
	const sampler = setInterval(sample, 500);
	void exited.then(() => clearInterval(sampler));
	const signal = async (name: NodeJS.Signals) => {
		sample();
		if (child.exitCode === null && child.signalCode === null) child.kill(name);
		await exited;
	};
	return {
		pid: child.pid!,
		log: () => log,
		peakRssMb: () => (sample(), Math.round(peakKb / 1024)),
		stop: async () => await signal('SIGTERM'),
		kill: async () => await signal('SIGKILL'),
	};
}

/** jest's NODE_ENV=test would switch n8n into its own test mode. */
function withoutJestEnv(): NodeJS.ProcessEnv {
	const env = { ...process.env };
	delete env.NODE_ENV;
	return env;
}

/** Resolves once n8n's REST API answers on the port; throws with the log if it does not. */
export async function untilAnswering(process: N8nProcess, port: number): Promise<void> {
	const deadline = Date.now() + 150_000;
	for (;;) {
		try {
			if ((await fetch(`http://127.0.0.1:${port}/rest/settings`)).ok) return;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline)
			throw new Error(`n8n did not answer on ${port} within 150 s:\n${process.log().slice(-3000)}`);
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
}

/** Resolves once a worker says it is ready for jobs. */
export async function untilWorkerReady(worker: N8nProcess): Promise<void> {
	const deadline = Date.now() + 150_000;
	while (!/n8n worker is now ready/i.test(worker.log())) {
		if (Date.now() > deadline)
			throw new Error(`the worker did not start within 150 s:\n${worker.log().slice(-3000)}`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/** Execution ids a worker's log says it started. */
export function executionsStarted(worker: N8nProcess): string[] {
	return [...worker.log().matchAll(/Worker started execution (\d+)/g)].map((match) => match[1]);
}

export function executionsFinished(worker: N8nProcess): string[] {
	return [...worker.log().matchAll(/Worker finished execution (\d+)/g)].map((match) => match[1]);
}

/**
 * The n8n CLI, synchronously: only for commands that do not call the sandbox (imports,
 * publishing), since the sandbox may live in the calling process.
 */
export function n8nCli(userFolder: string, args: string[], env: Record<string, string>): void {
	const result = spawnSync('bash', [join(REPO, 'scripts', 'n8n', 'run.sh'), userFolder, ...args], {
		cwd: REPO,
		env: { ...withoutJestEnv(), ...env },
		encoding: 'utf8',
	});
	if (result.status !== 0)
		throw new Error(
			`n8n ${args.join(' ')} exited ${result.status}:\n${result.stdout}${result.stderr}`,
		);
}

/**
 * Resolves once n8n serves the webhook: the REST API answers before the published
 * workflows are activated. A CORS preflight finds out without running the workflow.
 */
export async function untilWebhookServed(port: number, path: string): Promise<void> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const response = await fetch(`http://127.0.0.1:${port}/webhook/${path}`, {
			method: 'OPTIONS',
			headers: { origin: 'http://127.0.0.1', 'access-control-request-method': 'POST' },
		});
		if (response.status !== 404) return;
		if (Date.now() > deadline) throw new Error(`n8n did not serve /webhook/${path} within 60 s`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}
