import { DateTime } from 'luxon';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { OUTPUT, outputField, readOutput } from '../../shared/chart/output';
import { toNumber } from '../../shared/normalize';
import { readField } from '../../shared/parameters';
import { whatomateReport } from '../transport';
import {
	dayQuery,
	type DayRange,
	WHATOMATE_ZONE,
	whatomateItem,
	wholeDays,
} from '../helpers/reports';
import {
	accountIdField,
	dateRangeFields,
	RANGE_FOR_MODELS,
	readAccountId,
	readDateRange,
} from './common.descriptions';

/** Named periods, as the documented `period` parameter calls them, to the start of each. */
const PERIOD_START: Record<string, (today: DateTime) => DateTime> = {
	today: (today) => today,
	week: (today) => today.startOf('week'),
	month: (today) => today.startOf('month'),
	year: (today) => today.startOf('year'),
};

const periodField: INodeProperties = {
	displayName: 'Period',
	name: 'period',
	type: 'options',
	options: [
		{ name: 'Custom Range', value: 'custom' },
		{ name: 'This Month', value: 'month' },
		{ name: 'This Week', value: 'week', description: 'Since Monday' },
		{ name: 'This Year', value: 'year' },
		{ name: 'Today', value: 'today' },
	],
	default: 'month',
};

/** One total with no series or groups: nothing a chart would show better than the item. */
const dashboardOutputField = outputField({ raw: true, chart: false });

const properties: INodeProperties[] = [
	periodField,
	...dateRangeFields.map((field) => ({
		...field,
		displayOptions: { show: { period: ['custom'] } },
	})),
	accountIdField,
	dashboardOutputField,
];

export const value = 'getDashboard';

export const entry = () => ({
	name: 'Get Dashboard',
	description: 'The overview figures of the dashboard for a period',
	action: 'Get dashboard',
});

export const toolText = () =>
	`Returns the Whatomate dashboard figures as one item with sent, received, delivered, read, failed, success_rate and failure_rate (percent of sent), period_start and period_end. Period is one of today, week (since Monday), month (the default), year, or custom, which uses Start Date and End Date. ${RANGE_FOR_MODELS}`;

export const description = updateDisplayOptions(
	{ show: { resource: ['analytics'], operation: [value] } },
	properties,
);

const number = (value: unknown) => toNumber(value);

/**
 * Flattens either dashboard shape into the same extra keys: the documented one
 * (contacts/messages/campaigns/chatbot sections) and the current one (`stats`).
 */
function dashboardFigures(data: IDataObject): {
	/** The shape of current releases, which filter by from/to only. */
	current: boolean;
	sent: number | null;
	received: number | null;
	extra: IDataObject;
} {
	if (data.stats && typeof data.stats === 'object') {
		const stats = data.stats as IDataObject;
		return {
			current: true,
			sent: null,
			received: null,
			extra: {
				messages_total: number(stats.total_messages),
				messages_change: number(stats.messages_change),
				contacts_total: number(stats.total_contacts),
				contacts_change: number(stats.contacts_change),
				chatbot_sessions: number(stats.chatbot_sessions),
				chatbot_change: number(stats.chatbot_change),
				campaigns_sent: number(stats.campaigns_sent),
				campaigns_change: number(stats.campaigns_change),
				recent_messages: (data.recent_messages as IDataObject[] | undefined) ?? [],
			},
		};
	}
	const section = (name: string) => (data[name] ?? {}) as IDataObject;
	const [contacts, messages, campaigns, chatbot] = [
		'contacts',
		'messages',
		'campaigns',
		'chatbot',
	].map(section);
	return {
		current: false,
		sent: number(messages.sent),
		received: number(messages.received),
		extra: {
			messages_total: number(messages.total),
			messages_today: number(messages.today),
			contacts_total: number(contacts.total),
			contacts_new_today: number(contacts.new_today),
			contacts_new_this_week: number(contacts.new_this_week),
			contacts_growth_percent: number(contacts.growth_percent),
			campaigns_total: number(campaigns.total),
			campaigns_active: number(campaigns.active),
			campaigns_completed_this_month: number(campaigns.completed_this_month),
			chatbot_conversations_today: number(chatbot.conversations_today),
			chatbot_auto_resolved: number(chatbot.auto_resolved),
			chatbot_transferred_to_agent: number(chatbot.transferred_to_agent),
			chatbot_resolution_rate: number(chatbot.resolution_rate),
		},
	};
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	// Read first: a bad value given by expression is refused before any request.
	const output = readOutput(this, itemIndex, dashboardOutputField);
	const period = readField<keyof typeof PERIOD_START | 'custom'>(this, periodField, itemIndex);
	const accountId = readAccountId(this, itemIndex);
	let range: DayRange;
	if (period === 'custom') {
		range = readDateRange(this, itemIndex);
	} else {
		const today = DateTime.now().setZone(WHATOMATE_ZONE).startOf('day');
		range = { from: PERIOD_START[period](today), to: today };
	}
	// Current servers read from/to and ignore the rest; servers that follow the
	// documentation read `period` (today/week/month/year) and `account_id`.
	const qs = dayQuery(range);
	if (period !== 'custom') qs.period = period;
	if (accountId) qs.account_id = accountId;

	const data = await whatomateReport(
		this,
		{ name: 'dashboard', path: '/api/analytics/dashboard' },
		qs,
		itemIndex,
	);
	if (output.choice === OUTPUT.raw) return [data];
	const { current, sent, received, extra } = dashboardFigures(data);
	let account = accountId;
	let covers: { start: DateTime; end: DateTime } | undefined = wholeDays(range);
	if (current && accountId) {
		account = '';
		extra.account_filter_applied = false;
		this.addExecutionHints({
			message: `This Whatomate server ignores Account ID on the dashboard: the figures are for all accounts, not for "${accountId}".`,
			location: 'outputPane',
		});
	}
	if (!current && period === 'custom') {
		covers = undefined;
		this.addExecutionHints({
			message:
				'This Whatomate server reads only a named Period on the dashboard (today, week, month, year), not a Custom Range: the figures are for its default period, so the item carries no period.',
			location: 'outputPane',
		});
	}
	return [
		whatomateItem({
			report: 'dashboard',
			account,
			granularity: 'range',
			period: covers,
			figures: { sent, received },
			extra,
		}),
	];
}
