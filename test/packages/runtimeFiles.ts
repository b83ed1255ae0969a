/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const REPO = join(__dirname, '..', '..');

function filesUnder(folder: string): string[] {
	return readdirSync(folder).flatMap((name) => {
		const path = join(folder, name);
		if (name === 'shared' || name === 'dist' || name === 'node_modules') return [];
		if (statSync(path).isDirectory()) return filesUnder(path);
		return path.endsWith('.ts') ? [path] : [];
	});
}

/** Every TypeScript file that runs inside n8n: the shared code, each package's nodes and credentials. */
export const runtimeFiles = [
	...filesUnder(join(REPO, 'shared')),
	...readdirSync(join(REPO, 'packages')).flatMap((name) => [
		...filesUnder(join(REPO, 'packages', name, 'credentials')),
		...filesUnder(join(REPO, 'packages', name, 'nodes')),
	]),
];
