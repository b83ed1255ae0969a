import type { IExecuteFunctions, INodeProperties, IPollFunctions } from 'n8n-workflow';

import { CHANNEL_NAMES, type Channel } from '../../shared/normalize';
import { readField } from '../../shared/parameters';

/** The UI option lists of the Betatel node and trigger, in one place. */

export const WHATSAPP_STATUSES = [
	'PENDING',
	'QUEUED',
	'SENT',
	'DELIVERED',
	'READ',
	'FAILED',
	'EXPIRED',
	'DELETED',
	'UNKNOWN',
];

/**
 * Betatel documents Telegram's statuses only as "PENDING, SENT, …"; these are the ones its
 * records are seen with. The trigger accepts others as text.
 */
export const TELEGRAM_STATUSES = ['PENDING', 'SENT', 'DELIVERED', 'FAILED', 'EXPIRED', 'UNKNOWN'];

/** Status choices labelled "Delivered" rather than "DELIVERED". */
const statusOptions = (statuses: string[]) =>
	statuses.map((status) => ({
		name: status.charAt(0) + status.slice(1).toLowerCase(),
		value: status,
	}));

export const WHATSAPP_STATUS_OPTIONS = statusOptions(WHATSAPP_STATUSES);
export const TELEGRAM_STATUS_OPTIONS = statusOptions(TELEGRAM_STATUSES);

/** The fields the WDR/TDR lists sort by. */
export const SORT_FIELDS = [
	{ name: 'Country', value: 'country' },
	{ name: 'Delivery Time', value: 'delivery_time' },
	{ name: 'Network', value: 'network' },
	{ name: 'Recipient', value: 'to' },
	{ name: 'Status', value: 'status' },
	{ name: 'Timestamp', value: 'timestamp' },
];

/** The two channels Betatel Connect Hub serves, as one picker for the node and the trigger. */
export const CHANNEL_OPTIONS = [
	{ name: 'Telegram', value: 'telegram' },
	{ name: 'WhatsApp', value: 'whatsapp' },
];

export const triggerChannelField: INodeProperties = {
	displayName: 'Channel',
	name: 'channel',
	type: 'options',
	noDataExpression: true,
	options: CHANNEL_OPTIONS,
	default: 'whatsapp',
};

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

/** The trigger's Channel, checked like the node's Resource. */
export function readTriggerChannel(context: IPollFunctions): Channel {
	return readField<Channel>(context, triggerChannelField);
}

/** Betatel's stat types: per interval over a range, or one total over a window ending now. */
export const WINDOW_TYPE_OPTIONS = [
	{ name: 'Last Minute', value: 'lastm' },
	{ name: 'Last 5 Minutes', value: 'last5m' },
	{ name: 'Last 10 Minutes', value: 'last10m' },
	{ name: 'Last 30 Minutes', value: 'last30m' },
	{ name: 'Last Hour', value: 'lasth' },
	{ name: 'Last 12 Hours', value: 'last12h' },
	{ name: 'Last 24 Hours', value: 'last24h' },
	{ name: 'Last 30 Days', value: 'lastmonth' },
];

export const STAT_TYPE_OPTIONS = [
	{ name: 'Today', value: 'today', description: 'Totals since midnight in the time zone' },
	{ name: 'Hourly', value: 'hourly', description: 'One entry per hour from start to end' },
	{ name: 'Daily', value: 'daily', description: 'One entry per day from start to end' },
	{ name: 'Weekly', value: 'weekly', description: 'One entry per ISO week (Monday first)' },
	{ name: 'Monthly', value: 'monthly', description: 'One entry per month from start to end' },
	{ name: 'Yearly', value: 'yearly', description: 'One entry per year from start to end' },
	...WINDOW_TYPE_OPTIONS,
];
