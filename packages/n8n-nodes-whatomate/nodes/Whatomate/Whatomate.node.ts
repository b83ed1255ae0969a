import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { subtitleOf } from '../shared/descriptions';
import { operationProperties } from '../shared/operations';
import { resourceField } from './actions/common.descriptions';
import { defaultOperation, operations, router } from './actions/router';
import { WHATOMATE_CREDENTIAL } from './transport';

const properties = operationProperties(resourceField, operations, defaultOperation);

export class Whatomate implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Whatomate',
		name: 'whatomate',
		icon: { light: 'file:../../icons/whatomate.svg', dark: 'file:../../icons/whatomate.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: subtitleOf(properties, 'operation'),
		description:
			'Read dashboard, message, chatbot and agent analytics from a self-hosted Whatomate server',
		defaults: { name: 'Whatomate' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: WHATOMATE_CREDENTIAL, required: true }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
