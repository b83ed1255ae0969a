import { DateTime } from 'luxon';
import type {
	IDataObject,
	INodeExecutionData,
	INodeProperties,
	IPollFunctions,
} from 'n8n-workflow';

import {
	chartBinary,
	chartFieldField,
	OUTPUT,
	outputField,
	readOutput,
} from '../../shared/chart/output';
import { CHANNEL_NAMES, percentage, type Channel } from '../../shared/normalize';
import { foldRecords } from '../pagination';
import { readField } from '../../shared/parameters';
import { stateIsCurrent } from './pollGuard';
import { invalidField } from '../../shared/validation';
import { readTriggerChannel, WINDOW_TYPE_OPTIONS } from '../actions/common.descriptions';
import { DEFAULT_CONCURRENCY } from '../actions/recordRead';
import {
	boundedGroups,
	isAbove,
	lineOf,
	stepGroup,
	type Change,
	type Comparison,
	type GroupState,
	type IncidentRule,
} from '../helpers/incidents';
import {
	groupLabel,
	RecordSummary,
	summaryChartPlan,
	type GroupField,
} from '../helpers/recordSummary';
import { readStatistics, windowEndingAt } from '../helpers/statistics';
import { MAX_ROWS_PER_PAGE, recordSource } from '../transport';

const EVENT = { show: { event: ['failureRateAboveThreshold'] } };

const WATCH_FIELDS = {
	all: [],
	network: ['network'],
	country: ['country'],
	countryAndNetwork: ['country', 'network'],
} satisfies Record<string, GroupField[]>;

type Watch = keyof typeof WATCH_FIELDS;

const GROUPED = ['network', 'country', 'countryAndNetwork'] satisfies Watch[];

const ON_GROUPS = { show: { ...EVENT.show, watch: GROUPED } };

const READ_COST_HINT =
	'Each poll reads every delivery record of the window, 100 per request: at 10,000 messages an hour, a 15-minute window is 25 requests a poll';

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
	description: 'The period, ending at each poll, whose failure rate is checked',
	displayOptions: EVENT,
};

const COMPARE = { threshold: 'threshold', usualRate: 'usualRate' } as const;

const compareWithField: INodeProperties = {
	displayName: 'Compared With',
	name: 'compareWith',
	type: 'options',
	options: [
		{
			name: 'A Fixed Threshold',
			value: COMPARE.threshold,
			description: 'Fire when the rate goes above Threshold (%)',
		},
		{
			name: 'The Usual Rate',
			value: COMPARE.usualRate,
			description:
				'Fire when the rate reaches a multiple of what this group usually fails, learned from its own earlier polls (12 polls before the first alert can fire)',
		},
	],
	default: 'threshold',
	displayOptions: EVENT,
};

const ON_THRESHOLD = { show: { ...EVENT.show, compareWith: [COMPARE.threshold] } };
const ON_USUAL_RATE = { show: { ...EVENT.show, compareWith: [COMPARE.usualRate] } };

const thresholdField: INodeProperties = {
	displayName: 'Threshold (%)',
	name: 'thresholdPercent',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 2 },
	default: 5,
	description: 'Fire when the failure rate goes above this percentage',
	displayOptions: ON_THRESHOLD,
};

const factorField: INodeProperties = {
	displayName: 'Times the Usual Rate',
	name: 'usualRateFactor',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 1000, numberPrecision: 1 },
	default: 3,
	description:
		'Fire when the rate reaches this many times the usual rate: 3 fires a network that usually fails 0.5 % at 1.5 %, one that usually fails 8 % at 24 %',
	displayOptions: ON_USUAL_RATE,
};

const floorField: INodeProperties = {
	displayName: 'Floor (%)',
	name: 'floorPercent',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 2 },
	default: 2,
	description:
		'Never fire at or under this rate, however it compares with the usual: 0.1 % against a usual 0.01 % is not news',
	displayOptions: ON_USUAL_RATE,
};

const minimumRequestsField: INodeProperties = {
	displayName: 'Minimum Requests',
	name: 'minimumRequests',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 20,
	description:
		'Below this many requests in the window (in each group, when watching groups), no alert fires: 1 failure out of 2 is not a spike',
	displayOptions: EVENT,
};

const fireAfterField: INodeProperties = {
	displayName: 'Fire After (Consecutive Polls)',
	name: 'fireAfterPolls',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 1000 },
	default: 1,
	description:
		'The rate must be too high at this many polls in a row before the alert fires: 3 lets a one-poll blip pass',
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
		'Whether to fire once more when the rate drops back to the recovery line (Recover Below, or the usual-rate line) or below',
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

/** Ten times the 25 requests of the cost example: far above any window that reads in time. */
const DEFAULT_MAX_RECORDS_TO_READ = 50_000;

