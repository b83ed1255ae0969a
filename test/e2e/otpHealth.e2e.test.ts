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
 * examples/otp-health.json and its Error Workflow, active in a real `n8n start`, against live
 * traffic the test makes: as `npm start`'s, one generator over every network, but flat and
 * fast (500 messages a minute), and judged over the last minute after a 10-second grace,
 * polled every 15 s, so that an incident and its recovery take a minute or two, not an hour.
 */
const PORT = 5687;
const DURABLE_PORT = 5686;
const KILLS = Number(process.env.CRASH_TRIALS ?? 3);
const SLACK = '/slack/T00000000/B00000000/otp-health';
const PER_HOUR = 30_000;

let sandbox: Sandbox;
let stopTraffic = () => {};

async function otpHealthUserFolder(name = 'e2e-otp-health'): Promise<string> {
	const userFolder = await freshUserFolder(name);
	await importJson(userFolder, 'credentials', sandboxCredentials(sandbox));
	await importJson(
		userFolder,
		'workflow',
		exampleWorkflow('otp-health-errors.json', sandbox.sink.url),
	);
	await importJson(
		userFolder,
		'workflow',
		exampleWorkflow('otp-health.json', sandbox.sink.url, { window: 'lastm', graceSeconds: 10 }),
	);
	await activate(userFolder, 'exampleOtpHealth');
	// n8n 2.x runs an Error Workflow's published version only.
	await activate(userFolder, 'exampleOtpErrors');
	return userFolder;
}

beforeEach(async () => {
	sandbox = await startSandbox(ANY_FREE_PORTS);
	sandbox.betatel.records.whatsapp = [];
	for (const network of Object.keys(sandbox.betatel.failureRates))
		sandbox.betatel.failureRates[network] = 0;
	stopTraffic = fastLiveTraffic(sandbox, PER_HOUR);
});
afterEach(async () => {
	stopTraffic();
	await sandbox?.stop();
});

const posts = () =>
	(sandbox.sink.received(SLACK) as IDataObject[]).map((body) => String(body.text));
const listReads = () =>
	sandbox.betatel.requests.filter((request) => request.path.endsWith('/whatsapp/wdr')).length;
const route = (network: string, behaviour: 'stuck' | 'delivers' | 'stopped') =>
	(sandbox.betatel.networkBehaviour[network] = behaviour);

describe('the WhatsApp OTP health example, active in a real n8n', () => {
	it('names a stuck network once per measure and its recovery once, a stopped one too, and a failing poll reaches the Error Workflow', async () => {
		const n8n = await startN8n(await otpHealthUserFolder(), PORT);
		try {
			// A minute of traffic fills the window: nothing is broken, nothing is posted.
			await sleep(75_000);
			expect(posts()).toEqual([]);

			route('A1 Hrvatska', 'stuck');
			await waitFor('the stuck alerts', () => posts().length >= 2, 120);
			expect([...posts()].sort()).toEqual([
				expect.stringMatching(
					/^:rotating_light: WhatsApp on A1 Hrvatska: \d+(\.\d+)? % of OTPs not delivered within 10 s \(\d+ of \d+: \d+ SENT\)\. Look up: (\w+, ){4}\w+$/,
				),
				expect.stringMatching(/^:snail: WhatsApp on A1 Hrvatska: p90 delivery time past the grace/),
			]);
			route('A1 Hrvatska', 'delivers');
			await waitFor('the recoveries', () => posts().length >= 4, 150);
			expect(posts().slice(2).sort()).toEqual([
				expect.stringMatching(
					/^:white_check_mark: WhatsApp on A1 Hrvatska recovered \(delivery time\)/,
				),
				expect.stringMatching(
					/^:white_check_mark: WhatsApp on A1 Hrvatska recovered \(undelivered rate\)/,
				),
			]);

			// Each network's share is learned over 12 polls (3 minutes here) before a drop can fire.
			route('BH Telecom', 'stopped');
			await waitFor('the traffic drop', () => posts().length >= 5, 240);
			expect(posts()[4]).toMatch(
				/^:mute: WhatsApp on BH Telecom: \d+ messages in the last 30 min where about \d+ are usual$/,
			);

			sandbox.betatel.apiKey = 'revoked';
			await waitFor('the Error Workflow', () => posts().length >= 6, 90);
			expect(posts()[5]).toMatch(/^:warning: Messaging stats: WhatsApp OTP health cannot watch: /);
			expect(posts().join('\n')).not.toContain('sandbox-betatel-key');
		} finally {
			await n8n.stop();
		}
	}, 900_000);
});

// n8n 1.x has no durable scheduler.
(N8N_MAJOR >= 2 ? describe : describe.skip)(
	"the OTP health example through SIGKILL, n8n's durable scheduler, SQLite",
	() => {
		it(
			`${KILLS} kills during polls in the middle of a stuck route: each alert once, each recovery once`,
			async () => {
				const userFolder = await otpHealthUserFolder('e2e-otp-health-crash');
				const start = async () => await startN8n(userFolder, DURABLE_PORT, DURABLE_SCHEDULER_ENV);
				let n8n = await start();
				try {
					await sleep(75_000);
					route('A1 Hrvatska', 'stuck');
					await waitFor('the stuck alerts', () => posts().length >= 2, 150);
					for (let kill = 0; kill < KILLS; kill++) {
						const reads = listReads();
						await waitFor('a poll', () => listReads() > reads, 60);
						await sleep(Math.round((kill * 2_000) / Math.max(1, KILLS - 1)));
						await n8n.kill();
						n8n = await start();
						const after = listReads();
						await waitFor('a poll after the restart', () => listReads() > after + 5, 90);
					}
					expect(posts()).toHaveLength(2);
					route('A1 Hrvatska', 'delivers');
					await waitFor('the recoveries', () => posts().length >= 4, 180);
					await sleep(35_000);
					expect([...posts()].sort()).toEqual([
						expect.stringMatching(/^:rotating_light: WhatsApp on A1 Hrvatska: /),
						expect.stringMatching(/^:snail: WhatsApp on A1 Hrvatska: /),
						expect.stringMatching(
							/^:white_check_mark: WhatsApp on A1 Hrvatska recovered \(delivery time\)/,
						),
						expect.stringMatching(
							/^:white_check_mark: WhatsApp on A1 Hrvatska recovered \(undelivered rate\)/,
						),
					]);
				} finally {
					await n8n.stop();
				}
			},
			(KILLS + 4) * 180_000,
		);
	},
);
