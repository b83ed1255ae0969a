import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { isoWithOffset } from '../../shared/timeBuckets';
import { unexpectedResponse } from '../../shared/http';
import { WHATOMATE, whatomateReport } from '../transport';
import { dateRangeFields, dayQuery, readDateRange, wholeDays } from './common';

export const description = updateDisplayOptions(
	{ show: { resource: ['analytics'], operation: ['compareAgents'] } },
	dateRangeFields,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const range = readDateRange(this, itemIndex);
	const data = await whatomateReport.call(
		this,
		{ name: 'agent comparison', path: '/api/analytics/agents/comparison' },
		dayQuery(range),
		itemIndex,
	);
	if (!Array.isArray(data.agents))
		throw unexpectedResponse(this, WHATOMATE, 'a list of agents', itemIndex);
	const period = wholeDays(range);
	return (data.agents as IDataObject[]).map((agent) => ({
		provider: 'whatomate',
		report: 'agents_comparison',
		period_start: isoWithOffset(period.start),
		period_end: isoWithOffset(period.end),
		...agent,
	}));
}
