import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { outputFormatField, wantsRawOutput } from '../../shared/descriptions';
import { whatomateReport } from '../transport';
import {
	accountIdField,
	dateRangeFields,
	rangeQuery,
	readAccountId,
	readDateRange,
	remainder,
	whatomateItem,
	wholeDays,
} from './common';

export const description = updateDisplayOptions(
	{ show: { resource: ['analytics'], operation: ['getChatbotAnalytics'] } },
	[...dateRangeFields, accountIdField, outputFormatField] as INodeProperties[],
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	// Read first: a bad value given by expression is refused before any request.
	const rawOutput = wantsRawOutput(this, itemIndex);
	const range = readDateRange(this, itemIndex);
	const accountId = readAccountId(this, itemIndex);
	const data = await whatomateReport.call(
		this,
		{ name: 'chatbot analytics', path: '/api/analytics/chatbot' },
		rangeQuery(range, accountId),
		itemIndex,
	);
	if (rawOutput) return [data];
	const summary = (data.summary ?? {}) as IDataObject;
	return [
		whatomateItem({
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
		}),
	];
}
