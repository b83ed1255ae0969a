/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, normalize } from 'node:path';

import { PACKAGES, strayFiles } from './layout';

const REPO = join(__dirname, '..', '..');

interface Manifest {
	name: string;
	dependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	scripts: Record<string, string>;
	publishConfig?: { provenance?: boolean };
	keywords: string[];
	n8n: { strict: boolean; nodes: string[]; credentials: string[] };
}

function pack(name: string): {
	files: string[];
	manifest: Manifest;
	read: (file: string) => string;
} {
	const folder = join(REPO, 'packages', name);
	execFileSync('npx', ['n8n-node', 'build'], { cwd: folder, stdio: 'ignore' });
	const [report] = JSON.parse(
		execFileSync('npm', ['pack', '--dry-run', '--json', '--silent'], {
			cwd: folder,
			encoding: 'utf8',
		}),
	) as Array<{ files: Array<{ path: string }> }>;
	return {
		files: report.files.map((file) => file.path).sort(),
		manifest: JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as Manifest,
		read: (file) => readFileSync(join(folder, file), 'utf8'),
	};
}

/** Every module the package's nodes and credentials load, following relative requires. */
function reachable(
	entries: string[],
	files: Set<string>,
	read: (file: string) => string,
): Set<string> {
	const seen = new Set<string>();
	const queue = [...entries];
	while (queue.length > 0) {
		const file = queue.pop()!;
		if (seen.has(file)) continue;
		seen.add(file);
		for (const [, target] of read(file).matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
			const resolved = normalize(join(dirname(file), target));
			if (resolved.endsWith('.json')) queue.push(resolved);
			else queue.push(files.has(`${resolved}.js`) ? `${resolved}.js` : `${resolved}/index.js`);
		}
	}
	return seen;
}

describe.each(PACKAGES)('the $name tarball', (layout) => {
	const { name, icon } = layout;
	let packed: ReturnType<typeof pack>;
	beforeAll(() => (packed = pack(name)), 60000);

	it('holds its own nodes, credential and icons, the shared code, README and LICENSE, nothing else', () => {
		expect(strayFiles(packed.files, layout)).toEqual([]);
		for (const required of [
			'package.json',
			'README.md',
			'LICENSE',
			`dist/icons/${icon}.svg`,
			`dist/icons/${icon}.dark.svg`,
		])
			expect(packed.files).toContain(required);
		const others = PACKAGES.filter((other) => other.name !== name);
		for (const other of others) {
			expect(
				packed.files.filter((file) => file.includes(other.provider) || file.includes(other.icon)),
			).toEqual([]);
		}
	});

	it('holds only the shared modules its nodes and credentials load', () => {
		const entries = [...packed.manifest.n8n.nodes, ...packed.manifest.n8n.credentials];
		for (const entry of entries) expect(packed.files).toContain(entry);
		const loaded = reachable(entries, new Set(packed.files), packed.read);
		// A module of types only compiles to an empty one, which nothing needs to load.
		const typesOnly = (file: string) =>
			packed
				.read(file)
				.replace('"use strict";', '')
				.replace('Object.defineProperty(exports, "__esModule", { value: true });', '')
				.trim() === '';
		const modules = packed.files.filter((file) => file.endsWith('.js') && !typesOnly(file));
		expect(modules.filter((file) => !loaded.has(file))).toEqual([]);
		expect(modules.some((file) => file.startsWith('dist/nodes/shared/'))).toBe(true);
	});

	it('declares no runtime dependency, n8n-workflow as its only peer, and refuses a bare npm publish', () => {
		const { manifest } = packed;
		expect(manifest.dependencies ?? {}).toEqual({});
		expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(manifest.scripts.prepublishOnly).toBe('n8n-node prerelease');
		expect(manifest.publishConfig?.provenance).toBe(true);
		expect(manifest.keywords).toContain('n8n-community-node-package');
		expect(manifest.n8n.strict).toBe(true);
	});

	it('loads at run time only n8n-workflow, luxon, crypto and its own files', () => {
		const bare = new Set<string>();
		for (const file of packed.files.filter((path) => path.endsWith('.js')))
			for (const [, target] of packed.read(file).matchAll(/require\("([^".][^"]*)"\)/g))
				bare.add(target);
		expect(
			[...bare].filter((module) => !['n8n-workflow', 'luxon', 'crypto'].includes(module)),
		).toEqual([]);
	});
});

describe('publishing', () => {
	it.each(PACKAGES.map((entry) => entry.name))(
		'a bare npm publish of %s outside GitHub Actions is refused, and nothing is uploaded',
		async (name) => {
			const received: string[] = [];
			const registry = createServer((request, response) => {
				received.push(`${request.method} ${request.url}`);
				response.writeHead(404, { 'content-type': 'application/json' });
				response.end('{}');
			});
			await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
			const url = `http://127.0.0.1:${(registry.address() as AddressInfo).port}/`;
			// The repository's .npmrc ignores install scripts, which also skips prepublishOnly, so
			// the refusal that holds here is npm's own: provenance needs a CI provider.
			const env = { ...process.env };
			for (const key of Object.keys(env))
				if (/^(GITHUB_|CI$|RELEASE_MODE)/.test(key)) delete env[key];
			const child = spawn(
				'npm',
				['publish', '--registry', url, `--${url.slice(5)}:_authToken=not-a-token`],
				{ cwd: join(REPO, 'packages', name), env, stdio: ['ignore', 'ignore', 'pipe'] },
			);
			let stderr = '';
			child.stderr.on('data', (chunk) => (stderr += chunk));
			const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
			registry.close();
			expect(status).not.toBe(0);
			expect(stderr).toMatch(/Automatic provenance generation not supported/);
			expect(received.filter((line) => line.startsWith('PUT'))).toEqual([]);
		},
		60000,
	);
});
