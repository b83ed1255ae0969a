import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { outputFormatField, wantsRawOutput } from '../../shared/descriptions';
import { unexpectedResponse } from '../../shared/http/errors';
import { isoWithOffset } from '../../shared/timeBuckets';
import { WHATOMATE, whatomateReport } from '../transport';
import { dateRangeFields, dayQuery, readDateRange, WHATOMATE_ZONE, wholeDays } from './common';

export const description = updateDisplayOptions(
	{ show: { resource: ['analytics'], operation: ['compareAgents'] } },
	[...dateRangeFields, outputFormatField],
);

/** One item per agent, labelled like every other item of the node; Raw gives the answer as it came. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const rawOutput = wantsRawOutput(this, itemIndex);
	const range = readDateRange(this, itemIndex);
	const data = await whatomateReport.call(
		this,
		{ name: 'agent comparison', path: '/api/analytics/agents/comparison' },
		dayQuery(range),
		itemIndex,
	);
	if (rawOutput) return [data];
	if (!Array.isArray(data.agents))
		throw unexpectedResponse(this, WHATOMATE, 'a list of agents', itemIndex);
	const period = wholeDays(range);
	return (data.agents as IDataObject[]).map((agent) => ({
		provider: 'whatomate',
		channel: 'whatsapp',
		report: 'agents_comparison',
		period_start: isoWithOffset(period.start),
		period_end: isoWithOffset(period.end),
		timezone: WHATOMATE_ZONE,
		...agent,
	}));
}
