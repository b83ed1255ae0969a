/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import {
	ANY_FREE_PORTS,
	sandboxCredentials,
	startSandbox,
	type Sandbox,
} from '../../sandbox/sandbox';
import { PACKAGES as PACKAGE_LAYOUTS, strayFiles } from '../packages/layout';
import { execute, freshUserFolder, importJson, REPO, servedTypes, signIn, startN8n } from './n8n';

/** Each package, installed alone, as n8n installs a community package. */
const PACKAGES = [
	{
		name: 'n8n-nodes-betatel',
		nodes: ['betatel', 'betatelTool', 'betatelTrigger'],
		credential: 'betatelApi',
		provider: 'betatel',
	},
	{
		name: 'n8n-nodes-99digital',
		nodes: ['ninetyNineDigital', 'ninetyNineDigitalTool'],
		credential: 'ninetyNineDigitalApi',
		provider: '99digital',
	},
	{
		name: 'n8n-nodes-whatomate',
		nodes: ['whatomate', 'whatomateTool'],
		credential: 'whatomateApi',
		provider: 'whatomate',
	},
];
const OUR_PACKAGE = /^n8n-nodes-(betatel|99digital|whatomate)\./;

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox(ANY_FREE_PORTS)));
afterAll(async () => await sandbox?.stop());

interface WorkflowJson {
	nodes: Array<{ name: string; type: string }>;
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
}

/** The package's own nodes of the every-node example, behind its manual trigger. */
function galleryOf(packageName: string): WorkflowJson & { id: string; name: string } {
	const gallery = JSON.parse(
		readFileSync(join(REPO, 'examples', 'node-gallery.json'), 'utf8'),
	) as WorkflowJson;
	const trigger = gallery.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger')!;
	const own = gallery.nodes.filter((node) => node.type.startsWith(`${packageName}.`));
	return {
		id: `alone${packageName.slice(10, 18)}`.padEnd(16, '0').slice(0, 16),
		name: `${packageName} alone`,
		nodes: [trigger, ...own],
		connections: {
			[trigger.name]: { main: [own.map((node) => ({ node: node.name, type: 'main', index: 0 }))] },
		},
	};
}

describe.each(PACKAGES)('$name installed alone', ({ name, nodes, credential, provider }) => {
	let userFolder: string;
	beforeAll(async () => {
		userFolder = await freshUserFolder(`alone-${name}`, [name]);
		const credentials = sandboxCredentials(sandbox) as Array<{ type: string }>;
		await importJson(
			userFolder,
			'credentials',
			credentials.filter((entry) => entry.type === credential),
		);
	});

	it('holds, installed, only its own files: its nodes, credential and icons, the shared code, README and LICENSE', () => {
		const installed = join(userFolder, '.n8n', 'nodes', 'node_modules', name);
		const files = readdirSync(installed, { recursive: true, withFileTypes: true })
			.filter((entry) => entry.isFile())
			.map((entry) => relative(installed, join(entry.parentPath, entry.name)));
		expect(files).toContain('package.json');
		expect(strayFiles(files, PACKAGE_LAYOUTS.find((layout) => layout.name === name)!)).toEqual([]);
	});

	it('runs its nodes of the every-node example in a real n8n', async () => {
		const workflow = galleryOf(name);
		await importJson(userFolder, 'workflow', workflow);
		const run = await execute(userFolder, workflow.id);
		expect(run.status).toBe('success');
		for (const node of workflow.nodes.slice(1)) {
			const items = run.output(node.name);
			expect(items.length).toBeGreaterThan(0);
			expect(items.every((item: IDataObject) => item.provider === provider)).toBe(true);
		}
	});

	it('n8n lists its nodes and credential, with both icons, and nothing of another package', async () => {
		const port = 5683 + PACKAGES.findIndex((entry) => entry.name === name);
		const n8n = await startN8n(userFolder, port);
		try {
			const base = `http://127.0.0.1:${port}`;
			const cookie = await signIn(base);
			const listed = await servedTypes<{ name: string; iconUrl?: { light: string; dark: string } }>(
				base,
				cookie,
				'nodes',
			);
			const ours = listed.filter((node) => OUR_PACKAGE.test(node.name));
			expect(ours.map((node) => node.name).sort()).toEqual(
				nodes.map((node) => `${name}.${node}`).sort(),
			);
			for (const node of ours) {
				for (const icon of [node.iconUrl!.light, node.iconUrl!.dark]) {
					const answer = await fetch(`${base}/${icon}`, { headers: { cookie } });
					expect([node.name, icon, answer.status]).toEqual([node.name, icon, 200]);
					expect(await answer.text()).toMatch(/<svg/);
				}
			}
			const types = await servedTypes<{ name: string }>(base, cookie, 'credentials');
			const all = ['betatelApi', 'ninetyNineDigitalApi', 'whatomateApi'];
			expect(types.map((type) => type.name).filter((type) => all.includes(type))).toEqual([
				credential,
			]);
			expect(n8n.log()).not.toMatch(/n8n-nodes-[^\n]*(error|fail)/i);
		} finally {
			await n8n.stop();
		}
	});
});
