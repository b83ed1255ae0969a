import type { IPollFunctions, INodeProperties } from 'n8n-workflow';

import { chartFieldField, OUTPUT, outputField, readOutput } from '../../shared/chart/output';
import type { Channel } from '../../shared/normalize';
import { readField } from '../../shared/parameters';
import { WINDOW_TYPE_OPTIONS } from '../helpers/channels';
import { readTriggerChannel } from './channel';
import type { IncidentRule } from '../helpers/incidents';
import type { GroupField } from '../helpers/recordSummary';
import { MAX_ROWS_PER_PAGE } from '../transport';
import { failureRateOptionsField, measureFields, measuresField, prepareMeasures } from './measures';
import { EVENT_VALUE, type PreparedMeasure } from './measures/measure';

/* The fields of the alert event that every measure shares, and the rule read from them. */

const EVENT = { show: { event: [EVENT_VALUE] } };

export const WATCH_FIELDS = {
	all: [],
	network: ['network'],
	country: ['country'],
	countryAndNetwork: ['country', 'network'],
} satisfies Record<string, GroupField[]>;

export type Watch = keyof typeof WATCH_FIELDS;

const GROUPED = ['network', 'country', 'countryAndNetwork'] satisfies Watch[];

const ON_GROUPS = { show: { ...EVENT.show, watch: GROUPED } };

export const READ_COST_HINT =
	'Each poll reads every delivery record of the window (and of the grace before it, for Undelivered Rate and Delivery Time), 100 per request: at 10,000 messages an hour, a 15-minute window is 26 requests a poll';

const watchField: INodeProperties = {
	displayName: 'Watch',
	name: 'watch',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'All Traffic',
			value: 'all',
			description: "The channel's total from the statistics endpoint: one request a poll",
		},
		{
			name: 'Each Country',
			value: 'country',
			description: 'One alert per country whose rate is too high, from the delivery records',
		},
		{
			name: 'Each Country and Network',
			value: 'countryAndNetwork',
			description: 'One alert per network of each country, from the delivery records',
		},
		{
			name: 'Each Network',
			value: 'network',
			description: 'One alert per mobile network whose rate is too high, from the delivery records',
		},
	],
	default: 'all',
	description:
		'What the rate is worked out for: a network failing at 40 % on 3 % of the traffic barely moves the total',
	displayOptions: EVENT,
};

const windowField: INodeProperties = {
	displayName: 'Window',
	name: 'window',
	type: 'options',
	options: WINDOW_TYPE_OPTIONS,
	default: 'lasth',
	description:
		'The period, ending at each poll, that is judged; Undelivered Rate and Delivery Time judge it shifted back by the grace',
	displayOptions: EVENT,
};

const minimumRequestsField: INodeProperties = {
	displayName: 'Minimum Requests',
	name: 'minimumRequests',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 20,
	description:
		'Below this many requests in the window (in each group, when watching groups), no rate or delivery time alert fires: 1 failure out of 2 is not a spike',
	displayOptions: EVENT,
};

const fireAfterField: INodeProperties = {
	displayName: 'Fire After (Consecutive Polls)',
	name: 'fireAfterPolls',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 1000 },
	default: 1,
	description:
		'A group must be past its line at this many polls in a row before the alert fires: 3 lets a one-poll blip pass',
	displayOptions: EVENT,
};

const LOW_TRAFFIC = { keepState: 'keepState', recover: 'recover' } as const;

const lowTrafficField: INodeProperties = {
	displayName: 'When Traffic Falls Below Minimum',
	name: 'lowTraffic',
	type: 'options',
	options: [
		{
			name: 'Keep the Last State',
			value: LOW_TRAFFIC.keepState,
			description:
				'A quiet window neither ends an alert nor starts one: when traffic returns with the rate still high, no second alert',
		},
		{
			name: 'Treat as Recovered',
			value: LOW_TRAFFIC.recover,
			description:
				'A quiet window ends the alert (with Notify on Recovery, a "recovered" item with recovered_by: low_volume); the next rise alerts again',
		},
	],
	default: 'keepState',
	description: 'What a window with fewer requests than Minimum Requests does to an ongoing alert',
	displayOptions: EVENT,
};

