/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { writeFileSync } from 'node:fs';

import { sleep } from 'n8n-workflow';

import { sandboxCredentials, type Sandbox } from '../../sandbox/sandbox';
import { freshUserFolder, importJson, run, signIn } from './n8n';
import {
	delivered,
	FAILED_TRIGGER_WORKFLOW_ID,
	failedTriggerWorkflow,
	waitFor,
} from './triggerScenario';

/** n8n's durable scheduler, with the poll state committed in the execution's transaction. */
export const DURABLE_SCHEDULER_ENV = {
	N8N_SCHEDULER_ENABLED: 'true',
	N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
	N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'true',
	N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true',
	// A crashed process's claims and triggers pass to the new one within seconds, not minutes.
	N8N_SCHEDULER_LEASE_DURATION: '20',
	N8N_SCHEDULER_REAPER_INTERVAL: '5',
	N8N_SCHEDULER_OWNER_RECONCILIATION_INTERVAL: '10',
	N8N_SCHEDULER_OWNER_SETTLE_PERIOD: '5',
};

/** A fresh n8n user folder with the failed-message alert imported and published. */
export async function alertUserFolder(sandbox: Sandbox, name: string): Promise<string> {
	const userFolder = await freshUserFolder(name);
	await importJson(userFolder, 'credentials', sandboxCredentials(sandbox));
	await importJson(userFolder, 'workflow', failedTriggerWorkflow(sandbox.sink.url));
	await run(userFolder, ['publish:workflow', `--id=${FAILED_TRIGGER_WORKFLOW_ID}`]);
	return userFolder;
}

/** How long one page of the list takes: the read lasts long enough to be killed in. */
const PAGE_LATENCY_MS = 700;

export interface Killable {
	log(): string;
	stop(): Promise<void>;
	kill(): Promise<void>;
}

export interface CrashOutcome {
	failed: number;
	/** Failed records that never reached the sink, */
	lost: number;
	/** of which n8n kept this many in an execution it marked crashed (retryable by hand). */
	lostInCrashedExecutions: number;
	duplicates: number;
}

const listReads = (sandbox: Sandbox) =>
	sandbox.betatel.requests.filter((request) => request.path.endsWith('/whatsapp/wdr')).length;

async function nextPollAnswered(sandbox: Sandbox, what: string): Promise<void> {
	const reads = listReads(sandbox);
	await waitFor(what, () => listReads(sandbox) > reads, 90);
	await waitFor(`the answer to ${what}`, () => sandbox.betatel.inFlight === 0, 30);
	// Its state is saved right after the answer.
	await sleep(1_000);
}

/**
 * n8n, running the failed-message alert, killed with SIGKILL at points spread over a poll's
 * life (during the list read, as the execution is created, as the state is saved, as the
 * alert is posted), then started again: each record that became FAILED must reach the sink.
 * Every process's log goes to `logFile` as it ends, for a failed trial to be read.
 */
