import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { subtitleOf } from '../shared/descriptions';
import { CHANNEL_NAMES } from '../shared/normalize';
import * as get from './actions/get.operation';
import * as getAll from './actions/getAll.operation';
import * as getStatistics from './actions/getStatistics.operation';
import { router } from './actions/router';
import * as summarize from './actions/summarize.operation';
import { toolDescriptions } from './actions/tool.descriptions';
import { resourceField } from './actions/common.descriptions';
import { BETATEL_CREDENTIAL } from './transport';

function operationPicker(resource: 'whatsapp' | 'telegram'): INodeProperties {
	const label = CHANNEL_NAMES[resource];
	const record = resource === 'whatsapp' ? 'WDR' : 'TDR';
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: [
			{
				name: 'Get Statistics',
				value: 'getStatistics',
				description: `Get ${label} delivery statistics for a period`,
				action: `Get ${label} statistics`,
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: `List ${label} delivery records (${record}s), with filters`,
				action: `Get many ${label} delivery records`,
			},
			{
				name: 'Get Delivery Record',
				value: 'get',
				description: `Get one ${label} delivery record (${record}) by its UUID`,
				action: `Get a ${label} delivery record`,
			},
			{
				name: 'Summarize',
				value: 'summarize',
				description: `Count ${label} delivery records (${record}s) of a time range per status, country, network, hour or day, with failure rates`,
				action: `Summarize ${label} delivery records`,
			},
		],
		default: 'getStatistics',
	};
}

const properties: INodeProperties[] = [
	resourceField,
	operationPicker('whatsapp'),
	operationPicker('telegram'),
	...getStatistics.description,
	...getAll.description,
	...get.description,
	...summarize.description,
	...toolDescriptions,
];

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
