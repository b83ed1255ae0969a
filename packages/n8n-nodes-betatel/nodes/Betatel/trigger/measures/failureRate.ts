import type { IDataObject, INodeProperties, IPollFunctions } from 'n8n-workflow';

import { readField } from '../../../shared/parameters';
import { invalidField } from '../../../shared/validation';
import {
	learnUnlessOutlier,
	OUTLIER_AFTER_POLLS,
	usualOf,
	type GroupState,
} from '../../helpers/incidents';
import { countOf, EVENT_VALUE, type CommonSettings, type Judgement, type Measure } from './measure';

/** How a group's failure rate is judged: against a fixed line, or against its own usual rate. */
type Comparison =
	| { kind: 'threshold'; threshold: number; recoverBelow: number }
	| { kind: 'usualRate'; factor: number; floor: number };

const COMPARE = { threshold: 'threshold', usualRate: 'usualRate' } as const;

// Shown whatever Alert On holds: version 1 recorded these conditions, and the node-version
// lock keeps them. They speak of the failure rate only, as their descriptions say.
const ON_FAILURE_RATE = { show: { event: [EVENT_VALUE] } };
const ON_THRESHOLD = { show: { ...ON_FAILURE_RATE.show, compareWith: [COMPARE.threshold] } };
const ON_USUAL_RATE = { show: { ...ON_FAILURE_RATE.show, compareWith: [COMPARE.usualRate] } };

const compareWithField: INodeProperties = {
	displayName: 'Compared With',
	name: 'compareWith',
	description: 'What the failure rate is judged against (with Failure Rate in Alert On)',
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
	displayOptions: ON_FAILURE_RATE,
};

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

/**
 * The rate above which the group is failing, if it can be said yet: with the usual rate, once
 * `afterPolls` polls are learned (LEARNING_POLLS to fire; fewer to tell an outlier while learning).
 */
function lineOf(
	comparison: Comparison,
	state: GroupState | undefined,
	afterPolls?: number,
): number | undefined {
	if (comparison.kind === 'threshold') return comparison.threshold;
	const usual = usualOf(state, afterPolls);
	return usual === undefined ? undefined : Math.max(comparison.floor, usual * comparison.factor);
}

/** Whether a rate is over the group's line: a fixed threshold, or N times its usual rate. */
function isAbove(rate: number, comparison: Comparison, line: number | undefined): boolean {
	if (line === undefined) return false;
	// A fixed threshold is crossed when the rate goes above it; "N times the usual" is reached
	// at N times, and the floor must be passed.
	return comparison.kind === 'threshold' ? rate > line : rate >= line && rate > comparison.floor;
}

/** What the rate was compared with, as the alert item states it. */
function lineColumns(
	comparison: Comparison,
	minimum: number,
	state: GroupState | undefined,
): IDataObject {
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

const FIRED_ALERT = { threshold: 'above_threshold', usualRate: 'above_usual_rate' } as const;
const RECOVERED_BY = { threshold: 'below_threshold', usualRate: 'back_to_usual_rate' } as const;
const QUIET = { threshold: 'below_threshold', usualRate: 'usual' } as const;

function judgeRate(
	comparison: Comparison,
	common: CommonSettings,
	item: IDataObject,
	stored: GroupState | undefined,
): Judgement {
	const rate = (item.failure_rate ?? null) as number | null;
	const sent = countOf(item, 'sent');
	const line = lineOf(comparison, stored);
	const lowVolume = rate === null || sent < common.minimum;
	const above = !lowVolume && isAbove(rate, comparison, line);
	const recovered =
		!lowVolume && (comparison.kind === 'threshold' ? rate <= comparison.recoverBelow : !above);
	// What the group usually fails is learned from its quiet polls only; while it learns, a
	// poll that already looks like an incident against what is learned so far is left out
	// (up to OUTLIER_RUN in a row).
	const learns = comparison.kind === 'usualRate' && !lowVolume;
	const outlier =
		learns && isAbove(rate, comparison, lineOf(comparison, stored, OUTLIER_AFTER_POLLS));
	return {
		verdict: { above, recovered, lowVolume, active: sent > 0 },
		item: { ...item, failure_rate: rate },
		lines: lineColumns(comparison, common.minimum, stored),
		standing: lowVolume
			? 'low_volume'
			: line === undefined
				? 'learning'
				: above
					? FIRED_ALERT[comparison.kind]
					: QUIET[comparison.kind],
		learn: learns ? (state) => learnUnlessOutlier(state, rate, outlier) : undefined,
	};
}

export const failureRate: Measure = {
	name: 'failureRate',
	option: {
		name: 'Failure Rate',
		value: 'failureRate',
		description: 'The share of messages FAILED or EXPIRED in the window',
	},
	fields: [compareWithField, thresholdField, factorField, floorField],
	prepare(context, common) {
		const comparison = readComparison(context);
		return {
			name: 'failureRate',
			column: 'failure_rate',
			reads: 'current',
			graceMs: 0,
			needsUsualTraffic: false,
			judge: (group, stored) => judgeRate(comparison, common, group.current, stored),
			firedAlert: FIRED_ALERT[comparison.kind],
			recoveredBy: RECOVERED_BY[comparison.kind],
			describe: (item) =>
				`failing: ${String(item.failure_rate)} % (${String(item.failed)} of ${String(item.sent)})`,
			describeNow: (item) => `${String(item.failure_rate ?? 'no traffic')} % now`,
		};
	},
};

/** Failure rate's Options collection, which comes last among the event's fields. */
export const failureRateOptionsField = optionsField;
