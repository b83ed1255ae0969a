import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { sandboxCredentials, startSandbox, type Sandbox } from '../../sandbox/sandbox';
import { freshUserFolder, importJson, run, startN8n } from './n8n';

/**
 * The Betatel Trigger active in a real `n8n start`: polls every 15 s, records created and
 * records whose status moves on while it runs, and one restart of n8n in the middle.
 * Every record that became FAILED must reach the sink exactly once.
 */
let sandbox: Sandbox;
let userFolder: string;
const PORT = 5692;
const WORKFLOW_ID = 'e2eFailedTrigger';

const every15Seconds = ['0', '15', '30', '45'].map((second) => ({
	mode: 'custom',
	cronExpression: `${second} * * * * *`,
}));

const workflow = {
	id: WORKFLOW_ID,
	name: 'E2E: every failed WhatsApp message',
	active: false,
	settings: { timezone: 'UTC' },
	connections: {
		'New failed message': { main: [[{ node: 'To sink', type: 'main', index: 0 }]] },
	},
	nodes: [
		{
			id: 'e2e-trigger-0001',
			name: 'New failed message',
			type: 'n8n-nodes-messaging-stats.betatelTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {
				pollTimes: { item: every15Seconds },
				event: 'newDeliveryRecord',
				channel: 'whatsapp',
				statuses: ['FAILED'],
				lookBackMinutes: 60,
			},
			credentials: { betatelApi: { id: 'sandboxBetatel01', name: 'Betatel (sandbox)' } },
		},
		{
			id: 'e2e-trigger-0002',
			name: 'To sink',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [260, 0],
			parameters: {
				method: 'POST',
				url: '', // set to the sink below
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify({ uuid: $json.uuid, status: $json.status }) }}',
				options: {},
			},
		},
	],
};

beforeAll(async () => {
	sandbox = await startSandbox();
	userFolder = await freshUserFolder('e2e-trigger');
	await importJson(userFolder, 'credentials', sandboxCredentials(sandbox));
	workflow.nodes[1].parameters.url = `${sandbox.sink.url}/alerts/failed`;
	await importJson(userFolder, 'workflow', workflow);
	await run(userFolder, ['publish:workflow', `--id=${WORKFLOW_ID}`]);
});
afterAll(async () => await sandbox?.stop());

const delivered = () =>
	(sandbox.sink.received('/alerts/failed') as IDataObject[]).map((body) => String(body.uuid));
const listReads = () =>
	sandbox.betatel.requests.filter((request) => request.path.endsWith('/whatsapp/wdr')).length;

async function waitFor(what: string, done: () => boolean, seconds: number): Promise<void> {
	const deadline = Date.now() + seconds * 1000;
	while (!done()) {
		if (Date.now() > deadline) throw new Error(`timed out after ${seconds} s waiting for ${what}`);
		await sleep(500);
	}
}

describe('Betatel Trigger active in a real n8n', () => {
	it('every record that becomes FAILED comes out exactly once, across status changes and a restart', async () => {
		const betatel = sandbox.betatel;
		let n8n = await startN8n(userFolder, PORT);
		const expected: string[] = [];
		const allOut = () => expected.every((uuid) => delivered().includes(uuid));
		let inFlight: Array<{ uuid: string }> = [];
		try {
			// The activation poll has read the window: what is there now is the past.
			await waitFor('the activation poll', () => listReads() > 0, 60);
			// Sent before the records that fail at once: a timestamp cursor would pass them by.
			inFlight = betatel.addRecords('whatsapp', 2, 'SENT', 40);
			const failedNow = betatel.addRecords('whatsapp', 3, 'FAILED', 20);
			expected.push(...failedNow.map((record) => record.uuid));
			await waitFor('the first three failures', allOut, 60);

			betatel.setStatus('whatsapp', inFlight[0].uuid, 'FAILED');
			expected.push(inFlight[0].uuid);
			await waitFor('the record that failed later', allOut, 60);
		} finally {
			await n8n.stop();
		}

		// While n8n is down: a record fails, new ones arrive failed.
		betatel.setStatus('whatsapp', inFlight[1].uuid, 'FAILED');
		expected.push(inFlight[1].uuid);
		expected.push(...betatel.addRecords('whatsapp', 2, 'FAILED', 5).map((record) => record.uuid));

		n8n = await startN8n(userFolder, PORT);
		try {
			await waitFor('the records of the downtime', allOut, 120);
			// One more poll at least: nothing may come out twice.
			const readsSoFar = listReads();
			await waitFor('another poll', () => listReads() > readsSoFar, 40);
			await sleep(3_000);
		} finally {
			await n8n.stop();
		}

		const uuids = delivered();
		for (const uuid of expected) expect(uuids.filter((seen) => seen === uuid)).toHaveLength(1);
		expect(new Set(uuids).size).toBe(uuids.length);
	});
});
