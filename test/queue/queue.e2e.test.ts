/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import type { IDataObject } from 'n8n-workflow';
import { DateTime } from 'luxon';
import { join } from 'node:path';

import {
	executionsFinished,
	executionsStarted,
	queueEnv,
	sql,
	startN8nProcess,
	startQueueServices,
	stopQueueServices,
	untilAnswering,
	untilWebhookServed,
	untilWorkerReady,
	type N8nProcess,
} from '../../sandbox/queueCluster';
import { sandboxCredentials, sandboxPorts, startSandbox, type Sandbox } from '../../sandbox/sandbox';
import { execute, freshUserFolder, importJson, run } from '../e2e/n8n';
import {
	everyFailedRecordOnce,
	FAILED_TRIGGER_WORKFLOW_ID,
	failedTriggerWorkflow,
	waitFor,
} from '../e2e/triggerScenario';
import { QUEUE_WORKFLOWS, webhookCopy, type QueueWorkflow } from '../../sandbox/queueWorkflows';

/**
 * The package in n8n's queue mode: a main process, two workers, PostgreSQL and Redis, as
 * `npm run start:queue` runs them. Ports 5731–5735 (sandbox), 5740–5745.
 */
const PORTS = { n8n: 5740, broker: 5741, postgres: 5744, redis: 5745 };
const SERVICES = { postgres: PORTS.postgres, redis: PORTS.redis };
const EACH = 50;
const IN_FLIGHT = 10;
/** A killed worker's job is found stalled within seconds, not n8n's default minute. */
const FAST_STALL_DETECTION = {
	QUEUE_WORKER_LOCK_DURATION: '5000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '1000',
	QUEUE_WORKER_STALLED_INTERVAL: '5000',
};

let sandbox: Sandbox;
let userFolder: string;
let env: Record<string, string>;
let main: N8nProcess | undefined;
const workers: N8nProcess[] = [];
let tokensBefore = 0;
const reference: Partial<Record<QueueWorkflow, IDataObject[]>> = {};
const nodeOf: Record<QueueWorkflow, string> = {
	dailyReport: 'One table',
	failedExport: 'Failed WhatsApp messages, last 24 hours',
};

async function startMain(): Promise<N8nProcess> {
	main = startN8nProcess(userFolder, ['start'], {
		...env,
		N8N_PORT: String(PORTS.n8n),
		N8N_RUNNERS_BROKER_PORT: String(PORTS.broker),
	}, join(userFolder, 'main.log'));
	await untilAnswering(main, PORTS.n8n);
	return main;
}

async function startWorker(index: number): Promise<N8nProcess> {
	const worker = startN8nProcess(userFolder, ['worker', `--concurrency=${IN_FLIGHT}`], {
		...env,
		N8N_RUNNERS_BROKER_PORT: String(PORTS.broker + 1 + index),
	}, join(userFolder, `worker-${index + 1}.log`));
	workers[index] = worker;
	await untilWorkerReady(worker);
	return worker;
}

