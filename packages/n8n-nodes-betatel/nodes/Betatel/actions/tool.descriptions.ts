import type { INodeProperties } from 'n8n-workflow';

import { DATES_FOR_MODELS, toolDescriptionFields } from '../../shared/tool';
import { WHATSAPP_STATUSES } from './common.descriptions';
import { CHANNEL_NAMES } from '../../shared/normalize';

/** What a model is told about each operation, per channel (see shared/tool.ts). */
function texts(channel: 'whatsapp' | 'telegram'): Record<string, string> {
	const label = CHANNEL_NAMES[channel];
	const record = channel === 'whatsapp' ? 'WDR' : 'TDR';
	const deliveryTime = channel === 'whatsapp' ? ', delivery_time (ms)' : '';
	return {
		getStatistics: [
			`Returns ${label} message delivery statistics from Betatel Connect Hub: one item per period with period_start and period_end (ISO 8601 with offset, end exclusive), sent, delivered, failed, success_rate and failure_rate (percent of sent, 2 decimals), cost and currency.`,
			'Period is one of daily, hourly, weekly, monthly, yearly (these need Start and End; the period holding End is included) or today, lastm, last5m, last10m, last30m, lasth, last12h, last24h, lastmonth (one total up to now; Start and End are not used).',
			DATES_FOR_MODELS,
			"Left at its defaults it returns one item per day for the last 7 days and today. For yesterday: Period daily, with Start and End both yesterday's date.",
		].join(' '),
		getAll: [
			`Lists ${label} delivery records (${record}s) from Betatel Connect Hub, newest first, each with uuid, to, status, country, network, timestamp${deliveryTime}.`,
			channel === 'whatsapp'
				? `Status is one of ${WHATSAPP_STATUSES.join(', ')}.`
				: 'Status is e.g. PENDING, SENT, DELIVERED or FAILED.',
			`Created After keeps the records created at or after that time. ${DATES_FOR_MODELS}`,
			'Return All reads every matching record; otherwise Limit (1 to 10000) caps how many. To count messages rather than list them, use Summarize.',
		].join(' '),
		get: `Returns one ${label} delivery record (${record}) from Betatel Connect Hub by its uuid, with its status, country, network and timestamps${deliveryTime}.`,
		summarize: [
			`Counts the ${label} delivery records of Betatel Connect Hub created from Created After (included) to Created Before (excluded), one item per group: Group By any of network, country, status (none: one item for the range), optionally split per hour or day.`,
			`Each item has sent, delivered, read, failed, failure_rate and success_rate (percent of sent), the group's keys${channel === 'whatsapp' ? ', delivery_time_median_ms and delivery_time_p95_ms' : ''}.`,
			DATES_FOR_MODELS,
			'Left at its defaults it covers the last hour, by network. Use it for how many messages failed, or which network or country fails.',
		].join(' '),
	};
}

export const toolDescriptions: INodeProperties[] = toolDescriptionFields(
	(['whatsapp', 'telegram'] as const).flatMap((channel) =>
		Object.entries(texts(channel)).map(([operation, text]) => ({
			show: { resource: [channel], operation: [operation] },
			text,
		})),
	),
);
