import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	INodeTypeDescription,
	IVersionedNodeType,
} from 'n8n-workflow';
import { NodeConnectionTypes, jsonParse } from 'n8n-workflow';

import { Betatel } from '../../nodes/Betatel/Betatel.node';
import { BetatelTrigger } from '../../nodes/Betatel/BetatelTrigger.node';
import { NinetyNineDigital } from '../../nodes/NinetyNineDigital/NinetyNineDigital.node';
import { Whatomate } from '../../nodes/Whatomate/Whatomate.node';

export const PACKAGE = 'n8n-nodes-messaging-stats';

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

const registry: Record<string, INodeType> = {
	[`${PACKAGE}.betatel`]: new Betatel(),
	[`${PACKAGE}.betatelTrigger`]: new BetatelTrigger(),
	[`${PACKAGE}.ninetyNineDigital`]: new NinetyNineDigital(),
	[`${PACKAGE}.whatomate`]: new Whatomate(),
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