const maxRecordsToReadField: INodeProperties = {
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

/** How many groups the state keeps: the firing ones first, then the ones seen last. */
const MAX_GROUPS = 1000;

const alertOutputField: INodeProperties = {
	...outputField({ raw: false, chartOnly: false }),
	description: "Items and Chart puts a chart of every group's failures on the first item",
	displayOptions: ON_GROUPS,
};

const recoverBelowField: INodeProperties = {
	displayName: 'Recover Below (%)',
	name: 'recoverBelowPercent',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 2 },
	default: 3,
	description:
		'A firing alert recovers only at or under this rate, so a rate hovering around the threshold does not flap; not set, it is the threshold',
};

const optionsField: INodeProperties = {
	displayName: 'Options',
	name: 'alertOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [recoverBelowField],
	displayOptions: ON_THRESHOLD,
};

export const failureRateFields: INodeProperties[] = [
	watchField,
	windowField,
	compareWithField,
	thresholdField,
	factorField,
	floorField,
	minimumRequestsField,
	fireAfterField,
	lowTrafficField,
	notifyOnRecoveryField,
	alertItemsField,
	maxRecordsToReadField,
	alertOutputField,
	{
		...chartFieldField,
		displayOptions: { show: { ...ON_GROUPS.show, output: [OUTPUT.itemsAndChart] } },
	},
	optionsField,
];

/** When to fire, for what, and what to emit. */
interface Rule {
	channel: Channel;
	watch: Watch;
	window: string;
	incident: IncidentRule;
	notifyOnRecovery: boolean;
	summaryItem: boolean;
	maxRecords: number;
	chartField?: string;
}

function readComparison(context: IPollFunctions): Comparison {
	if (readField(context, compareWithField) === COMPARE.usualRate) {
		return {
			kind: 'usualRate',
			factor: readField<number>(context, factorField),
			floor: readField<number>(context, floorField),
		};
	}
	const threshold = readField<number>(context, thresholdField);
	const options = context.getNodeParameter('alertOptions', {}) as IDataObject;
	if (options.recoverBelowPercent === undefined)
		return { kind: 'threshold', threshold, recoverBelow: threshold };
	const recoverBelow = readField<number>(context, recoverBelowField, 0, 'alertOptions');
	if (recoverBelow > threshold) {
		throw invalidField(
			context.getNode(),
			0,
			recoverBelowField.displayName,
			`${recoverBelow} is above Threshold (%), ${threshold}: an alert would recover while still firing`,
			'Set it at or under the threshold, or remove the option to recover at the threshold.',
		);
	}
	return { kind: 'threshold', threshold, recoverBelow };
}

function readRule(context: IPollFunctions): Rule {
	const watch = readField<Watch>(context, watchField);
	const grouped = watch !== 'all';
	return {
		channel: readTriggerChannel(context),
		watch,
		window: readField<string>(context, windowField),
		incident: {
			comparison: readComparison(context),
			minimum: readField<number>(context, minimumRequestsField),
			fireAfter: readField<number>(context, fireAfterField),
			lowTrafficRecovers: readField(context, lowTrafficField) === LOW_TRAFFIC.recover,
		},
		notifyOnRecovery: readField<boolean>(context, notifyOnRecoveryField),
		summaryItem: grouped && readField(context, alertItemsField) === ALERT_ITEMS.summary,
		maxRecords: grouped ? readField<number>(context, maxRecordsToReadField) : Infinity,
		chartField: grouped ? readOutput(context, 0, alertOutputField).chartField : undefined,
	};
}

/** One group of the window: its keys, its figures as a normalized item, and its rate. */
interface WindowGroup {
	key: string;
	item: IDataObject;
	sent: number;
	rate: number | null;
}

const keyOf = (values: IDataObject) => JSON.stringify(values);

/** The channel's total, from one statistics request: the one group of All Traffic. */
async function totalOfWindow(context: IPollFunctions, rule: Rule): Promise<WindowGroup[]> {
	const { items } = await readStatistics.call(context, {
		channel: rule.channel,
		statType: rule.window,
		timezone: context.getTimezone(),
	});
	const sent = items.reduce((sum, item) => sum + ((item.sent as number | null) ?? 0), 0);
	const failed = items.reduce((sum, item) => sum + ((item.failed as number | null) ?? 0), 0);
	// Window types answer with one entry; should there be more, their sum is the window.
	const item: IDataObject = items.length === 1 ? items[0] : { ...items[0], sent, failed };
	return [{ key: keyOf({}), item, sent, rate: percentage(failed, sent) }];
}

/**
 * Every delivery record of the window, newest first, folded into one count per group as the
 * pages arrive (the records are not kept), as Summarize reads them. More than Max Records to
 * Read is an error, before the read runs on without end.
 */
