/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling, run by Node beside n8n, never inside it */
import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import {
	ANY_FREE_PORTS,
	sandboxCredentials,
	startSandbox,
	type Sandbox,
} from '../../sandbox/sandbox';
import { DURABLE_SCHEDULER_ENV } from './crashScenario';
import { exampleWorkflow } from './examples';
import { fastLiveTraffic } from './fastTraffic';
import { activate, freshUserFolder, importJson, N8N_MAJOR, startN8n } from './n8n';
import { waitFor } from './triggerScenario';

/**
 * examples/network-outage-alert.json active in a real `n8n start`, polling every 15 s instead
 * of every 5 minutes, against the sandbox's records: m:tel fails about 30 % while the other
 * four networks fail about 3 %.
 */
const PORT = 5689;
const DURABLE_PORT = 5688;
const WORKFLOW_ID = 'exampleNetOutage';
const KILLS = Number(process.env.CRASH_TRIALS ?? 3);
const SLACK = '/slack/T00000000/B00000000/sandbox';
const HEALTHY = ['BH Telecom', 'HT Eronet', 'Telekom Srbija'];

let sandbox: Sandbox;
let stopTraffic = () => {};

/** A fresh n8n user folder with the example imported, polling every 15 s, and published. */
async function outageUserFolder(name: string, trigger: IDataObject = {}): Promise<string> {
	const userFolder = await freshUserFolder(name);
	await importJson(userFolder, 'credentials', sandboxCredentials(sandbox));
	await importJson(
		userFolder,
		'workflow',
		exampleWorkflow('network-outage-alert.json', sandbox.sink.url, trigger),
	);
	await activate(userFolder, WORKFLOW_ID);
	return userFolder;
}

beforeEach(async () => {
	sandbox = await startSandbox(ANY_FREE_PORTS);
});
afterEach(async () => {
	stopTraffic();
	await sandbox?.stop();
});

const posts = () =>
	(sandbox.sink.received(SLACK) as IDataObject[]).map((body) => String(body.text));
const listReads = () =>
	sandbox.betatel.requests.filter((request) => request.path.endsWith('/whatsapp/wdr')).length;

/** As a newcomer does it, with the request docs/sandbox.md gives. */
async function setFailureRate(network: string, failureRate: number): Promise<void> {
	const response = await fetch(`${sandbox.betatel.url}/__sandbox/network`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ network, failureRate }),
	});
	expect(response.status).toBe(200);
}

/**
 * docs/trigger.md's time to cross a line: a group's rate moving from `from` to `to` at once
 * crosses `line` after `Window × (line − from) / (to − from)`, and the next poll, up to one
 * interval later, says so.
 */
const statedSeconds = (windowSeconds: number, from: number, to: number, line: number) =>
	(windowSeconds * (line - from)) / (to - from) + 15;

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

async function secondsUntil(what: string, done: () => boolean, limit: number): Promise<number> {
	const start = Date.now();
	await waitFor(what, done, limit);
	return (Date.now() - start) / 1000;
}

describe("network outage alert, active in a real n8n, on npm start's live traffic", () => {
	it('names m:tel, then a network the user breaks, once each, and each recovery once, in the time the docs state', async () => {
		// npm start's traffic, sped up to 1,000 messages a minute and judged over the last minute
		// instead of the last hour: the docs' times divided by 60.
		stopTraffic = fastLiveTraffic(sandbox, 60_000);
		const n8n = await startN8n(
			await outageUserFolder('e2e-network-outage', { window: 'lastm' }),
			PORT,
		);
		try {
			await waitFor('the alert for m:tel', () => posts().length > 0, 120);
			expect(posts()[0]).toMatch(
				/^:rotating_light: WhatsApp failing on m:tel: \d+(\.\d+)? % over the last hour \(\d+ of \d+: \d+ (FAILED|EXPIRED)(, \d+ (FAILED|EXPIRED))?\)\. Look up: (\w+, ){4}\w+$/,
			);

			await setFailureRate('A1 Hrvatska', 0.3);
			const toAlert = await secondsUntil('the alert for A1', () => posts().length > 1, 120);
			expect(posts()[1]).toMatch(/^:rotating_light: WhatsApp failing on A1 Hrvatska: /);
			// The stated time, and a poll more for the draws of a minute's messages and n8n's run.
			expect(toAlert).toBeLessThanOrEqual(statedSeconds(60, 3, 30, 10) + 15);

			await setFailureRate('A1 Hrvatska', 0.03);
			await setFailureRate('m:tel', 0.03);
			const toRecover = await secondsUntil('both recoveries', () => posts().length > 3, 180);
			expect(toRecover).toBeLessThanOrEqual(statedSeconds(60, 30, 3, 5) + 15);
			await pollsGoBy(2);
			expect([...posts().slice(2)].sort()).toEqual([
				expect.stringMatching(
					/^:white_check_mark: WhatsApp on A1 Hrvatska recovered: \d+(\.\d+)? % failed over the last hour, after \d+(\.\d+)? min$/,
				),
				expect.stringMatching(/^:white_check_mark: WhatsApp on m:tel recovered: /),
			]);
			expect(posts().filter((text) => HEALTHY.some((network) => text.includes(network)))).toEqual(
				[],
			);
		} finally {
			await n8n.stop();
		}
	}, 600_000);
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
