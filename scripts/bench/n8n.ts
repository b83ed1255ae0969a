/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- a developer script, run by Node beside n8n, never inside it */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO } from '../../sandbox/queueCluster';
import { sandboxCredentials, type Sandbox } from '../../sandbox/sandbox';

/** What the benchmarks share: the cached n8n CLI, one execution at a time, and its memory. */

const N8N = join(REPO, 'scripts', 'n8n', 'run.sh');

/** The n8n and the Node it runs on, as scripts/n8n/env.sh chooses them: "n8n 2.41.1 on Node 24.21.0". */
export function n8nRuntime(): string {
	const script = `source scripts/n8n/env.sh && echo "n8n $N8N_VERSION on Node $NODE24_VERSION"`;
	return execFileSync('bash', ['-c', script], { cwd: REPO, encoding: 'utf8' }).trim();
}

/**
 * Runs the cached n8n CLI. Its standard output goes to a file: n8n exits right after
 * printing an execution, and through a pipe the tail of a large one would be lost.
 */
export function cli(
	userFolder: string,
	args: string[],
	onPid?: (pid: number) => void,
): Promise<string> {
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

/** A user folder with this package installed, the sandbox's credentials and these workflows. */
export async function prepareUserFolder(
	name: string,
	sandbox: Sandbox,
	workflows: object[],
): Promise<string> {
	const userFolder = join(REPO, '.n8n-cache', name);
	await cli(userFolder, ['install-package']);
	const file = join(REPO, '.n8n-cache', `${name}-import.json`);
	writeFileSync(file, JSON.stringify(sandboxCredentials(sandbox)));
	await cli(userFolder, ['import:credentials', `--input=${file}`]);
	for (const workflow of workflows) {
		writeFileSync(file, JSON.stringify(workflow));
		await cli(userFolder, ['import:workflow', `--input=${file}`]);
	}
	return userFolder;
}

export interface Execution {
	/** From n8n's own start and stop times: the run, without the CLI's start-up. */
	wallMs: number;
	peakRssMb: number;
	/** The output items of `nodeName`. */
	items: Array<{ json: Record<string, unknown> }>;
}

/** Runs a workflow with `n8n execute` and reads what `nodeName` put out. */
export async function executeWorkflow(
	userFolder: string,
	workflowId: string,
	nodeName: string,
): Promise<Execution> {
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
	return {
		wallMs: Date.parse(execution.stoppedAt) - Date.parse(execution.startedAt),
		peakRssMb,
		items: execution.data.resultData.runData[nodeName][0].data.main[0],
	};
}

export const median = (values: number[]) =>
	[...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];

/** Samples a number (requests in flight, say) every few milliseconds until stopped. */
export function traceOf(read: () => number, everyMs = 5): () => Array<[number, number]> {
	const points: Array<[number, number]> = [];
	const started = Date.now();
	const timer = setInterval(() => points.push([(Date.now() - started) / 1000, read()]), everyMs);
	return () => {
		clearInterval(timer);
		// from the first request to the last: the CLI's start-up is not the read
		const first = points.findIndex(([, value]) => value > 0);
		const last = points.length - 1 - [...points].reverse().findIndex(([, value]) => value > 0);
		if (first < 0) return [];
		const offset = points[first][0];
		return points.slice(first, last + 2).map(([seconds, value]) => [seconds - offset, value]);
	};
}
