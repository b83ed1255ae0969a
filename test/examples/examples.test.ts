/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { nodeTypes } from '../harness/nodeTypes';

interface ExampleNode {
	name: string;
	type: string;
	position: [number, number];
	disabled?: boolean;
	parameters: Record<string, unknown>;
}

const FOLDER = join(__dirname, '..', '..', 'examples');
const examples = readdirSync(FOLDER).map((file) => ({
	file,
	...(JSON.parse(readFileSync(join(FOLDER, file), 'utf8')) as {
		id: string;
		nodes: ExampleNode[];
		connections: Record<string, { main?: Array<Array<{ node: string }>> }>;
	}),
}));
const isTrigger = (node: ExampleNode) => /trigger$/i.test(node.type);

/**
 * Which trigger n8n 2.41.1's editor runs on Execute workflow when the user has picked none:
 * the highest of these ranks (from the editor's source), so a schedule trigger (7) is run
 * rather than a manual one (6), and a community trigger (8) before both. (The editor ranks
 * n8n's other core nodes 0 and the rest 8; the examples hold no other trigger.)
 */
function editorRank(node: ExampleNode): number {
	const ranks: Record<string, number> = {
		'n8n-nodes-base.formTrigger': 10,
		'n8n-nodes-base.webhook': 9,
		'n8n-nodes-base.scheduleTrigger': 7,
		'n8n-nodes-base.manualTrigger': 6,
		'n8n-nodes-base.workflowTrigger': 5,
		'n8n-nodes-base.errorTrigger': 4,
	};
	return ranks[node.type] ?? (node.type.startsWith('n8n-nodes-base.') ? 0 : 8);
}
const OURS = /^n8n-nodes-(betatel|99digital|whatomate)\./;

describe('the example workflows', () => {
	it.each(
		examples.filter(({ nodes }) =>
			nodes.some((node) => node.type === 'n8n-nodes-base.manualTrigger'),
		),
	)('$file: Execute workflow starts the same nodes as Run now', ({ nodes, connections }) => {
		const triggers = nodes.filter((node) => isTrigger(node) && !node.disabled);
		const [editorDefault] = [...triggers].sort((a, b) => editorRank(b) - editorRank(a));
		const [manual] = triggers.filter((node) => node.type === 'n8n-nodes-base.manualTrigger');
		const targets = (node: ExampleNode) =>
			(connections[node.name]?.main ?? [])
				.flat()
				.map((link) => link.node)
				.sort();
		expect(targets(editorDefault)).toEqual(targets(manual));
		expect(targets(manual).length).toBeGreaterThan(0);
	});

	it.each(examples)(
		"$file: its id has at most 16 characters, or n8n 1.x never saves its triggers' state",
		({ id }) => {
			// n8n 1.123 saves a workflow's static data only for an id of 16 characters or fewer
			// (isWorkflowIdValid): a longer one silently loses the trigger's memory at a restart.
			expect(id.length).toBeLessThanOrEqual(16);
		},
	);

	it.each(examples)('$file: each node of ours is one a package ships', ({ nodes }) => {
		for (const node of nodes.filter((candidate) => OURS.test(candidate.type)))
			expect(() => nodeTypes.getByNameAndVersion(node.type)).not.toThrow();
	});

	it('the AI agent example explains, on the canvas, the warning its date refusal leaves', () => {
		const { nodes } = examples.find(({ file }) => file === 'ai-agent.json')!;
		const notes = nodes.filter((node) => node.type === 'n8n-nodes-base.stickyNote');
		const tool = nodes.find((node) => node.name === 'WhatsApp statistics');
		expect(tool).toBeDefined();
		expect(notes.map((note) => String(note.parameters.content)).join('\n')).toContain(
			'"WhatsApp statistics"',
		);
	});
});

describe('the examples that need an account elsewhere', () => {
	it.each([
		['google-sheets-rows.json', 'Google Sheets', 'n8n-nodes-base.googleSheets'],
		['slack-chart.json', 'Slack', 'n8n-nodes-base.slack'],
	])(
		'%s says on the canvas which %s account it needs, and that the rest runs offline',
		(file, service, type) => {
			const { nodes } = examples.find((example) => example.file === file)!;
			const notes = nodes.filter((node) => node.type === 'n8n-nodes-base.stickyNote');
			const needsAccount = nodes.find((node) => node.type === type)!;
			expect(notes).toHaveLength(1);
			const content = String(notes[0].parameters.content);
			expect(content).toContain(`**${needsAccount.name}**`);
			expect(content).toContain(`connect a **${service}** credential`);
			expect(content).toContain('Everything before it runs offline against the sandbox');
		},
	);
});
