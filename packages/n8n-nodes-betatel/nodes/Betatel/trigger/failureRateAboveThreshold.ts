import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { chartBinary } from '../../shared/chart/output';
import { CHANNEL_NAMES } from '../../shared/normalize';
import {
	boundedGroups,
	mayLearn,
	stepGroup,
	type Change,
	type GroupState,
} from '../helpers/incidents';
import { groupLabel, summaryChartPlan } from '../helpers/recordSummary';
import { emptyGroup, keyOf, readAlertWindow, type AlertRead } from './alertWindow';
import { READ_COST_HINT, maxRecordsToReadField, readRule, type Rule } from './alertRule';
import type { Judgement, MeasureName, PreparedMeasure, WindowGroup } from './measures/measure';
import { stateIsCurrent } from './pollGuard';

export { failureRateFields } from './alertRule';

/** How many groups the state keeps per measure: the firing ones first, then the ones seen last. */
const MAX_GROUPS = 1000;

/** An item of this poll, with the measure it speaks of. */
interface Emitted {
	measure: PreparedMeasure;
	json: IDataObject;
}

/**
 * Fires once per group, per measure and per incident: a group (the channel's total, or each
 * network or country) fires when it has been past its line for Fire After polls in a row,
 * stays quiet while it stays so (apart from reminders), and recovers once (with an item, if
 * asked). Every measure is worked out from the poll's one read, and state is written only
 * after every request of the poll succeeded.
 */
export async function pollFailureRate(
	this: IPollFunctions,
): Promise<INodeExecutionData[][] | null> {
	const rule = readRule(this);
	const state = this.getWorkflowStaticData('node');
	const read = await readAlertWindow(this, {
		channel: rule.channel,
		fields: rule.fields,
		window: rule.window,
		maxRecords: rule.maxRecords,
		measures: rule.measures,
		keptUsualTraffic: state.usualTraffic,
		tooMany: { field: maxRecordsToReadField.displayName, hint: READ_COST_HINT },
	});
	if (this.getMode() === 'manual') return [manualItems(state, rule, read)];

	// n8n's default scheduler saves this state only when a poll emits. A recovery that emitted
	// nothing (Notify on Recovery off) is lost at a restart, so a stored "firing" not known to
	// be current is not trusted: the next rise fires, at the cost of one repeated alert when
	// n8n restarts during an incident. A recovery that was notified was saved, so with Notify
	// on Recovery the stored state is always current.
	const trusted = stateIsCurrent(this) || rule.notifyOnRecovery;
	const now = new Date(Date.now());
	const next: Partial<Record<MeasureName, Record<string, GroupState>>> = {};
	const emitted: Emitted[] = [];
	for (const measure of rule.measures) {
		const stepped = stepMeasure(measure, read, storedGroups(state, rule, measure.name), rule, {
			now,
			trusted,
		});
		const { kept, forgottenFiring } = boundedGroups(stepped.next, now.getTime(), MAX_GROUPS);
		next[measure.name] = kept;
		emitted.push(...stepped.emitted);
		if (rule.notifyOnRecovery)
			emitted.push(
				...forgottenFiring.map((key) =>
					noDataRecovery(measure, key, stepped.next[key], rule, read, now),
				),
			);
	}
	saveState(state, rule, next, read);

	if (emitted.length === 0) return null;
	const items = rule.summaryItem ? [summaryOf(emitted, rule, read.groups)] : emitted.map(toJson);
	return [await withGroupChart(this, rule, read.groups, items)];
}

const toJson = ({ json }: Emitted) => json;

/** One measure over every group of the window, and over the stored groups it no longer holds. */
function stepMeasure(
	measure: PreparedMeasure,
	read: AlertRead,
	stored: Record<string, GroupState>,
	rule: Rule,
	clock: { now: Date; trusted: boolean },
): { next: Record<string, GroupState>; emitted: Emitted[] } {
	const next: Record<string, GroupState> = {};
	const emitted: Emitted[] = [];
	const step = (group: WindowGroup) => {
		const before = stored[group.key];
		const judgement = measure.judge(group, before, read.facts);
		const result = stepGroup(before, judgement.verdict, rule.incident, clock);
		if (judgement.learn && mayLearn(result.state, result.change)) judgement.learn(result.state);
		next[group.key] = result.state;
		const { change } = result;
		if (change && (change.kind === 'fired' || rule.notifyOnRecovery || change.kind === 'reminder'))
			emitted.push({ measure, json: changeItem(measure, judgement, change, rule, clock.now) });
	};
	read.groups.forEach(step);
	// A group with no message in the window: a rate below the minimum, whose alert is kept or
	// ends as the user chose; a traffic of zero, which is what a traffic drop looks for.
	for (const key of Object.keys(stored).filter((key) => !(key in next))) {
		step(emptyGroup(rule.channel, key));
	}
	return { next, emitted };
}

/**
 * A firing group forgotten after a day with no message: its incident ends for want of data,
 * and is said to, so that it does not stay open downstream.
 */
function noDataRecovery(
	measure: PreparedMeasure,
	key: string,
	state: GroupState,
	rule: Rule,
	read: AlertRead,
	now: Date,
): Emitted {
	const judgement = measure.judge(emptyGroup(rule.channel, key), state, read.facts);
	const change: Change = { kind: 'recovered', since: state.since, by: 'no_data' };
	return { measure, json: changeItem(measure, judgement, change, rule, now) };
}

/** What the stored groups are of: a change of channel or Watch starts afresh. */
const scopeOf = (rule: Rule) => `${rule.channel}/${rule.watch}`;

/**
 * The stored state of each group, for the channel and Watch it was kept for. The failure rate
 * keeps its groups in `groups`, where they were before the other measures came; before
 * groups existed, the channel's one alert was kept as `alerting`: All Traffic takes it up, so
 * that an alert that was firing before an upgrade does not fire again.
 */
