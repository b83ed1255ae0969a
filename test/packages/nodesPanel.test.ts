import { shippedNodes } from './lockedNodes';

/**
 * n8n's nodes panel merges a trigger into the node whose type name it shares once "Trigger"
 * is taken out, and shows the trigger's description for the one entry (generateMergedNodesAndActions
 * in n8n's editor: `description = trigger.description`, whatever the node's own says). The
 * Betatel entry once read "Starts a workflow on new … delivery records" and said nothing of
 * the statistics.
 */
describe("the nodes panel's entries", () => {
	const nodes = shippedNodes();
	const merged = nodes
		.filter((node) => node.group.includes('trigger'))
		.map((trigger) => ({
			trigger,
			node: nodes.find((node) => node.name === trigger.name.replace('Trigger', '')),
		}))
		.filter(({ node }) => node !== undefined);

	it('Betatel Connect Hub and its trigger are one entry', () => {
		expect(merged.map(({ trigger }) => trigger.name)).toEqual(['betatelTrigger']);
	});

	it("a merged entry's description says what the node reads and what starts the trigger", () => {
		for (const { trigger } of merged) {
			expect(trigger.description).toMatch(/statistics/);
			expect(trigger.description).toMatch(/records/);
			expect(trigger.description).toMatch(/start a workflow/i);
		}
	});
});
