/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { PACKAGES } from './layout';

const ROOT = join(__dirname, '..', '..');

/** `test/<provider>/`: the provider's node name with a lower-case first letter. */
const testFolderOf = (provider: string) => provider[0].toLowerCase() + provider.slice(1);

describe.each(PACKAGES)('the tests of $name mirror its code', ({ name, provider }) => {
	const actions = join(ROOT, 'packages', name, 'nodes', provider, 'actions');
	const tests = join(ROOT, 'test', testFolderOf(provider));
	const operations = readdirSync(actions)
		.filter((file) => file.endsWith('.operation.ts'))
		.map((file) => file.replace(/\.operation\.ts$/, ''));

	it('finds the operations', () => expect(operations.length).toBeGreaterThan(0));

	it.each(operations)('actions/%s.operation.ts has its test file', (operation) => {
		expect(existsSync(join(tests, `${operation}.test.ts`))).toBe(true);
	});

	it('transport/ has its test file', () => {
		expect(existsSync(join(tests, 'transport.test.ts'))).toBe(true);
	});
});

describe("the alert's measures have their test files", () => {
	const measures = join(
		ROOT,
		'packages',
		'n8n-nodes-betatel',
		'nodes',
		'Betatel',
		'trigger',
		'measures',
	);
	// measure.ts says what a measure is and index.ts lists them; grace.ts is a field two share.
	const modules = readdirSync(measures)
		.filter((file) => !['measure.ts', 'index.ts', 'grace.ts'].includes(file))
		.map((file) => file.replace(/\.ts$/, ''));

	it('finds the measures', () => expect(modules.length).toBeGreaterThanOrEqual(4));

	it.each(modules)('trigger/measures/%s.ts has its test file', (module) => {
		expect(
			existsSync(join(ROOT, 'test', 'betatel', 'trigger', 'measures', `${module}.test.ts`)),
		).toBe(true);
	});
});
