/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import {
	ANY_FREE_PORTS,
	sandboxCredentials,
	startSandbox,
	type Sandbox,
} from '../../sandbox/sandbox';
import { DURABLE_SCHEDULER_ENV } from './crashScenario';
import { activate, freshUserFolder, importJson, N8N_MAJOR, REPO, startN8n } from './n8n';
import { waitFor } from './triggerScenario';

/**
 * examples/network-outage-alert.json active in a real `n8n start`, polling every 15 s instead
 * of every 5 minutes, against the sandbox's own records: m:tel fails about 30 % while the other
 * four networks fail about 3 %.
 */
const PORT = 5689;
const DURABLE_PORT = 5688;
const WORKFLOW_ID = 'exampleNetOutage';
const KILLS = Number(process.env.CRASH_TRIALS ?? 3);
const SLACK = '/slack/T00000000/B00000000/sandbox';

let sandbox: Sandbox;

/** A fresh n8n user folder with the example imported, polling every 15 s, and published. */
async function outageUserFolder(name: string): Promise<string> {
	const userFolder = await freshUserFolder(name);
	await importJson(userFolder, 'credentials', sandboxCredentials(sandbox));
	const workflow = JSON.parse(
		readFileSync(join(REPO, 'examples', 'network-outage-alert.json'), 'utf8').replaceAll(
			'http://127.0.0.1:5705',
			sandbox.sink.url,
		),
	) as { nodes: Array<{ type: string; parameters: IDataObject }> };
	const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-betatel.betatelTrigger')!;
	trigger.parameters.pollTimes = {
		item: ['0', '15', '30', '45'].map((second) => ({
			mode: 'custom',
			cronExpression: `${second} * * * * *`,
		})),
	};
	await importJson(userFolder, 'workflow', workflow);
	await activate(userFolder, WORKFLOW_ID);
	return userFolder;
}

beforeEach(async () => {
	sandbox = await startSandbox(ANY_FREE_PORTS);
});
afterEach(async () => await sandbox?.stop());

const posts = () =>
	(sandbox.sink.received(SLACK) as IDataObject[]).map((body) => String(body.text));
const listReads = () =>
	sandbox.betatel.requests.filter((request) => request.path.endsWith('/whatsapp/wdr')).length;

/**
 * m:tel's route heals: from now on its messages go through, and they outnumber the failures
 * still in the window.
 */
function heal(): void {
	sandbox.betatel.failureRates['m:tel'] = 0.03;
	sandbox.betatel.addRecords('whatsapp', 1500, 'DELIVERED', 60, {
		network: 'm:tel',
		country: 'Bosnia and Herzegovina',
		country_code: 387,
	});
}

async function pollsGoBy(count: number): Promise<void> {
	for (let poll = 0; poll < count; poll++) {
		const reads = listReads();
		await waitFor('a poll', () => listReads() > reads, 60);
		await waitFor('its answer', () => sandbox.betatel.inFlight === 0, 30);
	}
	await sleep(3_000);
}

describe('network outage alert, active in a real n8n', () => {
	it('fires for m:tel alone, once, and reports once that it recovered when m:tel heals', async () => {
		const n8n = await startN8n(await outageUserFolder('e2e-network-outage'), PORT);
		try {
			await waitFor('the alert', () => posts().length > 0, 120);
			await pollsGoBy(2);
			expect(posts()).toHaveLength(1);
			expect(posts()[0]).toMatch(
				/^:rotating_light: WhatsApp failing on m:tel: \d+(\.\d+)? % over the last hour \(\d+ of \d+: \d+ FAILED(, \d+ EXPIRED)?\)\. Look up: (\w+, ){4}\w+$/,
			);

			heal();
			await waitFor('the recovery', () => posts().length > 1, 90);
			await pollsGoBy(2);
			expect(posts()).toHaveLength(2);
			expect(posts()[1]).toMatch(
				/^:white_check_mark: WhatsApp on m:tel recovered: \d+(\.\d+)? % failed over the last hour, after \d+(\.\d+)? min$/,
			);
		} finally {
			await n8n.stop();
		}
	});
});

// n8n 1.x has no durable scheduler.
(N8N_MAJOR >= 2 ? describe : describe.skip)(
	"network outage alert through SIGKILL, n8n's durable scheduler, SQLite",
	() => {
		it(
			`${KILLS} kills during polls in the middle of the incident: one alert, one recovery`,
			async () => {
				const userFolder = await outageUserFolder('e2e-network-outage-crash');
				const start = async () => await startN8n(userFolder, DURABLE_PORT, DURABLE_SCHEDULER_ENV);
				let n8n = await start();
				try {
					await waitFor('the alert', () => posts().length > 0, 120);
					sandbox.betatel.latencyMs = 300;
					for (let kill = 0; kill < KILLS; kill++) {
						const reads = listReads();
						await waitFor('a poll', () => listReads() > reads, 60);
						await sleep(Math.round((kill * 2_000) / Math.max(1, KILLS - 1)));
						await n8n.kill();
						n8n = await start();
						await pollsGoBy(2);
					}
					sandbox.betatel.latencyMs = 0;
					expect(posts()).toHaveLength(1);
					heal();
					await waitFor('the recovery', () => posts().length > 1, 120);
					await pollsGoBy(2);
					expect(posts()).toEqual([
						expect.stringMatching(/^:rotating_light: WhatsApp failing on m:tel: /),
						expect.stringMatching(/^:white_check_mark: WhatsApp on m:tel recovered: /),
					]);
				} finally {
					await n8n.stop();
				}
			},
			(KILLS + 3) * 180_000,
		);
	},
);