async function groupsOfWindow(context: IPollFunctions, rule: Rule): Promise<WindowGroup[]> {
	const timezone = context.getTimezone();
	const { start, end } = windowEndingAt(rule.window, DateTime.now().setZone(timezone));
	const fields: GroupField[] = WATCH_FIELDS[rule.watch];
	const summary = new RecordSummary({
		channel: rule.channel,
		from: start,
		to: end,
		fields,
		timezone,
		account: null,
		failureDetail: true,
	});
	let read = 0;
	const fold = (record: IDataObject) => {
		if (++read > rule.maxRecords) throw tooManyRecords(context, rule);
		summary.add(record);
	};
	const query = {
		channel: rule.channel,
		filter: {},
		sortBy: 'timestamp',
		sortDirection: 'DESC' as const,
	};
	await foldRecords({
		...recordSource.call(context, query),
		concurrency: DEFAULT_CONCURRENCY,
		fold,
		cutoff: summary.cutoff,
	});
	return summary.items().map((item) => ({
		key: keyOf(Object.fromEntries(fields.map((field) => [field, item[field] ?? null]))),
		item,
		sent: (item.sent as number | null) ?? 0,
		rate: item.failure_rate as number | null,
	}));
}

function tooManyRecords(context: IPollFunctions, rule: Rule) {
	return invalidField(
		context.getNode(),
		0,
		maxRecordsToReadField.displayName,
		`the ${rule.channel} window holds more than ${rule.maxRecords} delivery records, so the poll stopped reading`,
		`${READ_COST_HINT}. Shorten the Window, or raise Max Records to Read if the polls can afford it.`,
	);
}

/**
 * Fires once per group and per incident: a group (the channel's total, or each network or
 * country) fires when its rate has been too high for Fire After polls in a row, stays quiet
 * while it stays so, and recovers once (with an item, if asked). State is written only after
 * every request of the poll succeeded.
 */
export async function pollFailureRate(
	this: IPollFunctions,
): Promise<INodeExecutionData[][] | null> {
	const rule = readRule(this);
	const groups =
		rule.watch === 'all' ? await totalOfWindow(this, rule) : await groupsOfWindow(this, rule);
	const state = this.getWorkflowStaticData('node');
	if (this.getMode() === 'manual') {
		const stored = storedGroups(state, rule);
		return [groups.map((group) => ({ json: currentItem(group, rule, stored[group.key]) }))];
	}

	// n8n's default scheduler saves this state only when a poll emits. A recovery that emitted
	// nothing (Notify on Recovery off) is lost at a restart, so a stored "firing" not known to
	// be current is not trusted: the next rise fires, at the cost of one repeated alert when
	// n8n restarts during an incident. A recovery that was notified was saved, so with Notify
	// on Recovery the stored state is always current.
	const trusted = stateIsCurrent(this) || rule.notifyOnRecovery;
	const now = new Date(Date.now());
	const stored = storedGroups(state, rule);
	const next: Record<string, GroupState> = {};
	const changes: Array<{ group: WindowGroup; change: Change; state: GroupState }> = [];
	const step = (group: WindowGroup) => {
		const result = stepGroup(stored[group.key], group, rule.incident, { now, trusted });
		next[group.key] = result.state;
		if (result.change)
			changes.push({ group, change: result.change, state: stored[group.key] ?? result.state });
	};
	groups.forEach(step);
	// A group with no request in the window is a window below the minimum: its alert is kept
	// or ends as the user chose, and after a day it is forgotten.
	for (const key of Object.keys(stored).filter((key) => !(key in next))) {
		const item = {
			provider: 'betatel',
			channel: rule.channel,
			...(JSON.parse(key) as IDataObject),
		};
		step({ key, item: { ...item, sent: 0, failed: 0 }, sent: 0, rate: null });
	}
	state.groups = boundedGroups(next, now.getTime(), MAX_GROUPS);
	state.scope = scopeOf(rule);
	delete state.alerting;

	const items = changes
		.filter(({ change }) => change.kind === 'fired' || rule.notifyOnRecovery)
		.map(({ group, change, state: before }) => changeItem(group, change, rule, before, now));
	if (items.length === 0) return null;
	return [
		await withGroupChart(
			this,
			rule,
			groups,
			rule.summaryItem ? [summaryOf(items, rule, groups)] : items,
		),
	];
}

/** What the stored groups are of: a change of channel or Watch starts afresh. */
const scopeOf = (rule: Rule) => `${rule.channel}/${rule.watch}`;

/**
 * The stored state of each group, for the channel and Watch it was kept for. Before groups
 * existed, the channel's one alert was kept as `alerting`: All Traffic takes it up, so that
 * an alert that was firing before an upgrade does not fire again.
 */
