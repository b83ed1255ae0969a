import type {
	INodeProperties,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { subtitleOf } from '../shared/descriptions';
import { DATES_FOR_MODELS, toolDescriptionFields } from '../shared/tool';
import * as getConversationStatistics from './actions/getConversationStatistics.operation';
import * as getAll from './actions/getAll.operation';
import { resourceField, router } from './actions/router';
import { getNumbers } from './methods/loadOptions';
import { NINETY_NINE_DIGITAL_CREDENTIAL } from './transport/api';

const properties: INodeProperties[] = [
	resourceField,
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['whatsapp'] } },
		options: [
			{
				name: 'Get Conversation Statistics',
				value: 'getConversationStatistics',
				description: 'Get conversations per month, for one number or all of them',
				action: 'Get conversation statistics',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: "List the account's WhatsApp numbers with this month's figures",
				action: 'Get many numbers',
			},
		],
		default: 'getConversationStatistics',
	},
	...getConversationStatistics.description,
	...getAll.description,
	...toolDescriptionFields([
		{
			show: { resource: ['whatsapp'], operation: ['getConversationStatistics'] },
			text: [
				'Returns 99digital WhatsApp conversation counts, one item per month: period_start, period_end, conversations, conversations_marketing, conversations_service, conversations_incoming, and account (the WhatsApp number, or null for all numbers).',
				`Start Month and End Month take any date within the month; empty means no bound (End Month: up to and including this month). ${DATES_FOR_MODELS}`,
				"99digital has data from December 2024. For this month's conversations give this month's first day as both Start Month and End Month.",
			].join(' '),
		},
		{
			show: { resource: ['whatsapp'], operation: ['getAll'] },
			text: "Lists the 99digital account's WhatsApp business numbers, each with its id, display name and this month's conversation figures.",
		},
	]),
];

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
