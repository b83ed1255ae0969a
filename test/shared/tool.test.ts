import type { IDataObject, INodeProperties, INodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { buildWorkflow, chain, node, runWorkflow } from '../harness/engine';
import { nodeTypes, nodeType } from '../harness/nodeTypes';
import { FakeBetatel } from '../../sandbox/servers/betatel';
import { STATS_COLUMNS } from '../../shared/normalize';
import { betatelCredentials } from '../betatel/fixtures';
import { served } from '../harness/served';

/**
 * What an AI agent's model is told about each operation, read the way n8n reads it when it
 * makes a tool of a node (n8n-workflow's getToolDescriptionForNode, on a workflow whose node
 * parameters n8n has completed with their defaults), and what the model gets back.
 */
const NODES = ['betatel', 'ninetyNineDigital', 'whatomate'];

function operationsOf(nodeType: INodeType): Array<{ resource: string; operation: string }> {
	const properties = nodeType.description.properties as INodeProperties[];
	const resources = properties.find((property) => property.name === 'resource')!.options as Array<{
		value: string;
	}>;
	return resources.flatMap(({ value: resource }) => {
		const picker = properties.find(
			(property) =>
				property.name === 'operation' &&
				property.displayOptions?.show?.resource?.includes(resource),
		)!;
		return (picker.options as Array<{ value: string }>).map(({ value }) => ({
			resource,
			operation: value,
		}));
	});
}

function toolDescription(type: string, parameters: IDataObject): string {
	const tool = node(nodeType(type), parameters, { name: 'Tool' });
	const workflow = buildWorkflow({ nodes: [tool], connections: {} });
	return NodeHelpers.getToolDescriptionForNode(
		workflow.getNode('Tool')!,
		nodeTypes.getByNameAndVersion(nodeType(type)),
	);
}

describe('tool descriptions, as n8n builds them for the model', () => {
	const described: Record<string, string> = {};
	for (const name of NODES) {
		for (const { resource, operation } of operationsOf(
			nodeTypes.getByNameAndVersion(nodeType(name)),
		)) {
			described[`${name}Tool ${resource} ${operation}`] = toolDescription(`${name}Tool`, {
				resource,
				operation,
			});
		}
	}

	it('every operation of every node tells the model more than its action label', () => {
		for (const [operation, text] of Object.entries(described)) {
			expect({ operation, long: text.length > 120 }).toEqual({ operation, long: true });
		}
		expect(described['betatelTool whatsapp getStatistics']).toMatch(/failure_rate/);
		expect(described['betatelTool whatsapp getStatistics']).toMatch(/yesterday/);
		expect(described['betatelTool whatsapp getStatistics']).toMatch(/ISO 8601/);
		expect(described['betatelTool telegram summarize']).not.toMatch(/delivery_time/);
	});

	it('the regular node has no tool description: n8n builds none for it and the editor shows none', () => {
		expect(toolDescription('betatel', { resource: 'whatsapp', operation: 'getStatistics' })).toBe(
			'Get WhatsApp statistics in Betatel Connect Hub',
		);
	});

	it('matches the reviewed text (test/ai/__snapshots__)', () => {
		expect(described).toMatchSnapshot();
	});
});

describe('what a model gets back', () => {
	const server = served(new FakeBetatel());

	it('called as a tool, a statistics item leaves out the keys Betatel never fills', async () => {
		const parameters = {
			resource: 'whatsapp',
			operation: 'getStatistics',
			statType: 'daily',
			startTime: '2026-11-20',
			endTime: '2026-11-21',
			timezone: 'UTC',
		};
		const credentials = { betatelApi: { id: 'cred-betatel', name: 'Betatel test account' } };
		const asNode = await runWorkflow(
			chain(node(nodeType('betatel'), parameters, { name: 'Stats', credentials })),
			betatelCredentials(server),
		);
		const asTool = await runWorkflow(
			chain(node(nodeType('betatelTool'), parameters, { name: 'Stats', credentials })),
			betatelCredentials(server),
		);
		const [full] = asNode.json('Stats');
		const [compact] = asTool.json('Stats');
		expect(Object.keys(full)).toEqual([...STATS_COLUMNS]);
		expect(compact).toEqual(
			Object.fromEntries(Object.entries(full).filter(([, value]) => value !== null)),
		);
		expect(Object.keys(compact).length).toBeLessThan(STATS_COLUMNS.length);
		expect(compact.failure_rate).toEqual(full.failure_rate);
	});
});

describe('what a model learns from a bad argument', () => {
	const server = served(new FakeBetatel());

	it('called as a tool, the error message itself carries the example the hint gives', async () => {
		const run = async (type: string) =>
			await runWorkflow(
				chain(
					node(
						nodeType(type),
						{
							resource: 'whatsapp',
							operation: 'getStatistics',
							statType: 'daily',
							startTime: 'yesterday',
							endTime: '2026-11-21',
						},
						{
							name: 'Stats',
							credentials: { betatelApi: { id: 'cred-betatel', name: 'Betatel test account' } },
						},
					),
				),
				betatelCredentials(server),
			);
		const asTool = await run('betatelTool');
		expect(asTool.error?.message).toMatch(
			/^Start: "yesterday" is not a date and time\. Use an ISO 8601 value such as 2026-03-01/,
		);
		const asNode = await run('betatel');
		expect(asNode.error?.message).toBe('Start: "yesterday" is not a date and time');
		expect(server.requests).toHaveLength(0);
	});
});
