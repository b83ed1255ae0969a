/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { join, relative } from 'node:path';

import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import { chain, PollingTrigger, runWorkflow } from '../harness/engine';
import { FakeBetatel, makeRecords } from '../../sandbox/servers/betatel';
import { betatelCredentials, betatelNode, betatelPoller } from './fixtures';

/**
 * How deep a page request runs on each read path, read from the stack the request is sent
 * with: the node's `execute` (or the trigger's `poll`) down to n8n's
 * `httpRequestWithAuthentication`. A newcomer follows it file by file; it stays short, and
 * enters no file twice. Every path runs the same 8 frames from the read's entry in
 * pagination/ down to the send: the node's own part is what differs (the alert's read
 * composes the window's total, its records and the usual traffic, one frame more).
 */

const server = new FakeBetatel();
beforeAll(async () => {
	server.records.whatsapp = makeRecords('whatsapp', 1234, {
		start: DateTime.utc().minus({ minutes: 50 }),
		stepSeconds: 2,
	});
	await server.start();
});
afterAll(async () => await server.stop());

const REPO = join(__dirname, '..', '..');

/** Our frames of a stack, innermost first, as "function (file)". */
function ourFrames(stack: string): string[] {
	const frames = stack
		.split('\n')
		.slice(1)
		.map((line) => /at (?:async )?(\S+) \(([^:]+):\d+:\d+\)/.exec(line.trim()))
		.filter((match): match is RegExpExecArray => match !== null)
		// Files as the repository names them, wherever it is checked out.
		.map(([, name, path]) => ({ name, file: relative(REPO, path) }));
	// A page after the first starts from the pool's own loop, where an async stack ends.
	const top = frames.findIndex(({ file }) => file.endsWith('.node.ts'));
	return frames
		.slice(0, top === -1 ? frames.length : top + 1)
		.filter(({ file }) => !file.includes('node_modules') && !file.startsWith('test/'))
		.map(({ name, file }) => `${name} (${file})`);
}

/** The credentials of a read, recording the stack of every request they authenticate. */
function recordingCredentials(stacks: string[]) {
	const credentials = betatelCredentials(server);
	const authenticate = credentials.authenticate.bind(credentials);
	credentials.authenticate = async (...args) => {
		stacks.push(new Error().stack ?? '');
		return await authenticate(...args);
	};
	return credentials;
}

const operation = (parameters: IDataObject) => async (stacks: string[]) => {
	const result = await runWorkflow(
		chain(betatelNode({ resource: 'whatsapp', ...parameters })),
		recordingCredentials(stacks),
	);
	expect(result.error).toBeUndefined();
};

const poll = (parameters: IDataObject) => async (stacks: string[]) => {
	const poller = new PollingTrigger(
		betatelPoller(server, parameters).trigger,
		recordingCredentials(stacks),
	);
	await poller.poll();
};

const PATHS: Array<[string, number, (stacks: string[]) => Promise<void>]> = [
	['Get Many, Return All', 13, operation({ operation: 'getAll', returnAll: true })],
	['Get Many, Limit', 13, operation({ operation: 'getAll', returnAll: false, limit: 250 })],
	[
		'Get Many, Created After',
		13,
		operation({
			operation: 'getAll',
			returnAll: true,
			filters: { createdAfter: DateTime.utc().minus({ minutes: 20 }).toISO() },
		}),
	],
	[
		'Summarize',
		12,
		operation({
			operation: 'summarize',
			createdAfter: DateTime.utc().minus({ minutes: 20 }).toISO(),
			createdBefore: DateTime.utc().toISO(),
		}),
	],
	[
		'the trigger, New Delivery Record',
		13,
		poll({ event: 'newDeliveryRecord', statuses: ['FAILED'] }),
	],
	[
		'the trigger, Failure Rate Above Threshold, Each Network',
		14,
		poll({ event: 'failureRateAboveThreshold', watch: 'network', window: 'lasth' }),
	],
];

it.each(PATHS)(
	'%s: a page request runs through at most %d functions and enters no file twice',
	async (_, maxFrames, read) => {
		const stacks: string[] = [];
		await read(stacks);
		expect(stacks.length).toBeGreaterThan(0);
		for (const frames of stacks.map(ourFrames)) {
			expect(frames[0]).toMatch(/^sendOnce /);
			expect(frames.length).toBeLessThanOrEqual(maxFrames);
			const files = frames.map((frame) => frame.replace(/^.* \((.*)\)$/, '$1'));
			// A file may hold several frames in a row; it may not be left and entered again.
			const entered = files.filter((file, index) => index === 0 || files[index - 1] !== file);
			expect(entered).toEqual([...new Set(entered)]);
		}
	},
);

it('every request of a read goes through the one Betatel request function', async () => {
	const stacks: string[] = [];
	await PATHS[0][2](stacks);
	await PATHS[5][2](stacks);
	expect(
		stacks
			.map(ourFrames)
			.filter((frames) => !frames.some((frame) => frame.startsWith('betatelRequest '))),
	).toEqual([]);
});