export async function killDuringPolls(
	sandbox: Sandbox,
	start: () => Promise<Killable>,
	trials: number,
	logFile: string,
	base: string,
): Promise<CrashOutcome> {
	const expected: string[] = [];
	const allOut = () => expected.every((uuid) => delivered(sandbox).includes(uuid));
	const logs: string[] = [];
	const keepLog = (n8n: Killable) => {
		logs.push(n8n.log());
		writeFileSync(logFile, logs.join('\n=== next process ===\n'));
	};
	/** A record in an execution n8n marked crashed never arrives; it is counted at the end. */
	const allOutOrCrashed = async (what: string) => {
		const deadline = Date.now() + 240_000;
		while (!allOut() && Date.now() < deadline) await sleep(500);
		const missing = expected.filter((uuid) => !delivered(sandbox).includes(uuid));
		const crashed = await inCrashedExecutions(base, missing);
		if (crashed.length < missing.length)
			throw new Error(
				`timed out after 240 s waiting for ${what}: ${missing.length - crashed.length} missing; ${await whereLost(base, missing)}`,
			);
	};
	const readsBefore = listReads(sandbox);
	let n8n = await start();
	try {
		await waitFor('the activation poll', () => listReads(sandbox) > readsBefore, 90);
		await waitFor('its answer', () => sandbox.betatel.inFlight === 0, 30);
		// The durable scheduler's activation poll is a dry run: its state lives only in this
		// process until the first scheduled poll commits it, and a kill before then would make
		// the window the past (docs/trigger.md).
		await nextPollAnswered(sandbox, 'the first scheduled poll');
		sandbox.betatel.latencyMs = PAGE_LATENCY_MS;
		for (let trial = 0; trial < trials; trial++) {
			expected.push(
				...sandbox.betatel.addRecords('whatsapp', 2, 'FAILED', 5).map((record) => record.uuid),
			);
			const reads = listReads(sandbox);
			await waitFor('a poll', () => listReads(sandbox) > reads, 60);
			// Spread over the poll's first 3 s: the read, the execution's creation, the save of
			// the state and the post to the sink all fall in it.
			await sleep(Math.round((trial * 3_000) / Math.max(1, trials - 1)));
			await n8n.kill();
			keepLog(n8n);
			n8n = await start();
			await allOutOrCrashed(`the failures of trial ${trial + 1}`);
		}
		await nextPollAnswered(sandbox, 'one more poll');
		await sleep(2_000);
		const uuids = delivered(sandbox);
		const lost = expected.filter((uuid) => !uuids.includes(uuid));
		const crashed = await inCrashedExecutions(base, lost);
		return {
			failed: expected.length,
			lost: lost.length,
			lostInCrashedExecutions: crashed.length,
			duplicates: uuids.length - new Set(uuids).size,
		};
	} finally {
		await n8n.stop();
		keepLog(n8n);
	}
}

interface Holder {
	id: string;
	status: string;
}

/** The executions whose data holds each record, with their status. */
async function executionsHolding(base: string, uuids: string[]): Promise<Map<string, Holder[]>> {
	const holding = new Map(uuids.map((uuid) => [uuid, [] as Holder[]]));
	if (uuids.length === 0) return holding;
	const cookie = await signIn(base);
	const get = async (path: string) =>
		(await (await fetch(`${base}/rest/executions${path}`, { headers: { cookie } })).json()) as {
			data: { results?: Holder[]; data?: string };
		};
	const executions = (await get('?limit=250')).data.results ?? [];
	for (const execution of executions) {
		const data = (await get(`/${execution.id}`)).data.data ?? '';
		for (const uuid of uuids)
			if (data.includes(uuid))
				holding.get(uuid)!.push({ id: execution.id, status: execution.status });
	}
	return holding;
}

/**
 * Which of the records are in the input of an execution n8n marked crashed: one killed while
 * it ran, which n8n does not run again (a user can retry it from the executions list).
 */
async function inCrashedExecutions(base: string, uuids: string[]): Promise<string[]> {
	const holding = await executionsHolding(base, uuids);
	return uuids.filter((uuid) => holding.get(uuid)!.some(({ status }) => status === 'crashed'));
}

/** Where each record that never reached the sink is, for a failed trial to be read. */
async function whereLost(base: string, uuids: string[]): Promise<string> {
	const holding = await executionsHolding(base, uuids);
	return uuids
		.map((uuid) => {
			const holders = holding.get(uuid)!;
			const where = holders.map(({ id, status }) => `execution ${id} (${status})`);
			return `${uuid} in ${where.length ? where.join(', ') : 'no execution'}`;
		})
		.join('; ');
}

/** One line for the test's output and the README's figures. */
export function crashReport(setup: string, trials: number, outcome: CrashOutcome): string {
	return `crash trials, ${setup}: ${trials} kills, ${outcome.failed} failed records, ${outcome.lost} lost (${outcome.lostInCrashedExecutions} of them in an execution n8n marked crashed), ${outcome.duplicates} duplicate alerts\n`;
}
