import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { CHANNEL_NAMES, type Channel } from '../../shared/normalize';
import { readField } from '../../shared/parameters';
import { CHANNEL_OPTIONS, WINDOW_TYPE_OPTIONS } from '../helpers/channels';

/** The Resource field (the channel) and what the operations share of it. */

export const resourceField: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: CHANNEL_OPTIONS,
	default: 'whatsapp',
};

/** How the operations' picker entries and tool texts name a channel and its records. */
export function channelWords(resource: string) {
	const channel = resource as Channel;
	return {
		label: CHANNEL_NAMES[channel],
		record: channel === 'whatsapp' ? 'WDR' : 'TDR',
		deliveryTime: channel === 'whatsapp' ? ', delivery_time (ms)' : '',
	};
}

/** The node's Resource is its channel: checked, since a workflow's JSON can say anything. */
export function readChannel(context: IExecuteFunctions, itemIndex: number): Channel {
	return readField<Channel>(context, resourceField, itemIndex);
}

/** Betatel's stat types: per interval over a range, or one total over a window ending now. */
export const STAT_TYPE_OPTIONS = [
	{ name: 'Today', value: 'today', description: 'Totals since midnight in the time zone' },
	{ name: 'Hourly', value: 'hourly', description: 'One entry per hour from start to end' },
	{ name: 'Daily', value: 'daily', description: 'One entry per day from start to end' },
	{ name: 'Weekly', value: 'weekly', description: 'One entry per ISO week (Monday first)' },
	{ name: 'Monthly', value: 'monthly', description: 'One entry per month from start to end' },
	{ name: 'Yearly', value: 'yearly', description: 'One entry per year from start to end' },
	...WINDOW_TYPE_OPTIONS,
];
