/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

import { PACKAGES } from './layout';

/**
 * The tests mirror the code: every runtime file of a node's folders that holds logic has its
 * test file at the same place under `test/<provider>/`, and every file of `shared/` under
 * `test/shared/`, so that a newcomer who changes `pagination/pool.ts` knows to run
 * `test/betatel/pagination/pool.test.ts`. An operation `actions/<value>.operation.ts` is
 * tested in `actions/<value>.test.ts`.
 */
const ROOT = join(__dirname, '..', '..');

/** `test/<provider>/`: the provider's node name with a lower-case first letter. */
const testFolderOf = (provider: string) => provider[0].toLowerCase() + provider.slice(1);

const FOLDERS = ['actions', 'helpers', 'methods', 'pagination', 'transport', 'trigger'];

/** Files that hold fields, lists or declarations only: what they declare is tested where it is used. */
const DECLARATIONS_ONLY = [
	/^actions\/router\.ts$/,
	/\.descriptions\.ts$/,
	// The trigger's Channel field, read like the node's Resource.
	/^trigger\/channel\.ts$/,
	// What a measure is, the list of them, and the Grace Period field two of them share.
	/^trigger\/measures\/(measure|index|grace)\.ts$/,
	// Types only.
	/^http\/types\.ts$/,
];

function filesUnder(folder: string): string[] {
	if (!existsSync(folder)) return [];
	return readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((file) =>
		file.endsWith('.ts'),
	);
}

const mirrored = PACKAGES.flatMap(({ name, provider }) => {
	const nodeFolder = join(ROOT, 'packages', name, 'nodes', provider);
	return FOLDERS.flatMap((folder) =>
		filesUnder(join(nodeFolder, folder))
			.map((file) => `${folder}/${file}`)
			.filter((file) => !DECLARATIONS_ONLY.some((pattern) => pattern.test(file)))
			.map((file) => ({
				code: relative(ROOT, join(nodeFolder, file)),
				test: join('test', testFolderOf(provider), file.replace(/(\.operation)?\.ts$/, '.test.ts')),
			})),
	);
});

const mirroredShared = filesUnder(join(ROOT, 'shared'))
	.filter((file) => !DECLARATIONS_ONLY.some((pattern) => pattern.test(file)))
	.map((file) => ({
		code: join('shared', file),
		test: join('test', 'shared', file.replace(/\.ts$/, '.test.ts')),
	}));

describe('the tests mirror the code', () => {
	it('finds the runtime files of every package', () => {
		expect(mirrored.length).toBeGreaterThanOrEqual(40);
		for (const { name } of PACKAGES)
			expect(mirrored.some(({ code }) => code.startsWith(`packages/${name}/`))).toBe(true);
	});

	it('finds the shared code', () => expect(mirroredShared.length).toBeGreaterThanOrEqual(19));

	it.each([...mirrored, ...mirroredShared].map(({ code, test }) => [code, test]))(
		'%s: %s',
		(_, test) => {
			expect(existsSync(join(ROOT, test))).toBe(true);
		},
	);
});