beforeAll(async () => {
	sandbox = await startSandbox(sandboxPorts(5731));
	// Every execution of the batch waits on the providers a little, so that a killed worker
	// has executions in flight.
	sandbox.betatel.latencyMs = 150;
	const createdAfter = DateTime.utc().minus({ days: 1 }).startOf('minute').toISO();
	const copies = (Object.keys(QUEUE_WORKFLOWS) as QueueWorkflow[]).map((which) => ({
		which,
		workflow: webhookCopy(which, sandbox.sink.url, createdAfter),
	}));

	// The reference: each copy once in n8n's regular mode, on SQLite.
	const regular = await freshUserFolder('queue-regular');
	await importJson(regular, 'credentials', sandboxCredentials(sandbox));
	for (const { which, workflow } of copies) {
		await importJson(regular, 'workflow', workflow);
		const result = await execute(regular, QUEUE_WORKFLOWS[which].id);
		expect(result.status).toBe('success');
		reference[which] = result.output(nodeOf[which]);
		expect(reference[which]!.length).toBeGreaterThan(0);
	}
	sandbox.sink.reset();
	tokensBefore = sandbox.ninetyNineDigital.tokensIssued;

	startQueueServices(SERVICES);
	env = { ...queueEnv(SERVICES), ...FAST_STALL_DETECTION };
	Object.assign(process.env, env);
	userFolder = await freshUserFolder('queue-user-e2e');
	await importJson(userFolder, 'credentials', sandboxCredentials(sandbox));
	for (const { which, workflow } of copies) {
		await importJson(userFolder, 'workflow', workflow);
		await run(userFolder, ['publish:workflow', `--id=${QUEUE_WORKFLOWS[which].id}`]);
	}
	await importJson(userFolder, 'workflow', failedTriggerWorkflow(sandbox.sink.url));
	await startMain();
	for (const { path } of Object.values(QUEUE_WORKFLOWS)) await untilWebhookServed(PORTS.n8n, path);
	await Promise.all([startWorker(0), startWorker(1)]);
}, 600_000);

afterAll(async () => {
	await Promise.all([main, ...workers].map(async (process) => await process?.stop()));
	await sandbox?.stop();
	stopQueueServices();
});

interface Call {
	which: QueueWorkflow;
	status: number;
	items: IDataObject[];
}

async function callWebhook(which: QueueWorkflow): Promise<Call> {
	const response = await fetch(
		`http://127.0.0.1:${PORTS.n8n}/webhook/${QUEUE_WORKFLOWS[which].path}`,
		{ method: 'POST', signal: AbortSignal.timeout(180_000) },
	);
	const text = await response.text();
	let items: IDataObject[] = [];
	try {
		const parsed = JSON.parse(text) as IDataObject | IDataObject[];
		items = Array.isArray(parsed) ? parsed : [parsed];
	} catch {
		// not JSON: a failed execution's page
	}
	return { which, status: response.status, items };
}

/** Runs the calls with at most IN_FLIGHT at once; `afterEach` sees how many are done. */
async function batch(
	calls: QueueWorkflow[],
	afterEach: (done: number) => Promise<void> = async () => {},
): Promise<Call[]> {
	const results: Call[] = [];
	let next = 0;
	await Promise.all(
		Array.from({ length: IN_FLIGHT }, async () => {
			while (next < calls.length) {
				const call = calls[next++];
				results.push(await callWebhook(call));
				await afterEach(results.length);
			}
		}),
	);
	return results;
}

const executionStatuses = (workflowIds: string[]) =>
	sql(
		SERVICES,
		`select id, status from execution_entity where "workflowId" in (${workflowIds.map((id) => `'${id}'`).join(',')})`,
	).map((row) => {
		const [id, status] = row.split('|');
		return { id, status };
	});

