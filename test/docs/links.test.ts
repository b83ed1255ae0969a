/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const REPO = join(__dirname, '..', '..');
/** The package READMEs and codex files link here, so that the links work on npm too. */
const OWN_GITHUB =
	/^https:\/\/github\.com\/n8n-nodes-messaging-stats\/n8n-nodes-messaging-stats\/(?:blob|tree)\/main\/([^#]*)(#.*)?$/;

const tracked = (pattern: string) =>
	execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', pattern], {
		cwd: REPO,
		encoding: 'utf8',
	})
		.split('\n')
		.filter(Boolean);

/** GitHub's anchor for a heading. */
const slug = (heading: string) =>
	heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s_-]/gu, '')
		.replace(/\s/g, '-');

function anchors(file: string): Set<string> {
	const text = readFileSync(join(REPO, file), 'utf8').replace(/```[\s\S]*?```/g, '');
	return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map(([, heading]) => slug(heading)));
}

/** Where a link points in this repository, or undefined for another site. */
function target(from: string, link: string): { file: string; anchor?: string } | undefined {
	const own = OWN_GITHUB.exec(link);
	if (own) return { file: own[1].replace(/\/$/, ''), anchor: own[2]?.slice(1) };
	if (/^[a-z]+:/i.test(link)) return undefined;
	const [path, anchor] = link.split('#');
	return { file: path ? relative(REPO, join(REPO, dirname(from), path)) : from, anchor };
}

function broken(from: string, links: string[]): string[] {
	const problems: string[] = [];
	for (const link of links) {
		const to = target(from, link);
		if (!to) continue;
		const path = join(REPO, to.file);
		if (!existsSync(path)) {
			problems.push(`${from}: ${link}: no file ${to.file}`);
			continue;
		}
		// GitHub shows a folder's README under it, and the anchor points into that README.
		const page = statSync(path).isDirectory() ? join(to.file, 'README.md') : to.file;
		if (to.anchor && page.endsWith('.md') && !anchors(page).has(to.anchor))
			problems.push(`${from}: ${link}: no heading #${to.anchor} in ${page}`);
	}
	return problems;
}

describe('links', () => {
	it('every link of every README and doc resolves to a file and heading of this repository', () => {
		const files = tracked('*.md').filter((file) => !file.startsWith('node_modules/'));
		expect(files.length).toBeGreaterThan(10);
		const problems = files.flatMap((file) => {
			const text = readFileSync(join(REPO, file), 'utf8').replace(/```[\s\S]*?```/g, '');
			const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map(([, link]) => link);
			return broken(file, links);
		});
		expect(problems).toEqual([]);
	});

	it('every file of this repository a doc names in code quotes exists', () => {
		const files = tracked('*.md').filter((file) => !file.startsWith('node_modules/'));
		const named = files.flatMap((file) =>
			[
				...readFileSync(join(REPO, file), 'utf8').matchAll(
					/`((?:test|scripts|sandbox|shared|packages|examples|docs)\/[\w./-]+\.(?:ts|json|md|png|sh))`/g,
				),
			].map(([, path]) => ({ file, path })),
		);
		expect(named.length).toBeGreaterThan(20);
		expect(
			named
				.filter(({ path }) => !existsSync(join(REPO, path)))
				.map(({ file, path }) => `${file}: ${path}`),
		).toEqual([]);
	});

	it("every codex file's documentation link resolves to its own package's README", () => {
		const codex = tracked('packages/*/nodes/*/*.node.json');
		expect(codex.length).toBe(4);
		for (const file of codex) {
			const urls = [...readFileSync(join(REPO, file), 'utf8').matchAll(/"url": "([^"]+)"/g)].map(
				([, url]) => url,
			);
			const own = urls.filter((url) => OWN_GITHUB.test(url));
			expect(own.length).toBe(2);
			const packageFolder = file.split('/').slice(0, 2).join('/');
			for (const url of own) expect(target(file, url)?.file).toBe(packageFolder);
			expect(broken(file, own)).toEqual([]);
		}
	});
});
