import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { chartedOutputFields, OUTPUT, readOutput, withChart } from '../../shared/chart/output';
import type { OperationOutput } from '../../shared/execute';
import { unexpectedResponse } from '../../shared/http/errors';
import { isoWithOffset } from '../../shared/timeBuckets';
import { WHATOMATE, whatomateReport } from '../transport';
import {
	chartSubject,
	dayQuery,
	TRANSFERS_HANDLED,
	WHATOMATE_ZONE,
	wholeDays,
} from '../helpers/reports';
import { dateRangeFields, RANGE_FOR_MODELS, readDateRange } from './common.descriptions';

export const value = 'compareAgents';

export const entry = () => ({
	name: 'Compare Agents',
	description: 'Compare agents side by side over a range',
	action: 'Compare agents',
});

export const toolText = () =>
	`Compares Whatomate agents side by side over a range: one item per agent with its transfers and response times. ${RANGE_FOR_MODELS}`;

export const description = updateDisplayOptions(
	{ show: { resource: ['analytics'], operation: [value] } },
	[...dateRangeFields, ...chartedOutputFields],
);

/** One item per agent, labelled like every other item of the node; Raw gives the answer as it came. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<OperationOutput[]> {
	const output = readOutput(this, itemIndex);
	const range = readDateRange(this, itemIndex);
	const data = await whatomateReport(
		this,
		{ name: 'agent comparison', path: '/api/analytics/agents/comparison' },
		dayQuery(range),
		itemIndex,
	);
	if (output.choice === OUTPUT.raw) return [data];
	if (!Array.isArray(data.agents))
		throw unexpectedResponse(this, WHATOMATE, 'a list of agents', itemIndex);
	const period = wholeDays(range);
	const items = (data.agents as IDataObject[]).map((agent) => ({
		provider: 'whatomate',
		channel: 'whatsapp',
		report: 'agents_comparison',
		period_start: isoWithOffset(period.start),
		period_end: isoWithOffset(period.end),
		timezone: WHATOMATE_ZONE,
		...agent,
	}));
	return await withChart(this, itemIndex, items, output, {
		subject: chartSubject('transfers by agent', range),
		figures: [TRANSFERS_HANDLED],
		groupOf: (agent) => String(agent.agent_name ?? agent.agent_id ?? '(unnamed agent)'),
	});
}