function storedGroups(
	state: IDataObject,
	rule: Rule,
	measure: MeasureName,
): Record<string, GroupState> {
	if (
		measure === 'failureRate' &&
		state.scope === undefined &&
		typeof state.alerting === 'boolean' &&
		rule.watch === 'all'
	) {
		return { [keyOf({})]: { firing: state.alerting, streak: 0, seen: Date.now() } };
	}
	if (state.scope !== scopeOf(rule)) return {};
	const kept =
		measure === 'failureRate' ? state.groups : (state.measures as IDataObject)?.[measure];
	return (kept ?? {}) as Record<string, GroupState>;
}

function saveState(
	state: IDataObject,
	rule: Rule,
	next: Partial<Record<MeasureName, Record<string, GroupState>>>,
	read: AlertRead,
): void {
	const { failureRate, ...others } = next;
	state.groups = failureRate ?? {};
	if (Object.keys(others).length) state.measures = others;
	else delete state.measures;
	if (read.usualTraffic) state.usualTraffic = read.usualTraffic;
	else delete state.usualTraffic;
	state.scope = scopeOf(rule);
	delete state.alerting;
}

/**
 * Items of the new measures say which one they are; a trigger that watches the failure rate
 * alone emits it as it always did.
 */
const measureColumn = (measure: PreparedMeasure, rule: Rule): IDataObject =>
	measure.name === 'failureRate' && rule.measures.length === 1 ? {} : { measure: measure.column };

/**
 * The columns a reader looks for first lead the item: the group's keys, what the alert says
 * and of which measure. In n8n's table they came some 20 columns after the first.
 */
function itemHead(
	measure: PreparedMeasure,
	judgement: Judgement,
	rule: Rule,
	alert: string,
): IDataObject {
	const keys = rule.fields.map((field) => [field, judgement.item[field] ?? null]);
	return {
		...Object.fromEntries(keys),
		alert,
		...measureColumn(measure, rule),
		...judgement.item,
	};
}

/** A manual run: each group as it stands now on each measure, with what it would say. */
function manualItems(state: IDataObject, rule: Rule, read: AlertRead): INodeExecutionData[] {
	return rule.measures.flatMap((measure) => {
		const stored = storedGroups(state, rule, measure.name);
		return read.groups.map((group) => {
			const judgement = measure.judge(group, stored[group.key], read.facts);
			return {
				json: { ...itemHead(measure, judgement, rule, judgement.standing), ...judgement.lines },
			};
		});
	});
}

const minutesSince = (since: string | undefined, now: Date) => {
	const minutes = since ? (now.getTime() - Date.parse(since)) / 60_000 : null;
	return minutes === null ? null : Math.round(minutes * 10) / 10;
};

function changeItem(
	measure: PreparedMeasure,
	judgement: Judgement,
	change: Change,
	rule: Rule,
	now: Date,
): IDataObject {
	const head = (alert: string) => itemHead(measure, judgement, rule, alert);
	if (change.kind === 'fired') {
		return { ...head(measure.firedAlert), ...judgement.lines, firing_since: change.since };
	}
	if (change.kind === 'reminder') {
		return {
			...head('reminder'),
			...judgement.lines,
			firing_since: change.since ?? null,
			incident_minutes: minutesSince(change.since, now),
		};
	}
	return {
		...head('recovered'),
		...judgement.lines,
		recovered_by: change.by === 'below_line' ? measure.recoveredBy : change.by,
		firing_since: change.since ?? null,
		incident_minutes: minutesSince(change.since, now),
	};
}

/** One item for the poll: which groups started firing, which recovered, and one message. */
function summaryOf(emitted: Emitted[], rule: Rule, groups: WindowGroup[]): IDataObject {
	const withAlert = (alert: string) => emitted.filter(({ json }) => json.alert === alert);
	const recovered = withAlert('recovered');
	const reminded = withAlert('reminder');
	const started = emitted.filter(
		({ json }) => json.alert !== 'recovered' && json.alert !== 'reminder',
	);
	const line = ({ measure, json }: Emitted) => {
		const label = groupLabel(json, rule.fields);
		if (json.alert === 'recovered')
			return `${label} recovered after ${String(json.incident_minutes)} min (${measure.describeNow(json)})`;
		if (json.alert === 'reminder')
			return `${label} still ${measure.describe(json)}, for ${String(json.incident_minutes)} min`;
		return `${label} ${measure.describe(json)}`;
	};
	const subject =
		rule.measures.length === 1 && rule.measures[0].name === 'failureRate'
			? 'failure rate'
			: 'delivery alerts';
	return {
		provider: 'betatel',
		channel: rule.channel,
		alert: 'summary',
		watch: rule.watch,
		period_start: groups[0]?.current.period_start ?? null,
		period_end: groups[0]?.current.period_end ?? null,
		started_count: started.length,
		recovered_count: recovered.length,
		started: started.map(toJson),
		recovered: recovered.map(toJson),
		...(rule.incident.remindEveryMs > 0
			? { reminded_count: reminded.length, reminded: reminded.map(toJson) }
			: {}),
		text: `${CHANNEL_NAMES[rule.channel]} ${subject} by ${rule.fields.join(' and ')}: ${emitted.map(line).join('; ')}`,
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
		fields: rule.fields,
		timezone: context.getTimezone(),
	});
	const readsCurrent = rule.measures.some((measure) => measure.reads === 'current');
	const groupItems = groups.map((group) => (readsCurrent ? group.current : group.aged));
	output[0].binary = (await chartBinary(context, 0, groupItems, rule.chartField, plan)).binary;
	return output;
}
