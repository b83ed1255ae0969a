import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { readField } from '../../../shared/parameters';
import {
	learnUnlessOutlier,
	OUTLIER_AFTER_POLLS,
	usualOf,
	type GroupState,
} from '../../helpers/incidents';
import {
	countOf,
	onMeasure,
	readLines,
	type Judgement,
	type PollFacts,
	type WindowGroup,
	type Measure,
} from './measure';

const ON_TRAFFIC = onMeasure('trafficDrop');

const belowField: INodeProperties = {
	displayName: 'Traffic Below (% of Usual)',
	name: 'trafficBelowPercent',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 1 },
	default: 30,
	description:
		'Fire when the window holds fewer messages than this share of what the group usually sends at this time of day; 0 messages always counts',
	displayOptions: ON_TRAFFIC,
};

const recoverField: INodeProperties = {
	displayName: 'Traffic Recovers At (% of Usual)',
	name: 'trafficRecoverPercent',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 1000, numberPrecision: 1 },
	default: 60,
	description:
		'A firing alert recovers once the traffic is back at or above this share of the usual',
	displayOptions: ON_TRAFFIC,
};

const minimumUsualField: INodeProperties = {
	displayName: 'Minimum Usual Messages',
	name: 'minimumUsualMessages',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 20,
	description:
		'Judge the traffic only where the group usually sends at least this many messages in the window: one that sends one message an hour does not page when it sends none',
	displayOptions: ON_TRAFFIC,
};

interface TrafficSettings {
	below: number;
	recoverAt: number;
	minimumUsual: number;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/**
 * What the group usually sends in the window: the channel's usual count at this time of day,
 * from the hourly statistics; for a group, times its usual share of the channel, learned from
 * the polls (undefined while it learns).
 */
function usualCount(facts: PollFacts, stored: GroupState | undefined): number | undefined {
	if (facts.usualChannelCount === undefined) return undefined;
	if (!facts.grouped) return facts.usualChannelCount;
	const share = usualOf(stored);
	return share === undefined ? undefined : (share / 100) * facts.usualChannelCount;
}

/**
 * A group's share of the channel is learned from the polls where the channel sent enough to
 * tell, outside its incidents, and (after a few polls) not from a poll that already looks
 * like a drop, up to OUTLIER_RUN in a row.
 */
function shareLearner(
	settings: TrafficSettings,
	facts: PollFacts,
	sent: number,
	stored: GroupState | undefined,
): ((state: GroupState) => void) | undefined {
	if (!facts.grouped || facts.channelCount < settings.minimumUsual) return undefined;
	const share = (sent / facts.channelCount) * 100;
	const learned = usualOf(stored, OUTLIER_AFTER_POLLS);
	const outlier = learned !== undefined && share < (learned * settings.below) / 100;
	return (state) => learnUnlessOutlier(state, share, outlier);
}

function judgeTraffic(
	settings: TrafficSettings,
	group: WindowGroup,
	stored: GroupState | undefined,
	facts: PollFacts,
): Judgement {
	const sent = countOf(group.current, 'sent');
	const usual = usualCount(facts, stored);
	const judged = usual !== undefined && usual >= settings.minimumUsual;
	const percent = usual ? (sent / usual) * 100 : null;
	const above = judged && percent! < settings.below;
	return {
		verdict: {
			above,
			recovered: judged && percent! >= settings.recoverAt,
			lowVolume: false,
			active: sent > 0,
		},
		item: {
			...group.current,
			sent,
			usual_count: usual === undefined ? null : round1(usual),
			traffic_percent_of_usual: percent === null ? null : round1(percent),
		},
		lines: {
			traffic_below_percent: settings.below,
			traffic_recover_percent: settings.recoverAt,
			minimum_usual_messages: settings.minimumUsual,
			...(facts.grouped
				? {
						usual_share_percent: stored?.usual ? round1(stored.usual.rate) : null,
						usual_share_polls: stored?.usual?.polls ?? 0,
					}
				: {}),
		},
		standing:
			usual === undefined
				? 'learning'
				: !judged
					? 'low_volume'
					: above
						? 'traffic_below_usual'
						: 'usual',
		learn: shareLearner(settings, facts, sent, stored),
	};
}

export const trafficDrop: Measure = {
	name: 'trafficDrop',
	option: {
		name: 'Traffic Drop',
		value: 'trafficDrop',
		description:
			'Fewer messages than usual at this time of day, down to none: a blocked template, a suspended sender, a broken integration',
	},
	fields: [belowField, recoverField, minimumUsualField],
	prepare(context) {
		const { line: below, recoverAt } = readLines(context, belowField, recoverField, 'below');
		const settings: TrafficSettings = {
			below,
			recoverAt,
			minimumUsual: readField<number>(context, minimumUsualField),
		};
		return {
			name: 'trafficDrop',
			column: 'traffic_drop',
			reads: 'current',
			graceMs: 0,
			needsUsualTraffic: true,
			judge: (group, stored, facts) => judgeTraffic(settings, group, stored, facts),
			firedAlert: 'traffic_below_usual',
			recoveredBy: 'back_to_usual_traffic',
			describe: (item: IDataObject) =>
				`traffic down: ${String(item.sent)} messages where ${String(item.usual_count)} are usual (${String(item.traffic_percent_of_usual)} %)`,
			describeNow: (item: IDataObject) => `${String(item.sent)} messages now`,
		};
	},
};
