/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

export const REPO = join(__dirname, '..', '..');
const N8N = join(REPO, 'scripts', 'n8n', 'run.sh');

/** n8n as a user runs it: jest's NODE_ENV=test would switch n8n into its own test mode. */
const env = () => {
	const inherited: NodeJS.ProcessEnv = { ...process.env, N8N_LOG_LEVEL: 'info' };
	delete inherited.NODE_ENV;
	return inherited;
};

/**
 * A fresh n8n user folder with the packages (all three unless named) installed as n8n installs
 * a community package.
 */
export async function freshUserFolder(name: string, packages: string[] = []): Promise<string> {
	const folder = join(REPO, '.n8n-cache', name);
	rmSync(folder, { recursive: true, force: true });
	mkdirSync(folder, { recursive: true });
	await run(folder, ['install-package', ...packages]);
	return folder;
}

/** Sets up the owner of a new n8n and signs in: the session cookie. */
export async function signIn(base: string): Promise<string> {
	const owner = {
		email: 'owner@e2e.local',
		firstName: 'E2E',
		lastName: 'Owner',
		password: 'E2e-owner-pass1',
	};
	await fetch(`${base}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(owner),
	});
	const login = await fetch(`${base}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
	});
	return login.headers.get('set-cookie')?.split(';')[0] ?? '';
}

/**
 * Runs the n8n CLI without blocking: the sandbox it calls lives in this process, and a
 * synchronous spawn would leave it unable to answer.
 */
export async function run(userFolder: string, args: string[]): Promise<string> {
	// stdout to a file: n8n exits right after printing, and a pipe can lose the tail.
	const outFile = join(userFolder, 'cli-output.txt');
	const out = openSync(outFile, 'w');
	const child = spawn('bash', [N8N, userFolder, ...args], {
		env: env(),
		stdio: ['ignore', out, 'pipe'],
	});
	let stderr = '';
	child.stderr!.on('data', (chunk) => (stderr += chunk));
	const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
	closeSync(out);
	const stdout = readFileSync(outFile, 'utf8');
	if (status !== 0)
		throw new Error(`n8n ${args.join(' ')} exited ${status}:\n${(stdout + stderr).slice(-3000)}`);
	return stdout;
}

/** The line of the cached n8n the tests run (N8N_VERSION, as scripts/n8n/env.sh reads it). */
export const N8N_MAJOR = Number((process.env.N8N_VERSION ?? '2').split('.')[0]);

/** Makes a workflow active: n8n 2.x publishes it, n8n 1.x sets it active. */
export async function activate(userFolder: string, workflowId: string): Promise<void> {
	await run(
		userFolder,
		N8N_MAJOR >= 2
			? ['publish:workflow', `--id=${workflowId}`]
			: ['update:workflow', `--id=${workflowId}`, '--active=true'],
	);
}

export async function importJson(
	userFolder: string,
	kind: 'credentials' | 'workflow',
	data: unknown,
): Promise<void> {
	const file = join(userFolder, `${kind}-import.json`);
	writeFileSync(file, JSON.stringify(data));
	await run(userFolder, [`import:${kind}`, `--input=${file}`]);
}

export interface CliRun {
	status: string;
	/** Items each node emitted on its first output. */
	output(nodeName: string): IDataObject[];
	/** Items a node emitted on its first output, over every time it ran (in a loop, say). */
	outputOfEveryRun(nodeName: string): IDataObject[];
	ran(nodeName: string): boolean;
}

/** `n8n execute --id … --rawOutput`: its JSON follows n8n's start-up lines. */
export async function execute(userFolder: string, workflowId: string): Promise<CliRun> {
	const stdout = await run(userFolder, ['execute', `--id=${workflowId}`, '--rawOutput']);
	// The JSON is the block from a line "{" to a line "}"; log lines may come before and after.
	const start = stdout.indexOf('\n{\n');
	const end = stdout.indexOf('\n}', start);
	if (start < 0 || end < 0) throw new Error(`no execution JSON in:\n${stdout.slice(-2000)}`);
	const execution = JSON.parse(stdout.slice(start + 1, end + 2)) as {
		status: string;
		data: {
			resultData: {
				runData: Record<string, Array<{ data?: { main: Array<Array<{ json: IDataObject }>> } }>>;
			};
		};
	};
	const runData = execution.data.resultData.runData;
	return {
		status: execution.status,
		ran: (nodeName) => nodeName in runData,
		output: (nodeName) => (runData[nodeName]?.[0]?.data?.main?.[0] ?? []).map((item) => item.json),
		outputOfEveryRun: (nodeName) =>
			(runData[nodeName] ?? []).flatMap((taskRun) =>
				(taskRun.data?.main?.[0] ?? []).map((item) => item.json),
			),
	};
}

/** `n8n start` in the background; resolves once the REST API answers. */
export interface RunningN8n {
	log: () => string;
	/** Stops n8n as a user or a service manager does: SIGTERM, and its shutdown. */
	stop: () => Promise<void>;
	/** Kills n8n and everything it started at once, as a crash or the OOM killer does. */
	kill: () => Promise<void>;
}

export async function startN8n(
	userFolder: string,
	port: number,
	extraEnv: Record<string, string> = {},
): Promise<RunningN8n> {
	let log = '';
	const child = spawn('bash', [N8N, userFolder, 'start'], {
		env: { ...env(), ...extraEnv, N8N_PORT: String(port) },
		detached: true,
	});
	child.stdout.on('data', (chunk) => (log += chunk));
	child.stderr.on('data', (chunk) => (log += chunk));
	const deadline = Date.now() + 150_000;
	for (;;) {
		if (child.exitCode !== null)
			throw new Error(`n8n start exited ${child.exitCode}:\n${log.slice(-3000)}`);
		if (Date.now() > deadline)
			throw new Error(`n8n did not answer within 150 s:\n${log.slice(-3000)}`);
		try {
			if ((await fetch(`http://127.0.0.1:${port}/rest/settings`)).ok) break;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	const signal = async (name: NodeJS.Signals) => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise((resolve) => child.once('exit', resolve));
		process.kill(-child.pid!, name);
		await exited;
	};
	return {
		log: () => log,
		stop: async () => await signal('SIGTERM'),
		kill: async () => await signal('SIGKILL'),
	};
}

/**
 * n8n's served node or credential types, once n8n has finished writing them. n8n writes these
 * files in the background after it answers, and again once community packages load, so an early
 * read can get a file half written: the list is taken when it parses and two reads agree.
 */
export async function servedTypes<T>(
	base: string,
	cookie: string,
	kind: 'nodes' | 'credentials',
): Promise<T[]> {
	const deadline = Date.now() + 90_000;
	let previous = '';
	let problem = '';
	for (;;) {
		const body = await (await fetch(`${base}/types/${kind}.json`, { headers: { cookie } })).text();
		try {
			const list = JSON.parse(body) as T[];
			if (body === previous) return list;
			problem = 'it changed between two reads';
		} catch (error) {
			problem = `${(error as Error).message}, starting ${JSON.stringify(body.slice(0, 80))}`;
		}
		previous = body;
		if (Date.now() > deadline) throw new Error(`/types/${kind}.json never settled: ${problem}`);
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
}
