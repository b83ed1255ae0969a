/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { join, relative } from 'node:path';

import { chain, runWorkflow } from '../harness/engine';
import { FakeBetatel, makeRecords } from '../../sandbox/servers/betatel';
import { betatelCredentials, betatelNode } from './fixtures';

/**
 * How deep a page request of Get Many (Return All) runs, read from the stack the request is
 * sent with: the node's `execute` down to n8n's `httpRequestWithAuthentication`. A newcomer
 * follows it file by file; it stays short, and enters no file twice.
 */
const server = new FakeBetatel();
beforeAll(async () => {
	server.records.whatsapp = makeRecords('whatsapp', 1234);
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
	const top = frames.findIndex(({ file }) => file.endsWith('Betatel.node.ts'));
	return frames
		.slice(0, top + 1)
		.filter(({ file }) => !file.includes('node_modules') && !file.startsWith('test/'))
		.map(({ name, file }) => `${name} (${file})`);
}

it('a page request runs through at most 12 functions and enters no file twice', async () => {
	const stacks: string[] = [];
	const credentials = betatelCredentials(server);
	const authenticate = credentials.authenticate.bind(credentials);
	credentials.authenticate = async (...args) => {
		stacks.push(new Error().stack ?? '');
		return await authenticate(...args);
	};
	const result = await runWorkflow(
		chain(betatelNode({ resource: 'whatsapp', operation: 'getAll', returnAll: true })),
		credentials,
	);
	expect(result.error).toBeUndefined();
	expect(stacks.length).toBe(13);
	// The first page's: the pages after it start from the pool's own loop, where an async
	// stack trace ends.
	const first = ourFrames(stacks[0]);
	expect(first[0]).toMatch(/^sendOnce /);
	expect(first.length).toBeLessThanOrEqual(12);
	const files = first.map((frame) => frame.replace(/^.* \((.*)\)$/, '$1'));
	// A file may hold several frames in a row; it may not be left and entered again.
	const entered = files.filter((file, index) => index === 0 || files[index - 1] !== file);
	expect(entered).toEqual([...new Set(entered)]);
});
