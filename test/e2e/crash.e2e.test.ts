/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { sleep } from 'n8n-workflow';

import {
	ANY_FREE_PORTS,
	sandboxCredentials,
	startSandbox,
	type Sandbox,
} from '../../sandbox/sandbox';
import { freshUserFolder, importJson, run, startN8n, type RunningN8n } from './n8n';
import {
	delivered,
	FAILED_TRIGGER_WORKFLOW_ID,
	failedTriggerWorkflow,
	waitFor,
} from './triggerScenario';

/**
 * n8n killed with SIGKILL at points spread over a poll's life (during the list read, as the
 * execution is created, as the state is saved, as the alert is posted), then restarted:
 * every record that became FAILED must reach the sink once. CRASH_TRIALS sets the number of
 * kills (CI runs a few; `CRASH_TRIALS=20 npx jest -c jest.e2e.config.js crash` the full run).
 * n8n's default scheduler by default; CRASH_DURABLE=on runs its durable scheduler, which in
 * 2.41.1 advanced the trigger's state but started no execution (docs/trigger.md).
 */
const TRIALS = Number(process.env.CRASH_TRIALS ?? 3);
const DURABLE = process.env.CRASH_DURABLE === 'on';
const PORT = 5694;
/** How long one page of the list takes: the read lasts long enough to be killed in. */
const PAGE_LATENCY_MS = 700;

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

let sandbox: Sandbox;
let userFolder: string;

beforeAll(async () => {
	sandbox = await startSandbox(ANY_FREE_PORTS);
	userFolder = await freshUserFolder('e2e-crash');
	await importJson(userFolder, 'credentials', sandboxCredentials(sandbox));
	await importJson(userFolder, 'workflow', failedTriggerWorkflow(sandbox.sink.url));
	await run(userFolder, ['publish:workflow', `--id=${FAILED_TRIGGER_WORKFLOW_ID}`]);
});
afterAll(async () => await sandbox?.stop());

const listReads = () =>
	sandbox.betatel.requests.filter((request) => request.path.endsWith('/whatsapp/wdr')).length;

describe(`the Betatel Trigger through SIGKILL (durable scheduler ${DURABLE ? 'on' : 'off'})`, () => {
	it(
		`${TRIALS} kills: every failed record reaches the sink; duplicates counted`,
		async () => {
			const start = async () =>
				await startN8n(userFolder, PORT, DURABLE ? DURABLE_SCHEDULER_ENV : {});
			const expected: string[] = [];
			const allOut = () => expected.every((uuid) => delivered(sandbox).includes(uuid));
			let n8n: RunningN8n = await start();
			const logs: string[] = [];
			try {
				const readsAtStart = listReads();
				await waitFor('the activation poll', () => listReads() > readsAtStart, 90);
				await waitFor('its answer', () => sandbox.betatel.inFlight === 0, 30);
				sandbox.betatel.latencyMs = PAGE_LATENCY_MS;
				for (let trial = 0; trial < TRIALS; trial++) {
					expected.push(
						...sandbox.betatel.addRecords('whatsapp', 2, 'FAILED', 5).map((record) => record.uuid),
					);
					const reads = listReads();
					await waitFor('a poll', () => listReads() > reads, 60);
					// Spread over the poll's first 3 s: the read, the execution's creation, the save
					// of the state and the post to the sink all fall in it.
					await sleep(Math.round((trial * 3_000) / Math.max(1, TRIALS - 1)));
					await n8n.kill();
					logs.push(n8n.log());
					writeFileSync(
						join(userFolder, 'n8n-processes.log'),
						logs.join('\n=== next process ===\n'),
					);
					n8n = await start();
					await waitFor(`the failures of trial ${trial + 1}`, allOut, 240);
				}
				const readsSoFar = listReads();
				await waitFor('one more poll', () => listReads() > readsSoFar, 60);
				await sleep(3_000);
			} finally {
				await n8n.stop();
				logs.push(n8n.log());
				// Each n8n process's log, for a failed trial to be read.
				writeFileSync(join(userFolder, 'n8n-processes.log'), logs.join('\n=== next process ===\n'));
			}
			const uuids = delivered(sandbox);
			const duplicates = uuids.length - new Set(uuids).size;
			const lost = expected.filter((uuid) => !uuids.includes(uuid)).length;
			process.stdout.write(
				`crash trials: ${TRIALS} kills, durable scheduler ${DURABLE ? 'on' : 'off'}: ${expected.length} failed records, ${lost} lost, ${duplicates} duplicate alerts\n`,
			);
			expect(lost).toBe(0);
			if (DURABLE) expect(duplicates).toBe(0);
		},
		(TRIALS + 2) * 300_000,
	);
});
