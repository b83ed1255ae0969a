/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { REPO } from './n8n';

/**
 * `npm start` as a user meets it: edits survive a restart, a busy port is refused before
 * anything claims success, and every way of stopping it frees every port. Ports apart from
 * the other e2e tests: 5696 (editor), 5697 (task broker), 5721–5726 (sandbox).
 */
const PORT = 5696;
const PORTS = [PORT, 5697, 5721, 5722, 5723, 5724, 5725, 5726];
const OWNER = { emailOrLdapLoginId: 'owner@sandbox.local', password: 'Sandbox-n8n-1' };
let userFolder: string;

beforeAll(() => {
	userFolder = mkdtempSync(join(tmpdir(), 'sandbox-user-'));
});
afterAll(() => rmSync(userFolder, { recursive: true, force: true }));

/** Whatever a failing test left running is killed, so that the next test finds its ports free. */
const startedGroups: number[] = [];
afterEach(async () => {
	for (const pid of startedGroups.splice(0)) {
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			// already gone, as it should be
		}
	}
	await new Promise((resolve) => setTimeout(resolve, 500));
});

interface Started {
	child: ChildProcess;
	output: () => string;
	exited: Promise<number | null>;
}

/** `npm start` (or the script itself), in a process group of its own; resolves when it says n8n runs. */
async function start(command: string[], waitForRunning = true): Promise<Started> {
	// jest's NODE_ENV=test would switch n8n into its own test mode.
	const env = { ...process.env };
	delete env.NODE_ENV;
	const child = spawn(command[0], command.slice(1), {
		cwd: REPO,
		env: {
			...env,
			N8N_PORT: String(PORT),
			N8N_RUNNERS_BROKER_PORT: '5697',
			SANDBOX_PORT_BASE: '5721',
			SANDBOX_USER_FOLDER: userFolder,
		},
		detached: true,
	});
	startedGroups.push(child.pid!);
	let output = '';
	child.stdout!.on('data', (chunk) => (output += chunk));
	child.stderr!.on('data', (chunk) => (output += chunk));
	const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
	if (waitForRunning) {
		const deadline = Date.now() + 240_000;
		while (!output.includes('n8n is running')) {
			if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
			if (Date.now() > deadline) throw new Error(`npm start did not start:\n${output}`);
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}
	return { child, output: () => output, exited };
}

async function squat(port: number): Promise<Server> {
	const squatter = createServer();
	await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
	return squatter;
}

const release = async (squatter: Server) => await new Promise((resolve) => squatter.close(resolve));

/** The addresses a port is listened on, from the kernel's own tables. */
function listeningAddresses(port: number): string[] {
	const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
	return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((table) =>
		readFileSync(table, 'utf8')
			.split('\n')
			.slice(1)
			.map((line) => line.trim().split(/\s+/))
			// field 1 is local address:port, field 3 the state; 0A is LISTEN
			.filter((fields) => fields[3] === '0A' && fields[1]?.endsWith(`:${hexPort}`))
			.map((fields) => fields[1].split(':')[0]),
	);
}

const LOOPBACK = new Set([
	'0100007F', // 127.0.0.1
	'00000000000000000000000001000000', // ::1
	'0000000000000000FFFF00000100007F', // ::ffff:127.0.0.1
]);

const portInUse = async (port: number) =>
	await new Promise<boolean>((resolve) => {
		const probe = createServer();
		probe.once('error', () => resolve(true));
		probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
	});

const groupAlive = (pid: number) => {
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return false;
	}
};

