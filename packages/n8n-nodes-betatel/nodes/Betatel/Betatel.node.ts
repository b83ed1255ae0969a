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
import { BETATEL_CREDENTIAL } from './transport';

const properties = operationProperties(resourceField, operations);

export class Betatel implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Betatel Connect Hub',
		name: 'betatel',
		icon: { light: 'file:../../icons/betatel.svg', dark: 'file:../../icons/betatel.dark.svg' },
		group: ['transform'],
		// 1.1: Get Statistics' default range ends with the last whole day (docs/development.md,
		// "Adding a node version").
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: subtitleOf(properties, 'operation', 'resource'),
		description:
			'Read WhatsApp and Telegram OTP delivery statistics and delivery records from Betatel Connect Hub',
		defaults: { name: 'Betatel Connect Hub' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: BETATEL_CREDENTIAL, required: true }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
