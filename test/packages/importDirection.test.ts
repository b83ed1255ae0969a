/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

import * as ts from 'typescript';

import { REPO, runtimeFiles } from './runtimeFiles';

/**
 * Imports run downward only: a node file (and a credential) may use everything below it,
 * an operation or a trigger the helpers, the helpers the transport, the transport the
 * pagination, and everything the shared code; never back up. Read by TypeScript's own
 * import scanner, so that a newcomer can trust the folders: the transport talks to the
 * provider and knows nothing of the parameters that the actions read.
 */
const RANK: Record<string, number> = {
	node: 5,
	credentials: 5,
	actions: 4,
	trigger: 4,
	methods: 4,
	helpers: 3,
	transport: 2,
	pagination: 1,
	shared: 0,
};

/** Where a runtime file sits: shared code, a package's credentials, or a node's folder. */
function layerOf(file: string): string {
	const path = relative(REPO, file).split('/');
	if (path[0] === 'shared') return 'shared';
	if (path[2] === 'credentials') return 'credentials';
	// packages/<package>/nodes/<Node>/<folder>/… or packages/<package>/nodes/<Node>/<file>
	return path.length > 5 ? path[4] : 'node';
}

/** Each relative import of a file, as the file it names, resolved through the packages' link to shared/. */
function importsOf(file: string): string[] {
	const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
	return importedFiles
		.map(({ fileName }) => fileName)
		.filter((name) => name.startsWith('.'))
		.map((name) => {
			const target = resolve(dirname(file), name).replace(
				/\/packages\/[^/]+\/nodes\/shared(\/|$)/,
				'/shared$1',
			);
			// A folder import names the folder's index.ts.
			return existsSync(target) && statSync(target).isDirectory()
				? join(target, 'index.ts')
				: `${target}.ts`;
		});
}

describe('import direction', () => {
	it('knows every folder a runtime file sits in', () => {
		const unknown = runtimeFiles.map(layerOf).filter((layer) => RANK[layer] === undefined);
		expect([...new Set(unknown)]).toEqual([]);
		expect(runtimeFiles.length).toBeGreaterThan(40);
	});

	it('no runtime file imports one of a higher layer', () => {
		const upward = runtimeFiles.flatMap((file) =>
			importsOf(file)
				.filter((target) => RANK[layerOf(target)] > RANK[layerOf(file)])
				.map(
					(target) =>
						`${relative(REPO, file)} (${layerOf(file)}) imports ${relative(REPO, target)} (${layerOf(target)})`,
				),
		);
		expect(upward).toEqual([]);
	});

	it('trigger/ and actions/ import nothing of each other: what both use lives below them', () => {
		const sideways = runtimeFiles.flatMap((file) => {
			const layer = layerOf(file);
			if (layer !== 'trigger' && layer !== 'actions') return [];
			const other = layer === 'trigger' ? 'actions' : 'trigger';
			return importsOf(file)
				.filter((target) => layerOf(target) === other)
				.map((target) => `${relative(REPO, file)} imports ${relative(REPO, target)}`);
		});
		expect(sideways).toEqual([]);
	});

	it('the shared code imports nothing of a package', () => {
		const intoPackages = runtimeFiles
			.filter((file) => layerOf(file) === 'shared')
			.flatMap((file) => importsOf(file).filter((target) => target.includes('/packages/')));
		expect(intoPackages).toEqual([]);
	});
});
