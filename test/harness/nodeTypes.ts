import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	INodeTypeDescription,
	IVersionedNodeType,
} from 'n8n-workflow';
import { NodeConnectionTypes, deepCopy, jsonParse } from 'n8n-workflow';

import { Betatel } from '../../packages/n8n-nodes-betatel/nodes/Betatel/Betatel.node';
import { BetatelTrigger } from '../../packages/n8n-nodes-betatel/nodes/Betatel/BetatelTrigger.node';
import { NinetyNineDigital } from '../../packages/n8n-nodes-99digital/nodes/NinetyNineDigital/NinetyNineDigital.node';
import { Whatomate } from '../../packages/n8n-nodes-whatomate/nodes/Whatomate/Whatomate.node';

/** The package each node ships in: n8n names a community node `<package>.<node>`. */
const PACKAGE_OF: Record<string, string> = {
	betatel: 'n8n-nodes-betatel',
	betatelTrigger: 'n8n-nodes-betatel',
	ninetyNineDigital: 'n8n-nodes-99digital',
	whatomate: 'n8n-nodes-whatomate',
};

/** The type a workflow names a node by, as installed from its package (`betatelTool` too). */
export function nodeType(node: string): string {
	const base = node.replace(/Tool$/, '');
	const pkg = PACKAGE_OF[base];
	if (!pkg) throw new Error(`No package ships a node named ${node}`);
	return `${pkg}.${node}`;
}

/** Emits the items given in its `items` parameter: the input a real workflow would have. */
class FixtureItems implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Fixture Items',
		name: 'fixtureItems',
		group: ['input'],
		version: 1,
		description: 'Test input',
		defaults: { name: 'Fixture Items' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as string | object[];
		const items = typeof raw === 'string' ? jsonParse<object[]>(raw) : raw;
		return [items.map((json, index) => ({ json: json as never, pairedItem: { item: index } }))];
	}
}

/**
 * The tool version n8n makes of a node marked usableAsTool: the same node under its name
 * with "Tool" added (n8n also swaps its main input and output for an AI-tool one, which a
 * test run on the main connection does not need).
 */
function asTool(nodeType: INodeType): INodeType {
	return {
		description: { ...deepCopy(nodeType.description), name: `${nodeType.description.name}Tool` },
		methods: nodeType.methods,
		execute: nodeType.execute,
	};
}

const registry: Record<string, INodeType> = {
	[nodeType('betatel')]: new Betatel(),
	[nodeType('betatelTool')]: asTool(new Betatel()),
	[nodeType('betatelTrigger')]: new BetatelTrigger(),
	[nodeType('ninetyNineDigital')]: new NinetyNineDigital(),
	[nodeType('ninetyNineDigitalTool')]: asTool(new NinetyNineDigital()),
	[nodeType('whatomate')]: new Whatomate(),
	[nodeType('whatomateTool')]: asTool(new Whatomate()),
	'test.fixtureItems': new FixtureItems(),
};

export const nodeTypes: INodeTypes = {
	getByName(type: string): INodeType | IVersionedNodeType {
		const nodeType = registry[type];
		if (!nodeType) throw new Error(`Unknown node type ${type}`);
		return nodeType;
	},
	getByNameAndVersion(type: string): INodeType {
		const nodeType = registry[type];
		if (!nodeType) throw new Error(`Unknown node type ${type}`);
		return nodeType;
	},
	getKnownTypes() {
		return {};
	},
};
