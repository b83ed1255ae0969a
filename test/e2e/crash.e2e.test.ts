/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { join } from 'node:path';

import { ANY_FREE_PORTS, startSandbox, type Sandbox } from '../../sandbox/sandbox';
import {
	alertUserFolder,
	crashReport,
	DURABLE_SCHEDULER_ENV,
	killDuringPolls,
} from './crashScenario';
import { startN8n } from './n8n';

/**
 * The Betatel Trigger through SIGKILL on SQLite, under n8n's default scheduler and under its
 * durable one. CRASH_TRIALS sets the kills per scheduler (CI runs a few; the README's
 * figures come from `CRASH_TRIALS=20 npx jest -c jest.e2e.config.js crash`), and
 * CRASH_LOG_LEVEL=debug shows the scheduler's decisions in .n8n-cache/e2e-crash-*.
 */
const TRIALS = Number(process.env.CRASH_TRIALS ?? 3);
const LOG_LEVEL = process.env.CRASH_LOG_LEVEL ?? 'info';

const SCHEDULERS = [
	{ name: 'default', port: 5694, env: {} },
	{ name: 'durable', port: 5695, env: DURABLE_SCHEDULER_ENV },
];

describe.each(SCHEDULERS)(
	'the Betatel Trigger through SIGKILL, $name scheduler, SQLite',
	(scheduler) => {
		let sandbox: Sandbox;
		let userFolder: string;

		beforeAll(async () => {
			sandbox = await startSandbox(ANY_FREE_PORTS);
			userFolder = await alertUserFolder(sandbox, `e2e-crash-${scheduler.name}`);
		});
		afterAll(async () => await sandbox?.stop());

		it(
			`${TRIALS} kills: no failed record lost silently${scheduler.name === 'durable' ? ', none alerted twice' : ''}`,
			async () => {
				const outcome = await killDuringPolls(
					sandbox,
					async () =>
						await startN8n(userFolder, scheduler.port, {
							...scheduler.env,
							N8N_LOG_LEVEL: LOG_LEVEL,
						}),
					TRIALS,
					join(userFolder, 'n8n-processes.log'),
					`http://127.0.0.1:${scheduler.port}`,
				);
				process.stdout.write(crashReport(`SQLite, ${scheduler.name} scheduler`, TRIALS, outcome));
				// Nothing lost silently: a record missing at the sink is in an execution n8n marked
				// crashed, which it does not run again.
				expect(outcome.lost).toBe(outcome.lostInCrashedExecutions);
				if (scheduler.name === 'durable') expect(outcome.duplicates).toBe(0);
			},
			(TRIALS + 2) * 300_000,
		);
	},
);
