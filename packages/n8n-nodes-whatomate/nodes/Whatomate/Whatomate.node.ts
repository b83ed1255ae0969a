import type {
	INodeProperties,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { subtitleOf } from '../shared/descriptions';
import { toolDescriptionFields } from '../shared/tool';
import * as compareAgents from './actions/compareAgents.operation';
import * as getAgentAnalytics from './actions/getAgentAnalytics.operation';
import * as getChatbotAnalytics from './actions/getChatbotAnalytics.operation';
import * as getDashboard from './actions/getDashboard.operation';
import * as getMessageAnalytics from './actions/getMessageAnalytics.operation';
import { resourceField, router } from './actions/router';
import { WHATOMATE_CREDENTIAL } from './transport';

const RANGE_FOR_MODELS =
	'Start Date and End Date are ISO 8601 dates, e.g. 2026-11-21, each counted as a whole UTC day, both included; left at their defaults they cover the last 7 days and today.';

/** What a model is told about each operation (see shared/tool.ts). */
const WHATOMATE_TOOL_TEXTS: Record<string, string> = {
	getDashboard:
		'Returns the Whatomate dashboard figures as one item with sent, received, delivered, read, failed, success_rate and failure_rate (percent of sent), period_start and period_end. Period is one of today, week (since Monday), month (the default), year, or custom, which uses Start Date and End Date.',
	getMessageAnalytics:
		'Returns Whatomate message analytics: a summary item (granularity range) and one item per day, week or month, each with sent, received, delivered, read, failed and the rates (percent of sent).',
	getChatbotAnalytics:
		'Returns Whatomate chatbot analytics for a range: conversations, flows, keywords and AI usage.',
	getAgentAnalytics:
		'Returns Whatomate agent analytics for a range: transfers handled, queue and response times, for one agent or the team, with a trend.',
	compareAgents:
		'Compares Whatomate agents side by side over a range: one item per agent with its transfers and response times.',
};

const properties: INodeProperties[] = [
	resourceField,
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['analytics'] } },
		options: [
			{
				name: 'Compare Agents',
				value: 'compareAgents',
				description: 'Compare agents side by side over a range',
				action: 'Compare agents',
			},
			{
				name: 'Get Agent Analytics',
				value: 'getAgentAnalytics',
				description: 'Transfers handled, queue and response times, with a trend',
				action: 'Get agent analytics',
			},
			{
				name: 'Get Chatbot Analytics',
				value: 'getChatbotAnalytics',
				description: 'Chatbot conversations, flows, keywords and AI usage',
				action: 'Get chatbot analytics',
			},
			{
				name: 'Get Dashboard',
				value: 'getDashboard',
				description: 'The overview figures of the dashboard for a period',
				action: 'Get dashboard',
			},
			{
				name: 'Get Message Analytics',
				value: 'getMessageAnalytics',
				description: 'Messages sent, delivered, read and failed, with a timeline',
				action: 'Get message analytics',
			},
		],
		default: 'getDashboard',
	},
	...getDashboard.description,
	...getMessageAnalytics.description,
	...getChatbotAnalytics.description,
	...getAgentAnalytics.description,
	...compareAgents.description,
	...toolDescriptionFields(
		Object.entries(WHATOMATE_TOOL_TEXTS).map(([operation, text]) => ({
			show: { resource: ['analytics'], operation: [operation] },
			text: `${text} ${RANGE_FOR_MODELS}`,
		})),
	),
];

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