describe('queue mode: main, two workers, PostgreSQL and Redis', () => {
	it('100 executions through the queue: all accounted for, outputs as in regular mode, one token per worker at most, and a worker killed mid-batch', async () => {
		const calls = Array.from({ length: EACH * 2 }, (_, i): QueueWorkflow =>
			i % 2 ? 'failedExport' : 'dailyReport',
		);
		let killed: { worker: N8nProcess; inFlight: string[] } | undefined;
		const results = await batch(calls, async (done) => {
			const victim = workers[1];
			const inFlight = () => {
				const finished = new Set(executionsFinished(victim));
				return executionsStarted(victim).filter((id) => !finished.has(id));
			};
			if (killed || done < 30 || inFlight().length === 0) return;
			killed = { worker: victim, inFlight: inFlight() };
			await victim.kill();
		});
		expect(killed).toBeDefined();

		// Every execution is in the database once, and ran on one worker at most once.
		const ids = Object.values(QUEUE_WORKFLOWS).map((workflow) => workflow.id);
		await waitFor(
			'n8n to settle every execution',
			() => executionStatuses(ids).every(({ status }) => !['new', 'running'].includes(status)),
			120,
		);
		const executions = executionStatuses(ids);
		expect(executions).toHaveLength(EACH * 2);
		const startedOn = workers.map((worker) => executionsStarted(worker));
		const allStarts = startedOn.flat();
		expect(new Set(allStarts).size).toBe(allStarts.length);
		expect(startedOn[0].length).toBeGreaterThan(0);
		expect(startedOn[1].length).toBeGreaterThan(0);

		// What n8n does with the killed worker's executions: marks them failed once their lock
		// runs out, and never hands them to another worker.
		const failed = executions.filter(({ status }) => status !== 'success').map(({ id }) => id);
		expect(failed.length).toBeGreaterThan(0);
		expect(failed.length).toBeLessThanOrEqual(IN_FLIGHT);
		// Every failure is the killed worker's: one it had started, or one it had taken off the
		// queue but not yet started (n8n logs the start only once the execution is loaded from
		// the database). The log can also show an execution still in flight that the worker
		// reported done in the moment before the kill: those succeeded, once.
		for (const id of failed) {
			expect(startedOn[0]).not.toContain(id);
			expect(executionsFinished(killed!.worker)).not.toContain(id);
		}

		// Every execution that succeeded gave what regular mode gives.
		const succeeded = results.filter((call) => call.status === 200);
		expect(succeeded).toHaveLength(EACH * 2 - failed.length);
		for (const call of succeeded.filter(({ which }) => which === 'failedExport'))
			expect(call.items).toEqual(reference.failedExport);
		const posted = sandbox.sink.received('/report/daily').map((body) => JSON.stringify(body));
		const dailySucceeded = succeeded.filter(({ which }) => which === 'dailyReport').length;
		const dailyFailed = results.filter((call) => call.which === 'dailyReport').length - dailySucceeded;
		for (const row of reference.dailyReport!) {
			const times = posted.filter((body) => body === JSON.stringify(row)).length;
			expect(times).toBeGreaterThanOrEqual(dailySucceeded);
			expect(times).toBeLessThanOrEqual(dailySucceeded + dailyFailed);
		}
		expect(posted.length).toBeLessThanOrEqual(
			(dailySucceeded + dailyFailed) * reference.dailyReport!.length,
		);

		// 99digital: the token n8n saved in the credential serves every later execution on
		// every worker; only executions that started together on a cold credential share one
		// exchange per worker.
		const tokens = sandbox.ninetyNineDigital.tokensIssued - tokensBefore;
		expect(tokens).toBeGreaterThanOrEqual(1);
		expect(tokens).toBeLessThanOrEqual(workers.length);
		process.stdout.write(
			`queue batch: ${executions.length} executions, ${startedOn[0].length} + ${startedOn[1].length} started on the workers, ${failed.length} failed with the killed worker, ${tokens} 99digital token(s)\n`,
		);
	});

	it('a 99digital token that expires mid-run is refreshed at most once per worker', async () => {
		await startWorker(1);
		const before = sandbox.ninetyNineDigital.tokensIssued;
		sandbox.ninetyNineDigital.expireTokens();
		const results = await batch(Array.from({ length: 20 }, (): QueueWorkflow => 'dailyReport'));
		expect(results.map((call) => call.status)).toEqual(Array(20).fill(200));
		const refreshes = sandbox.ninetyNineDigital.tokensIssued - before;
		expect(refreshes).toBeGreaterThanOrEqual(1);
		expect(refreshes).toBeLessThanOrEqual(workers.length);
		process.stdout.write(`token expiry: ${refreshes} refresh(es) for 20 executions on 2 workers\n`);
	});

	it('the Betatel Trigger on the main: every FAILED record once, across a restart of the main', async () => {
		await main!.stop();
		await run(userFolder, ['publish:workflow', `--id=${FAILED_TRIGGER_WORKFLOW_ID}`]);
		await everyFailedRecordOnce(sandbox, startMain);
	});
});
