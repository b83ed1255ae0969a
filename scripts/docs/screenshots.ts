/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- a developer script, run by Node beside n8n, never inside it */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, type Page } from 'playwright-core';

/**
 * Opens every node of this package in the example workflows in the real n8n editor, in
 * headless Chromium, and saves a screenshot of its parameter panel to .github/screenshots/;
 * then views a chart in n8n's binary-data view and saves it to docs/chart-daily.png. Fails
 * when a panel shows an error or no parameters, or the chart does not render.
 * `npm run screenshots`.
 */
const REPO = join(__dirname, '..', '..', '..', '..');
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

/** A user folder of its own, made anew: the examples as they are in this checkout. */
const USER_FOLDER = join(REPO, '.n8n-cache', 'screenshots-user');

async function startN8n(): Promise<() => void> {
	rmSync(USER_FOLDER, { recursive: true, force: true });
	const child = spawn('bash', [join(REPO, 'scripts', 'n8n', 'start.sh')], {
		env: { ...process.env, N8N_PORT: String(PORT), SANDBOX_USER_FOLDER: USER_FOLDER },
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

const CHART_WORKFLOW = 'exampleDailyRep1';
const CHART_NODE = 'WhatsApp last 7 days as a chart';

/**
 * Runs the daily report in the editor, opens its chart node's output as binary data and
 * views the chart, as a user would: the screenshot shows n8n's binary-data view, and the
 * image is saved for the docs. Returns what went wrong.
 */
async function chartInBinaryView(page: Page): Promise<string[]> {
	await page.goto(`${BASE}/workflow/${CHART_WORKFLOW}`, { waitUntil: 'networkidle' });
	const run = page.locator('[data-test-id="execute-workflow-button"]').first();
	await run.click();
	await page
		.locator(
			`[data-test-id="canvas-node"][data-node-name="${CHART_NODE}"] [data-test-id="canvas-node-status-success"]`,
		)
		.or(page.getByText('Workflow executed successfully'))
		.first()
		.waitFor({ timeout: 60_000 });
	await page.locator(`[data-test-id="canvas-node"][data-node-name="${CHART_NODE}"]`).dblclick();
	const panel = page.locator('[data-test-id="ndv"]');
	await panel.waitFor({ state: 'visible', timeout: 30_000 });
	await panel.locator('[data-test-id="ndv-run-data-display-mode"]').getByText('Binary').click();
	await panel.locator('[data-test-id="ndv-view-binary-data"]').first().click();
	const window = page.locator('.binary-data-window');
	const image = window.locator('img').first();
	const failed = window.getByText('Error loading binary data');
	await image.or(failed).first().waitFor({ state: 'visible', timeout: 30_000 });
	if (await failed.count())
		return [`${CHART_NODE}: n8n's binary-data view says "Error loading binary data"`];
	await page.waitForTimeout(500);
	await page.screenshot({ path: join(OUT, 'chart-binary-view.png') });
	const width = await image.evaluate(
		(element) => (element as unknown as { naturalWidth: number }).naturalWidth,
	);
	const source = await image.getAttribute('src');
	if (width !== 960)
		return [`${CHART_NODE}: the binary-data view shows an image ${width} wide, not 960`];
	const file = await page.context().request.get(new URL(source!, BASE).toString());
	writeFileSync(join(REPO, 'docs', 'chart-daily.png'), await file.body());
	process.stdout.write(`${CHART_NODE}: chart rendered 960 wide -> docs/chart-daily.png\n`);
	return [];
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
			await page.goto(`${BASE}/workflow/${node.workflowId}/${node.id}`, {
				waitUntil: 'networkidle',
			});
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
		try {
			problems.push(...(await chartInBinaryView(page)));
		} catch (error) {
			const file = join(tmpdir(), 'screenshots-chart-failure.png');
			await page.screenshot({ path: file });
			problems.push(
				`the chart in the binary-data view: ${(error as Error).message} (the page: ${file})`,
			);
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
