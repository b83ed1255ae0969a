import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { outputFormatField, wantsRawOutput } from '../../shared/descriptions';
import { requireOption } from '../../shared/validation';
import { whatomateReport } from '../transport';
import {
	dateRangeFields,
	dayQuery,
	readDateRange,
	remainder,
	timelineBucket,
	whatomateItem,
	wholeDays,
} from './common';

const groupByField: INodeProperties = {
	displayName: 'Group By',
	name: 'groupBy',
	type: 'options',
	options: [
		{ name: 'Day', value: 'day' },
		{ name: 'Week', value: 'week' },
	],
	default: 'day',
	description: 'Size of each trend bucket',
};

const properties: INodeProperties[] = [
	...dateRangeFields,
	groupByField,
	{
		displayName: 'Agent ID',
		name: 'agentId',
		type: 'string',
		default: '',
		description: 'Only this agent; leave empty for the whole team',
	},
	outputFormatField,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['analytics'], operation: ['getAgentAnalytics'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	// Read first: a bad value given by expression is refused before any request.
	const rawOutput = wantsRawOutput(this, itemIndex);
	const range = readDateRange(this, itemIndex);
	const groupBy = requireOption<'day' | 'week'>(
		this.getNode(),
		itemIndex,
		groupByField,
		this.getNodeParameter('groupBy', itemIndex, 'day'),
	);
	const agentId = String(this.getNodeParameter('agentId', itemIndex, '') ?? '').trim();
	const qs: IDataObject = {
		...dayQuery(range),
		group_by: groupBy,
	};
	if (agentId) qs.agent_id = agentId;
	const data = await whatomateReport.call(
		this,
		{ name: 'agent analytics', path: '/api/analytics/agents' },
		qs,
		itemIndex,
	);
	if (rawOutput) return [data];

	const agentExtra = agentId ? { agent_id: agentId } : {};
	const summary = whatomateItem(
		'agents',
		'',
		'range',
		wholeDays(range),
		{},
		{
			...agentExtra,
			...remainder(data.summary as IDataObject | undefined, []),
			agent_stats: (data.agent_stats as IDataObject[] | undefined) ?? [],
		},
	);
	const trend = ((data.trend_data as IDataObject[] | undefined) ?? []).map((entry) =>
		whatomateItem(
			'agents',
			'',
			groupBy,
			timelineBucket(entry.date, groupBy),
			{},
			{
				...agentExtra,
				...remainder(entry, ['date']),
			},
		),
	);
	return [summary, ...trend];
}
