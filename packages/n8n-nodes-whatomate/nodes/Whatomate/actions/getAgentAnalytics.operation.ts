import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { chartedOutputFields, OUTPUT, readOutput, withChart } from '../../shared/chart/output';
import type { OperationOutput } from '../../shared/execute';
import { readField } from '../../shared/parameters';
import { whatomateReport } from '../transport';
import {
	chartSubject,
	dayQuery,
	remainder,
	bucketedItems,
	TRANSFERS_HANDLED,
	type DayRange,
	whatomateItem,
	wholeDays,
} from '../helpers/reports';
import {
	bucketSizeField,
	dateRangeFields,
	RANGE_FOR_MODELS,
	readDateRange,
} from './common.descriptions';

const groupByField = bucketSizeField(
	{ displayName: 'Group By', name: 'groupBy', description: 'Size of each trend bucket' },
	['day', 'week'],
);

const agentIdField: INodeProperties = {
	displayName: 'Agent ID',
	name: 'agentId',
	type: 'string',
	default: '',
	description: 'Only this agent; leave empty for the whole team',
};

const properties: INodeProperties[] = [
	...dateRangeFields,
	groupByField,
	agentIdField,
	...chartedOutputFields,
];

export const value = 'getAgentAnalytics';

export const entry = () => ({
	name: 'Get Agent Analytics',
	description: 'Transfers handled, queue and response times, with a trend',
	action: 'Get agent analytics',
});

export const toolText = () =>
	`Returns Whatomate agent analytics for a range: transfers handled, queue and response times, for one agent or the team, with a trend. ${RANGE_FOR_MODELS}`;

export const description = updateDisplayOptions(
	{ show: { resource: ['analytics'], operation: [value] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<OperationOutput[]> {
	// Read first: a bad value given by expression is refused before any request.
	const output = readOutput(this, itemIndex);
	const range = readDateRange(this, itemIndex);
	const groupBy = readField<'day' | 'week'>(this, groupByField, itemIndex);
	const agentId = readField<string>(this, agentIdField, itemIndex);
	const qs: IDataObject = {
		...dayQuery(range),
		group_by: groupBy,
	};
	if (agentId) qs.agent_id = agentId;
	const data = await whatomateReport(
		this,
		{ name: 'agent analytics', path: '/api/analytics/agents' },
		qs,
		itemIndex,
	);
	if (output.choice === OUTPUT.raw) return [data];
	return await withChart(this, itemIndex, agentItems(data, { range, groupBy, agentId }), output, {
		subject: chartSubject('agent transfers', range),
		figures: [TRANSFERS_HANDLED],
	});
}

/** The summary item, then one per trend bucket; response times a server never computed are null. */
function agentItems(
	data: IDataObject,
	{ range, groupBy, agentId }: { range: DayRange; groupBy: 'day' | 'week'; agentId: string },
): IDataObject[] {
	const agentExtra = agentId ? { agent_id: agentId } : {};
	const summaryFigures = (data.summary as IDataObject | undefined) ?? {};
	const trendData = (data.trend_data as IDataObject[] | undefined) ?? [];
	// An agent filter, or a key whose user is an agent, gets that agent's own figures in
	// `my_stats` instead of a list: they become the list's one entry.
	const myStats = data.my_stats as IDataObject | undefined;
	const agentStats = (data.agent_stats as IDataObject[] | undefined) ?? (myStats ? [myStats] : []);
	const notComputed = responseTimesNotComputed(summaryFigures, trendData);
	const responseTimes = (entry: IDataObject, key: string) =>
		notComputed && key in entry ? { [key]: null } : {};
	const summary = whatomateItem({
		report: 'agents',
		account: '',
		granularity: 'range',
		period: wholeDays(range),
		extra: {
			...agentExtra,
			...(myStats
				? { agent_id: myStats.agent_id ?? agentId ?? null, agent_name: myStats.agent_name ?? null }
				: {}),
			...remainder(summaryFigures, []),
			...responseTimes(summaryFigures, 'avg_first_response_mins'),
			agent_stats: agentStats,
			...(notComputed ? { response_times_note: RESPONSE_TIMES_NOTE } : {}),
		},
	});
	const trend = bucketedItems(trendData, groupBy, (entry) => ({
		report: 'agents',
		account: '',
		extra: {
			...agentExtra,
			...remainder(entry, ['date']),
			...responseTimes(entry, 'avg_response_mins'),
		},
	}));
	return [summary, ...trend];
}

const RESPONSE_TIMES_NOTE =
	'This Whatomate server does not compute response times (it reports 0 for every agent and day), so they are null here';

/**
 * Current Whatomate releases never compute first-response times: they answer 0 everywhere.
 * A 0 is taken for "not computed" only when every response time is 0 although transfers
 * were handled; a server that measures them shows its figures as they are.
 */
function responseTimesNotComputed(summary: IDataObject, trend: IDataObject[]): boolean {
	const handled = Number(summary.total_transfers_handled ?? 0);
	const times = [summary.avg_first_response_mins, ...trend.map((entry) => entry.avg_response_mins)];
	return handled > 0 && times.every((value) => value === 0 || value === undefined);
}
