/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PACKAGES } from './layout';

/**
 * Each folder name means one thing in every package (docs/development.md, "Where everything
 * is"), so that a newcomer who knows one package knows where to look in the others.
 */
const ROOT = join(__dirname, '..', '..');

/** What each folder of a node may hold, by file name. */
const FOLDERS: Record<string, { holds: string; allowed: RegExp }> = {
	actions: {
		holds: 'the operations, their router and the fields they share',
		allowed: /^(router\.ts|[a-z][A-Za-z]*\.operation\.ts|[a-z][A-Za-z]*\.descriptions\.ts)$/,
	},
	methods: {
		holds: "n8n's methods (dropdowns and searches), a file per kind",
		allowed: /^(loadOptions|listSearch|resourceMapping|credentialTest)\.ts$/,
	},
	transport: {
		holds: 'HTTP to the provider, entered through index.ts',
		allowed: /^[a-z][A-Za-z]*\.ts$/,
	},
	helpers: { holds: "the provider's own logic", allowed: /^[a-z][A-Za-z]*\.ts$/ },
};

const nodeFolders = PACKAGES.map(({ name, provider }) => ({
	provider,
	root: join(ROOT, 'packages', name, 'nodes', provider),
}));

describe.each(nodeFolders)('the folders of $provider', ({ root }) => {
	const folders = readdirSync(root, { withFileTypes: true })
		.filter((entry) => entry.isDirectory())
		.map((entry) => entry.name);

	it('are folders the docs name', () => {
		const known = [...Object.keys(FOLDERS), 'pagination', 'trigger'];
		expect(folders.filter((folder) => !known.includes(folder))).toEqual([]);
		expect(folders).toEqual(expect.arrayContaining(['actions', 'transport', 'helpers']));
	});

	it.each(
		Object.entries(FOLDERS).map(
			([folder, { holds, allowed }]) => [folder, holds, allowed] as const,
		),
	)('%s/ holds only %s', (folder, _, allowed) => {
		if (!folders.includes(folder)) return;
		const files = readdirSync(join(root, folder));
		expect(files.filter((file) => !allowed.test(file))).toEqual([]);
	});

	it('transport/ is entered through index.ts, from the node and the folders above it', () => {
		expect(existsSync(join(root, 'transport', 'index.ts'))).toBe(true);
		const sideDoors = ['actions', 'methods', 'helpers', 'trigger']
			.filter((folder) => folders.includes(folder))
			.flatMap((folder) =>
				readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
					.filter((file) => file.endsWith('.ts'))
					.filter((file) =>
						/from '(\.\.\/)+transport\/(?!index')/.test(
							readFileSync(join(root, folder, file), 'utf8'),
						),
					)
					.map((file) => `${folder}/${file}`),
			);
		expect(sideDoors).toEqual([]);
	});
});

describe("the Betatel Trigger's trigger/ folder", () => {
	const trigger = join(ROOT, 'packages', 'n8n-nodes-betatel', 'nodes', 'Betatel', 'trigger');
	const node = readFileSync(join(trigger, '..', 'BetatelTrigger.node.ts'), 'utf8');
	const events = [...node.matchAll(/value: '([a-zA-Z]+)'/g)].map((match) => match[1]);

	it('holds a file named after each event value', () => {
		expect(events.length).toBeGreaterThanOrEqual(2);
		expect(events.filter((event) => !existsSync(join(trigger, `${event}.ts`)))).toEqual([]);
	});
});
