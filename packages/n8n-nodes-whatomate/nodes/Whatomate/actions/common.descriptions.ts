import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readRange } from '../../shared/descriptions';
import { parseCalendarDate } from '../../shared/validation';
import { readField } from '../../shared/parameters';
import { WHATOMATE_ZONE, type DayRange, type TimelineUnit } from '../helpers/reports';

/** Said to an AI agent's model of every operation's date range (see shared/tool.ts). */
export const RANGE_FOR_MODELS =
	'Start Date and End Date are ISO 8601 dates, e.g. 2026-11-21, each counted as a whole UTC day, both included; left at their defaults they cover the last 7 days and today.';

export const dateRangeFields: [INodeProperties, INodeProperties] = [
	{
		displayName: 'Start Date',
		name: 'startDate',
		type: 'dateTime',
		required: true,
		default: '={{ $today.minus({ days: 7 }) }}',
		description:
			'First day to include: the date as picked (or as given, in its own time zone); Whatomate counts it as a whole UTC day',
	},
	{
		displayName: 'End Date',
		name: 'endDate',
		type: 'dateTime',
		required: true,
		default: '={{ $today }}',
		description: 'Last day to include, as a whole UTC day',
	},
];

export const accountIdField: INodeProperties = {
	displayName: 'Account ID',
	name: 'accountId',
	type: 'string',
	default: '',
	description: 'Only this WhatsApp account; leave empty for all accounts',
	hint: 'Empty means every WhatsApp account of this Whatomate, added up',
};

/** The dates picked are calendar dates, then asked of Whatomate as whole UTC days. */
export function readDateRange(context: IExecuteFunctions, itemIndex: number): DayRange {
	const node = context.getNode();
	const zone = context.getTimezone();
	const { start, end } = readRange(context, itemIndex, dateRangeFields, (label, value) =>
		parseCalendarDate(node, itemIndex, label, value, zone, WHATOMATE_ZONE),
	);
	return { from: start, to: end };
}

export function readAccountId(context: IExecuteFunctions, itemIndex: number): string {
	return readField<string>(context, accountIdField, itemIndex);
}

/**
 * A report's bucket size, among the units it offers, named as the editor shows them: the
 * message timeline by hour, day, week or month, the agents' trend by day or week.
 */
export function bucketSizeField(
	field: Pick<INodeProperties, 'displayName' | 'name' | 'description'>,
	units: TimelineUnit[],
): INodeProperties {
	return {
		...field,
		type: 'options',
		options: units.map((unit) => ({ name: unit[0].toUpperCase() + unit.slice(1), value: unit })),
		default: 'day',
	};
}

export const resourceField: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [{ name: 'Analytics', value: 'analytics' }],
	default: 'analytics',
};