const notifyOnRecoveryField: INodeProperties = {
	displayName: 'Notify on Recovery',
	name: 'notifyOnRecovery',
	type: 'boolean',
	default: false,
	description:
		"Whether to fire once more when a firing group is back at its recovery line (Recover Below, the usual-rate line, or a measure's Recovers At)",
	displayOptions: EVENT,
};

const ALERT_ITEMS = { eachGroup: 'eachGroup', summary: 'summary' } as const;

const alertItemsField: INodeProperties = {
	displayName: 'Alert Items',
	name: 'alertItems',
	type: 'options',
	options: [
		{
			name: 'One per Group That Changed',
			value: ALERT_ITEMS.eachGroup,
			description: 'An item for each group that started firing or recovered at this poll',
		},
		{
			name: 'One Summary per Poll',
			value: ALERT_ITEMS.summary,
			description:
				'One item listing every group that started firing or recovered, and the text of one message',
		},
	],
	default: 'eachGroup',
	displayOptions: ON_GROUPS,
};

/** About twenty times the 26 requests of the cost example: far above any window that reads in time. */
const DEFAULT_MAX_RECORDS_TO_READ = 50_000;

export const maxRecordsToReadField: INodeProperties = {
	displayName: 'Max Records to Read',
	name: 'maxRecordsToRead',
	type: 'number',
	typeOptions: { minValue: MAX_ROWS_PER_PAGE, maxValue: 1_000_000 },
	default: DEFAULT_MAX_RECORDS_TO_READ,
	description:
		'A window holding more records than this fails the poll with an error instead of reading on: shorten the Window or raise this',
	hint: READ_COST_HINT,
	displayOptions: ON_GROUPS,
};

export const alertOutputField: INodeProperties = {
	...outputField({ raw: false, chartOnly: false }),
	description: "Items and Chart puts a chart of every group's failures on the first item",
	displayOptions: ON_GROUPS,
};

const remindEveryField: INodeProperties = {
	displayName: 'Remind Every (Minutes)',
	name: 'remindEveryMinutes',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 10_080 },
	default: 0,
	description:
		'While an incident lasts, one reminder item at most this often, saying how long it has lasted; 0 sends none',
	displayOptions: EVENT,
};

export const failureRateFields: INodeProperties[] = [
	watchField,
	windowField,
	measuresField,
	...measureFields,
	minimumRequestsField,
	fireAfterField,
	lowTrafficField,
	notifyOnRecoveryField,
	remindEveryField,
	alertItemsField,
	maxRecordsToReadField,
	alertOutputField,
	{
		...chartFieldField,
		displayOptions: { show: { ...ON_GROUPS.show, output: [OUTPUT.itemsAndChart] } },
	},
	failureRateOptionsField,
];

/** When to fire, for what, and what to emit. */
export interface Rule {
	channel: Channel;
	watch: Watch;
	fields: GroupField[];
	window: string;
	measures: PreparedMeasure[];
	incident: IncidentRule;
	notifyOnRecovery: boolean;
	summaryItem: boolean;
	maxRecords: number;
	chartField?: string;
}

/** Every field of the event read and checked, before any request is sent. */
export function readRule(context: IPollFunctions): Rule {
	const watch = readField<Watch>(context, watchField);
	const grouped = watch !== 'all';
	const channel = readTriggerChannel(context);
	const fields: GroupField[] = WATCH_FIELDS[watch];
	const minimum = readField<number>(context, minimumRequestsField);
	return {
		channel,
		watch,
		fields,
		window: readField<string>(context, windowField),
		measures: prepareMeasures(context, { channel, grouped, fields, minimum }),
		incident: {
			fireAfter: readField<number>(context, fireAfterField),
			lowTrafficRecovers: readField(context, lowTrafficField) === LOW_TRAFFIC.recover,
			remindEveryMs: readField<number>(context, remindEveryField) * 60_000,
		},
		notifyOnRecovery: readField<boolean>(context, notifyOnRecoveryField),
		summaryItem: grouped && readField(context, alertItemsField) === ALERT_ITEMS.summary,
		maxRecords: readField<number>(context, maxRecordsToReadField),
		chartField: grouped ? readOutput(context, 0, alertOutputField).chartField : undefined,
	};
}