function storedGroups(state: IDataObject, rule: Rule): Record<string, GroupState> {
	if (state.scope === undefined && typeof state.alerting === 'boolean' && rule.watch === 'all') {
		return { [keyOf({})]: { firing: state.alerting, streak: 0, seen: Date.now() } };
	}
	if (state.scope !== scopeOf(rule)) return {};
	return (state.groups ?? {}) as Record<string, GroupState>;
}

/** What the rate was compared with, as the alert item states it. */
function lineColumns(rule: Rule, state: GroupState | undefined): IDataObject {
	const { comparison, minimum } = rule.incident;
	if (comparison.kind === 'threshold') {
		return {
			threshold_percent: comparison.threshold,
			...(comparison.recoverBelow === comparison.threshold
				? {}
				: { recover_below_percent: comparison.recoverBelow }),
			minimum_requests: minimum,
		};
	}
	const usual = state?.usual;
	return {
		usual_rate_percent: usual ? Math.round(usual.rate * 100) / 100 : null,
		usual_rate_polls: usual?.polls ?? 0,
		usual_rate_factor: comparison.factor,
		floor_percent: comparison.floor,
		alert_line_percent: lineOf(comparison, state) ?? null,
		minimum_requests: minimum,
	};
}

/** A manual run: each group as it stands now, with what it would say. */
function currentItem(group: WindowGroup, rule: Rule, stored: GroupState | undefined): IDataObject {
	const { comparison, minimum } = rule.incident;
	const line = lineOf(comparison, stored);
	const verdict =
		group.rate === null || group.sent < minimum
			? 'low_volume'
			: line === undefined
				? 'learning'
				: isAbove(group.rate, comparison, line)
					? FIRED_ALERT[comparison.kind]
					: comparison.kind === 'threshold'
						? 'below_threshold'
						: 'usual';
	return { ...group.item, failure_rate: group.rate, alert: verdict, ...lineColumns(rule, stored) };
}

const FIRED_ALERT = { threshold: 'above_threshold', usualRate: 'above_usual_rate' } as const;
const RECOVERED_BY = { threshold: 'below_threshold', usualRate: 'back_to_usual_rate' } as const;

function changeItem(
	group: WindowGroup,
	change: Change,
	rule: Rule,
	before: GroupState,
	now: Date,
): IDataObject {
	const kind = rule.incident.comparison.kind;
	const base = { ...group.item, failure_rate: group.rate };
	if (change.kind === 'fired') {
		return {
			...base,
			alert: FIRED_ALERT[kind],
			...lineColumns(rule, before),
			firing_since: change.since,
		};
	}
	const minutes = change.since ? (now.getTime() - Date.parse(change.since)) / 60_000 : null;
	return {
		...base,
		alert: 'recovered',
		...lineColumns(rule, before),
		recovered_by: change.by === 'low_volume' ? 'low_volume' : RECOVERED_BY[kind],
		firing_since: change.since ?? null,
		incident_minutes: minutes === null ? null : Math.round(minutes * 10) / 10,
	};
}

const groupName = (item: IDataObject, rule: Rule) => groupLabel(item, WATCH_FIELDS[rule.watch]);

/** One item for the poll: which groups started firing and which recovered, and one message. */
function summaryOf(items: IDataObject[], rule: Rule, groups: WindowGroup[]): IDataObject {
	const started = items.filter((item) => item.alert !== 'recovered');
	const recovered = items.filter((item) => item.alert === 'recovered');
	const line = (item: IDataObject) =>
		item.alert === 'recovered'
			? `${groupName(item, rule)} recovered after ${String(item.incident_minutes)} min (${String(item.failure_rate ?? 'no traffic')} % now)`
			: `${groupName(item, rule)} failing: ${String(item.failure_rate)} % (${String(item.failed)} of ${String(item.sent)})`;
	return {
		provider: 'betatel',
		channel: rule.channel,
		alert: 'summary',
		watch: rule.watch,
		period_start: groups[0]?.item.period_start ?? null,
		period_end: groups[0]?.item.period_end ?? null,
		started_count: started.length,
		recovered_count: recovered.length,
		started,
		recovered,
		text: `${CHANNEL_NAMES[rule.channel]} failure rate by ${WATCH_FIELDS[rule.watch].join(' and ')}: ${items.map(line).join('; ')}`,
	};
}

/** With Items and Chart, the first item carries a chart of every group's sent and failed. */
async function withGroupChart(
	context: IPollFunctions,
	rule: Rule,
	groups: WindowGroup[],
	items: IDataObject[],
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = items.map((json) => ({ json }));
	if (!rule.chartField) return output;
	const plan = summaryChartPlan({
		channel: rule.channel,
		fields: WATCH_FIELDS[rule.watch],
		timezone: context.getTimezone(),
	});
	const groupItems = groups.map((group) => group.item);
	output[0].binary = (await chartBinary(context, 0, groupItems, rule.chartField, plan)).binary;
	return output;
}