async function expectEverythingStopped(started: Started): Promise<void> {
	await started.exited;
	// npm may exit before the script behind it has finished stopping n8n: wait for the group.
	const deadline = Date.now() + 40_000;
	while (groupAlive(started.child.pid!) && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	expect(started.output()).toContain('Stopped n8n and the sandbox.');
	for (const port of PORTS) expect(await portInUse(port)).toBe(false);
	// Nothing of this group is left running: n8n, the sandbox, the script.
	expect(groupAlive(started.child.pid!)).toBe(false);
}

async function rest(path: string, init: RequestInit = {}, cookie = ''): Promise<Response> {
	return await fetch(`http://127.0.0.1:${PORT}${path}`, {
		...init,
		headers: { 'content-type': 'application/json', cookie, ...(init.headers ?? {}) },
	});
}

async function login(): Promise<string> {
	const response = await rest('/rest/login', { method: 'POST', body: JSON.stringify(OWNER) });
	expect(response.ok).toBe(true);
	return response.headers.get('set-cookie')?.split(';')[0] ?? '';
}

describe('npm start', () => {
	it('never overwrites what the user changed: a credential and a workflow edited, then a restart', async () => {
		let running = await start(['bash', 'scripts/n8n/start.sh']);
		try {
			// The owner's password is published: the editor must answer this machine only.
			for (const port of [PORT, 5721, 5725]) {
				expect(listeningAddresses(port).length).toBeGreaterThan(0);
				expect(listeningAddresses(port).filter((address) => !LOOPBACK.has(address))).toEqual([]);
			}
			const cookie = await login();
			const credential = await rest(
				'/rest/credentials/sandboxBetatel01',
				{
					method: 'PATCH',
					body: JSON.stringify({
						name: 'Betatel (mine)',
						type: 'betatelApi',
						data: {
							apiKey: 'changed-by-user',
							accountId: 'acct-mine',
							baseUrl: 'http://127.0.0.1:5721',
						},
					}),
				},
				cookie,
			);
			expect(credential.ok).toBe(true);
			const workflow = (await (
				await rest('/rest/workflows/exampleDailyRep1', {}, cookie)
			).json()) as {
				data: { versionId: string };
			};
			const renamed = await rest(
				'/rest/workflows/exampleDailyRep1',
				{
					method: 'PATCH',
					body: JSON.stringify({ name: 'Daily report (mine)', versionId: workflow.data.versionId }),
				},
				cookie,
			);
			expect(renamed.ok).toBe(true);
		} finally {
			process.kill(running.child.pid!, 'SIGTERM');
			await running.exited;
		}

		running = await start(['bash', 'scripts/n8n/start.sh']);
		try {
			const cookie = await login();
			const credential = (await (
				await rest('/rest/credentials/sandboxBetatel01?includeData=true', {}, cookie)
			).json()) as { data: { name: string; data: { accountId: string } } };
			expect(credential.data.name).toBe('Betatel (mine)');
			expect(credential.data.data.accountId).toBe('acct-mine');
			const workflow = (await (
				await rest('/rest/workflows/exampleDailyRep1', {}, cookie)
			).json()) as {
				data: { name: string };
			};
			expect(workflow.data.name).toBe('Daily report (mine)');
		} finally {
			process.kill(running.child.pid!, 'SIGTERM');
			await running.exited;
		}
	});

	it('on a terminal, says what it does without control codes (npx drew its spinner there)', async () => {
		// `script` gives the start a terminal of its own, as a user's shell would.
		const started = await start(['script', '-q', '-e', '-c', 'bash scripts/n8n/start.sh', '/dev/null']);
		try {
			expect(started.output()).toContain('Building the three packages');
			// ESC starts every control code; the spinner's frames are braille signs.
			expect(started.output()).not.toContain('\u001b');
			expect(started.output()).not.toMatch(/[\u2800-\u28ff]/);
		} finally {
			process.kill(started.child.pid!, 'SIGTERM');
			await started.exited;
		}
		const deadline = Date.now() + 40_000;
		while ((await Promise.all(PORTS.map(portInUse))).some(Boolean) && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		for (const port of PORTS) expect(await portInUse(port)).toBe(false);
	});

	it('busy ports are one clear error naming every port and its variable, before anything claims success', async () => {
		const squatters = await Promise.all([PORT, 5723].map(squat));
		try {
			const refused = await start(['bash', 'scripts/n8n/start.sh'], false);
			expect(await refused.exited).toBe(1);
			const output = refused.output();
			expect(output).toContain('Cannot start: 2 port(s) already in use');
			expect(output).toContain(
				`port ${PORT} (the n8n editor): choose another with N8N_PORT=<port> npm start`,
			);
			expect(output).toContain(
				'port 5723 (the sandbox, 5721–5726): choose another with SANDBOX_PORT_BASE=<port> npm start',
			);
			expect(output).not.toContain('n8n is running');
			expect(output).not.toContain('Building the three packages');
		} finally {
			await Promise.all(squatters.map(async (squatter) => await release(squatter)));
		}
	});

	it('a port taken while it builds and installs is refused by name, with no stack trace', async () => {
		const starting = await start(['bash', 'scripts/n8n/start.sh'], false);
		const deadline = Date.now() + 60_000;
		while (!starting.output().includes('Building the three packages') && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		const squatter = await squat(5722);
		try {
			expect(await starting.exited).toBe(1);
			const output = starting.output();
			expect(output).toContain(
				'port 5722 (the sandbox, 5721–5726): choose another with SANDBOX_PORT_BASE=<port> npm start',
			);
			expect(output).not.toMatch(/EADDRINUSE|at .*\.js:\d+/);
			expect(output).not.toContain('n8n is running');
		} finally {
			await release(squatter);
		}
	});

	it.each([
		['SIGINT to npm start (Ctrl-C)', ['npm', 'start'], 'SIGINT', false],
		['SIGTERM to npm start', ['npm', 'start'], 'SIGTERM', false],
		[
			'SIGTERM to the whole process group, as a process manager stops it',
			['npm', 'start'],
			'SIGTERM',
			true,
		],
	] as const)(
		'stops everything and frees every port: %s',
		async (_label, command, signal, group) => {
			const running = await start([...command]);
			process.kill(group ? -running.child.pid! : running.child.pid!, signal);
			await expectEverythingStopped(running);
		},
	);
});
