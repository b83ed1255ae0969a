/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- a developer script, run by Node beside n8n, never inside it */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

/**
 * Opens every node of this package in the example workflows in the real n8n editor, in
 * headless Chromium, and saves a screenshot of its parameter panel to .github/screenshots/.
 * Fails when a panel shows an error or no parameters. `npm run screenshots`.
 */
const REPO = join(__dirname, '..', '..', '..');
const PORT = 5688;
const BASE = `http://localhost:${PORT}`;
const OWNER = { email: 'owner@sandbox.local', password: 'Sandbox-n8n-1' };
// A dot folder: n8n-node build copies every PNG outside one into dist/.
const OUT = join(REPO, '.github', 'screenshots');

interface GalleryNode {
	id: string;
	name: string;
	type: string;
}

async function startN8n(): Promise<() => void> {
	const child = spawn('bash', [join(REPO, 'scripts', 'start.sh')], {
		env: { ...process.env, N8N_PORT: String(PORT) },
		detached: true,
	});
	let output = '';
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`n8n did not start:\n${output}`)), 600_000);
		child.stdout.on('data', (chunk) => {
			output += chunk;
			if (output.includes('n8n is running')) {
				clearTimeout(timer);
				resolve();
			}
		});
		child.stderr.on('data', (chunk) => (output += chunk));
		child.once('exit', (code) => reject(new Error(`start.sh exited ${code}:\n${output}`)));
	});
	return () => process.kill(-child.pid!, 'SIGINT');
}

async function main(): Promise<void> {
	const ours = ['node-gallery.json', 'failed-message-alert.json'].flatMap((file) => {
		const workflow = JSON.parse(readFileSync(join(REPO, 'examples', file), 'utf8')) as {
			id: string;
			nodes: GalleryNode[];
		};
		return workflow.nodes
			.filter((node) => /^n8n-nodes-(betatel|99digital|whatomate)\./.test(node.type))
			.map((node) => ({ ...node, workflowId: workflow.id }));
	});
	mkdirSync(OUT, { recursive: true });
	const stop = await startN8n();
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
	const problems: string[] = [];
	try {
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		const login = await context.request.post(`${BASE}/rest/login`, {
			data: { emailOrLdapLoginId: OWNER.email, password: OWNER.password },
		});
		if (!login.ok()) throw new Error(`login failed: ${login.status()}`);
		const page = await context.newPage();
		for (const node of ours) {
			await page.goto(`${BASE}/workflow/${node.workflowId}/${node.id}`, { waitUntil: 'networkidle' });
			const panel = page.locator('[data-test-id="ndv"]');
			await panel.waitFor({ state: 'visible', timeout: 60_000 });
			await page.waitForTimeout(1000);
			const file = join(
				OUT,
				`${node.type.split('.')[1]}-${node.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.png`,
			);
			await page.screenshot({ path: file });
			const parameters = await panel
				.locator('[data-test-id="parameter-input"], [data-test-id^="parameter-input-"]')
				.count();
			const text = (await panel.innerText()).toLowerCase();
			if (parameters === 0) problems.push(`${node.name}: the panel shows no parameters`);
			for (const sign of [
				'install this node',
				'node is not currently installed',
				'could not load',
				'problem loading parameter',
			]) {
				if (text.includes(sign)) problems.push(`${node.name}: the panel says "${sign}"`);
			}
			process.stdout.write(`${node.name}: ${parameters} parameters -> ${file}\n`);
		}
	} finally {
		await browser.close();
		stop();
	}
	if (problems.length) {
		process.stderr.write(`${problems.join('\n')}\n`);
		process.exit(1);
	}
}

main().catch((error: Error) => {
	process.stderr.write(`${error.stack ?? error.message}\n`);
	process.exit(1);
});
