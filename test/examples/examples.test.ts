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
	nodes: (JSON.parse(readFileSync(join(FOLDER, file), 'utf8')) as { nodes: ExampleNode[] }).nodes,
}));
const isTrigger = (node: ExampleNode) => /trigger$/i.test(node.type);
const OURS = /^n8n-nodes-(betatel|99digital|whatomate)\./;

describe('the example workflows', () => {
	it.each(
		examples.filter(({ nodes }) =>
			nodes.some((node) => node.type === 'n8n-nodes-base.manualTrigger'),
		),
	)('$file: Execute workflow runs its manual trigger', ({ nodes }) => {
		// n8n's editor lists the triggers top to bottom, then left to right, and runs the first
		// enabled one unless the user picks another.
		const [first] = nodes
			.filter((node) => isTrigger(node) && !node.disabled)
			.sort((a, b) => a.position[1] - b.position[1] || a.position[0] - b.position[0]);
		expect(first.type).toBe('n8n-nodes-base.manualTrigger');
	});

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
