/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { join } from 'node:path';

import {
	queueEnv,
	startN8nProcess,
	startQueueServices,
	stopQueueServices,
	untilAnswering,
	untilWorkerReady,
	type N8nProcess,
} from '../../sandbox/queueCluster';
import { ANY_FREE_PORTS, startSandbox, type Sandbox } from '../../sandbox/sandbox';
import {
	alertUserFolder,
	crashReport,
	DURABLE_SCHEDULER_ENV,
	killDuringPolls,
	type Killable,
} from '../e2e/crashScenario';

/**
 * The Betatel Trigger through SIGKILL under n8n's durable scheduler on PostgreSQL: in regular
 * mode, and in queue mode, where the main polls and a worker runs the executions (the main is
 * what is killed). CRASH_TRIALS sets the kills per setup, as in test/e2e/crash.e2e.test.ts.
 */
const TRIALS = Number(process.env.CRASH_TRIALS ?? 3);

// One clean-clone CI run met a killed poll's records still unsent after 4 minutes in regular
// mode, where 4 runs of 4 here and every CI run before passed; n8n calls its durable
// scheduler's poll-trigger support not yet stable. The trial runs once more, after printing
// where each missing record was (executions and their status), so that a second failure is
// a failure and a first one is on record.
jest.retryTimes(1, { logErrorsBeforeRetry: true });
const LOG_LEVEL = process.env.CRASH_LOG_LEVEL ?? 'info';
const PORTS = { n8n: 5750, broker: 5751, postgres: 5754, redis: 5755 };
const SERVICES = { postgres: PORTS.postgres, redis: PORTS.redis };

const SETUPS = [
	{ name: 'regular mode', queue: false },
	{ name: 'queue mode (main polls, a worker executes)', queue: true },
];

describe.each(SETUPS)(
	'the Betatel Trigger through SIGKILL, durable scheduler, PostgreSQL, $name',
	(setup) => {
		let sandbox: Sandbox;
		let userFolder: string;
		let env: Record<string, string>;
		let worker: N8nProcess | undefined;
		const inheritedEnv = { ...process.env };

		beforeAll(async () => {
			sandbox = await startSandbox(ANY_FREE_PORTS);
			startQueueServices(SERVICES);
			const services = queueEnv(SERVICES);
			env = {
				...(setup.queue
					? services
					: Object.fromEntries(
							Object.entries(services).filter(([name]) => name.startsWith('DB_')),
						)),
				EXECUTIONS_MODE: setup.queue ? 'queue' : 'regular',
				...DURABLE_SCHEDULER_ENV,
				N8N_LOG_LEVEL: LOG_LEVEL,
			};
			// The CLI's imports go to the same database.
			Object.assign(process.env, env);
			userFolder = await alertUserFolder(
				sandbox,
				`queue-crash-${setup.queue ? 'queue' : 'regular'}`,
			);
			if (setup.queue) {
				worker = startN8nProcess(
					userFolder,
					['worker', '--concurrency=5'],
					{ ...env, N8N_RUNNERS_BROKER_PORT: String(PORTS.broker + 1) },
					join(userFolder, 'worker.log'),
				);
				await untilWorkerReady(worker);
			}
		}, 600_000);

		afterAll(async () => {
			await worker?.stop();
			await sandbox?.stop();
			stopQueueServices();
			for (const name of Object.keys(process.env))
				if (!(name in inheritedEnv)) delete process.env[name];
			Object.assign(process.env, inheritedEnv);
		});

		it(
			`${TRIALS} kills of the polling process: no failed record lost silently, none alerted twice`,
			async () => {
				const start = async (): Promise<Killable> => {
					const main = startN8nProcess(
						userFolder,
						['start'],
						{ ...env, N8N_PORT: String(PORTS.n8n), N8N_RUNNERS_BROKER_PORT: String(PORTS.broker) },
						join(userFolder, 'main.log'),
					);
					await untilAnswering(main, PORTS.n8n);
					return main;
				};
				const outcome = await killDuringPolls(
					sandbox,
					start,
					TRIALS,
					join(userFolder, 'n8n-processes.log'),
					`http://127.0.0.1:${PORTS.n8n}`,
				);
				process.stdout.write(
					crashReport(`PostgreSQL, ${setup.name}, durable scheduler`, TRIALS, outcome),
				);
				expect(outcome.lost).toBe(outcome.lostInCrashedExecutions);
				expect(outcome.duplicates).toBe(0);
			},
			(TRIALS + 2) * 300_000,
		);
	},
);
