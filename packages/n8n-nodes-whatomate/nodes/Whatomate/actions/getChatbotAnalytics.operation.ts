import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { chartedOutputFields, OUTPUT, readOutput, withChart } from '../../shared/chart/output';
import type { OperationOutput } from '../../shared/execute';
import { whatomateReport } from '../transport';
import { chartSubject, rangeQuery, remainder, whatomateItem, wholeDays } from '../helpers/reports';
import {
	accountIdField,
	dateRangeFields,
	RANGE_FOR_MODELS,
	readAccountId,
	readDateRange,
} from './common.descriptions';

export const value = 'getChatbotAnalytics';

export const entry = () => ({
	name: 'Get Chatbot Analytics',
	description: 'Chatbot conversations, flows, keywords and AI usage',
	action: 'Get chatbot analytics',
});

export const toolText = () =>
	`Returns Whatomate chatbot analytics for a range: conversations, flows, keywords and AI usage. ${RANGE_FOR_MODELS}`;

export const description = updateDisplayOptions(
	{ show: { resource: ['analytics'], operation: [value] } },
	[...dateRangeFields, accountIdField, ...chartedOutputFields] as INodeProperties[],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<OperationOutput[]> {
	// Read first: a bad value given by expression is refused before any request.
	const output = readOutput(this, itemIndex);
	const range = readDateRange(this, itemIndex);
	const accountId = readAccountId(this, itemIndex);
	const data = await whatomateReport(
		this,
		{ name: 'chatbot analytics', path: '/api/analytics/chatbot' },
		rangeQuery(range, accountId),
		itemIndex,
	);
	if (output.choice === OUTPUT.raw) return [data];
	const summary = (data.summary ?? {}) as IDataObject;
	const item = whatomateItem({
		report: 'chatbot',
		account: accountId,
		granularity: 'range',
		period: wholeDays(range),
		figures: { conversations: summary.total_conversations as number },
		extra: {
			...remainder(summary, ['total_conversations']),
			by_flow: (data.by_flow as IDataObject[] | undefined) ?? [],
			top_keywords: (data.top_keywords as IDataObject[] | undefined) ?? [],
			ai_usage: (data.ai_usage as IDataObject | undefined) ?? null,
		},
	});
	return await withChart(this, itemIndex, [item], output, {
		subject: chartSubject('chatbot conversations by flow', range),
		figures: [{ key: 'conversations', name: 'Conversations', colour: 'sent' }],
		entriesOf: ([report]) =>
			Array.isArray(report.by_flow) ? (report.by_flow as IDataObject[]) : [],
		groupOf: (flow) => String(flow.flow_name ?? flow.flow_id ?? '(unnamed flow)'),
	});
}
