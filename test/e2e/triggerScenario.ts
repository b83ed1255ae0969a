import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { Sandbox } from '../../sandbox/sandbox';
import { exampleWorkflow } from './examples';

/** The example "alert on every failed WhatsApp message", as a user imports it. */
export const FAILED_TRIGGER_WORKFLOW_ID = 'exampleFailedMsg';
const SLACK_PATH = '/slack/T00000000/B00000000/sandbox';

/**
 * examples/failed-message-alert.json as it is, posting to the test's sink, with polls every
 * 15 s instead of every minute.
 */
export const failedTriggerWorkflow = (sinkUrl: string) =>
	exampleWorkflow('failed-message-alert.json', sinkUrl);

/** The record ids of the alerts the sink received, from the text each one posted. */
export const delivered = (sandbox: Sandbox) =>
	(sandbox.sink.received(SLACK_PATH) as IDataObject[]).map(
		(body) => /, id (\S+)$/.exec(String(body.text))?.[1] ?? `no id in ${String(body.text)}`,
	);
const listReads = (sandbox: Sandbox) =>
	sandbox.betatel.requests.filter((request) => request.path.endsWith('/whatsapp/wdr')).length;

export async function waitFor(what: string, done: () => boolean, seconds: number): Promise<void> {
	const deadline = Date.now() + seconds * 1000;
	while (!done()) {
		if (Date.now() > deadline) throw new Error(`timed out after ${seconds} s waiting for ${what}`);
		await sleep(500);
	}
}

/**
 * The Betatel Trigger's alerting promise, as one scenario for a real n8n in either mode:
 * polls every 15 s, records created and records whose status moves on while it runs, and
 * one restart of n8n in the middle. Every record that became FAILED must reach the sink
 * exactly once. `start` brings up the n8n process that polls (regular, or the queue's main).
 */
export async function everyFailedRecordOnce(
	sandbox: Sandbox,
	start: () => Promise<{ stop: () => Promise<void> }>,
): Promise<void> {
	const betatel = sandbox.betatel;
	const readsBefore = listReads(sandbox);
	let n8n = await start();
	const expected: string[] = [];
	const allOut = () => expected.every((uuid) => delivered(sandbox).includes(uuid));
	let inFlight: Array<{ uuid: string }> = [];
	try {
		// The activation poll has read the window: what is there now is the past. It must have
		// been answered too, or records added while the provider's latency runs would be in it.
		await waitFor('the activation poll', () => listReads(sandbox) > readsBefore, 60);
		await waitFor('its answer', () => betatel.inFlight === 0, 30);
		await sleep(1_000);
		await waitFor('its last page', () => betatel.inFlight === 0, 30);
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

	n8n = await start();
	try {
		await waitFor('the records of the downtime', allOut, 120);
		// One more poll at least: nothing may come out twice.
		const readsSoFar = listReads(sandbox);
		await waitFor('another poll', () => listReads(sandbox) > readsSoFar, 40);
		await sleep(3_000);
	} finally {
		await n8n.stop();
	}

	const uuids = delivered(sandbox);
	for (const uuid of expected) expect(uuids.filter((seen) => seen === uuid)).toHaveLength(1);
	expect(new Set(uuids).size).toBe(uuids.length);
}
