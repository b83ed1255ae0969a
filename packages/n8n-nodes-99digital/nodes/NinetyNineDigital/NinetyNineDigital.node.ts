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
import { operations, router } from './actions/router';
import { getNumbers } from './methods/loadOptions';
import { NINETY_NINE_DIGITAL_CREDENTIAL } from './transport';

const properties = operationProperties(resourceField, operations);

export class NinetyNineDigital implements INodeType {
	description: INodeTypeDescription = {
		displayName: '99digital',
		name: 'ninetyNineDigital',
		icon: {
			light: 'file:../../icons/ninetyNineDigital.svg',
			dark: 'file:../../icons/ninetyNineDigital.dark.svg',
		},
		group: ['transform'],
		version: 1,
		subtitle: subtitleOf(properties, 'operation', 'resource'),
		description:
			'Read WhatsApp conversation statistics and numbers from the 99digital Partners API',
		defaults: { name: '99digital' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: NINETY_NINE_DIGITAL_CREDENTIAL, required: true }],
		properties,
	};

	methods = { loadOptions: { getNumbers } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
