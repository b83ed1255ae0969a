/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import {
	ANY_FREE_PORTS,
	sandboxCredentials,
	startSandbox,
	type Sandbox,
} from '../../sandbox/sandbox';
import { MemoryCredentialsHelper, type StoredCredential } from '../harness/credentials';
import { chain, fixtureItems, PollingTrigger, runWorkflow } from '../harness/engine';

/**
 * The example workflows as users saved them from the first release (0.1.0), kept as they
 * were: every node of ours in them, with its saved typeVersion and parameters, runs on the
 * current code against the sandbox at a fixed clock, and must give what it gave then (the
 * snapshots beside this file). An upgrade that changes what a saved workflow does fails
 * here; a new behaviour belongs in a new node version (docs/development.md).
 */
const FOLDER = join(__dirname, 'saved-0.1.0');
const SAVED_AT = new Date('2026-12-02T09:41:00Z');
const OURS = /^n8n-nodes-(betatel|99digital|whatomate)\./;

const savedNodes: Array<{ workflow: string; node: INode }> = readdirSync(FOLDER).flatMap((file) =>
	(JSON.parse(readFileSync(join(FOLDER, file), 'utf8')) as { nodes: INode[] }).nodes
		// An AI tool's parameters come from the model at run time: the agent test holds them.
		.filter((node) => OURS.test(node.type) && !node.type.endsWith('Tool'))
		.map((node) => ({ workflow: file, node })),
);

/** What an item says, binary data by its kind and size: a chart's bytes are the renderer's. */
function shown(items: INodeExecutionData[] | null): IDataObject[] | null {
	return (
		items?.map(({ json, binary }) => ({
			json,
			...(binary && {
				binary: Object.fromEntries(
					Object.entries(binary).map(([key, data]) => [
						key,
						{ mimeType: data.mimeType, fileName: data.fileName },
					]),
				),
			}),
		})) ?? null
	);
}

let sandbox: Sandbox;
let credentials: MemoryCredentialsHelper;

beforeAll(async () => {
	// Only the clock is fixed, and stands at SAVED_AT: the sandbox's traffic, the examples'
	// $today and the nodes' windows all count from it (timers stay real, so waits still end).
	jest.useFakeTimers({
		now: SAVED_AT,
		doNotFake: [
			'hrtime',
			'nextTick',
			'performance',
			'queueMicrotask',
			'requestAnimationFrame',
			'cancelAnimationFrame',
			'requestIdleCallback',
			'cancelIdleCallback',
			'setImmediate',
			'clearImmediate',
			'setInterval',
			'clearInterval',
			'setTimeout',
			'clearTimeout',
		],
	});
	sandbox = await startSandbox(ANY_FREE_PORTS);
	credentials = new MemoryCredentialsHelper();
	for (const credential of sandboxCredentials(sandbox) as StoredCredential[]) {
		credentials.add(credential);
	}
});
afterAll(async () => {
	await sandbox?.stop();
	jest.useRealTimers();
});

describe('saved workflows of 0.1.0, replayed on the current code', () => {
	it('the fixtures hold nodes of every package and both kinds', () => {
		const types = new Set(savedNodes.map(({ node }) => node.type));
		expect([...types].sort()).toEqual([
			'n8n-nodes-99digital.ninetyNineDigital',
			'n8n-nodes-betatel.betatel',
			'n8n-nodes-betatel.betatelTrigger',
			'n8n-nodes-whatomate.whatomate',
		]);
	});

	it.each(savedNodes.map(({ workflow, node }) => [`${workflow}: ${node.name}`, node] as const))(
		'%s gives what it gave',
		async (_title, node) => {
			if (node.type.endsWith('Trigger')) {
				// The editor's Fetch Test Event: a manual poll, the same on every scheduler.
				const trigger = new PollingTrigger(node, credentials);
				expect(shown(await trigger.pollData('manual'))).toMatchSnapshot();
				return;
			}
			const result = await runWorkflow(chain(fixtureItems([{}]), node), credentials);
			expect(result.error?.message).toBeUndefined();
			expect(shown(result.output(node.name))).toMatchSnapshot();
		},
	);
});
