/**
 * One alert per group and per incident, the way Prometheus and Datadog multi-alerts work: a
 * group fires once when its failure rate has been too high for Fire After polls in a row,
 * stays quiet while the incident lasts, and recovers once, at or under its recovery line.
 * Pure: the trigger hands in each group's figures and stored state, and saves what comes out.
 */

/** How a group's rate is judged: against a fixed line, or against its own usual rate. */
export type Comparison =
	| { kind: 'threshold'; threshold: number; recoverBelow: number }
	| { kind: 'usualRate'; factor: number; floor: number };

export interface IncidentRule {
	comparison: Comparison;
	/** Below this many requests in the window, a group neither fires nor learns. */
	minimum: number;
	/** Polls in a row that must be above the line before the alert fires. */
	fireAfter: number;
	/** Whether a window below the minimum ends an ongoing incident. */
	lowTrafficRecovers: boolean;
}

export interface GroupState {
	firing: boolean;
	/** When the alert of the ongoing incident fired (ISO 8601). */
	since?: string;
	/** Polls in a row above the line, up to the one that fired. */
	streak: number;
	/** When the group last had a request in the window (ms). */
	seen: number;
	/** The rate learned from the group's polls outside incidents, and how many polls it holds. */
	usual?: { rate: number; polls: number };
}

/** Polls after which what is learned so far can tell an outlier, though not yet fire. */
const OUTLIER_AFTER_POLLS = 3;

/**
 * Polls with Minimum Requests that the usual rate must hold before it is trusted. Until then
 * the group learns and never fires in the usual-rate mode.
 */
export const LEARNING_POLLS = 12;

/**
 * The usual rate is the mean of the first polls, then a moving average that gives each new
 * poll this weight: the last 20 or so polls count, so a slow drift is followed while one
 * odd poll moves it by a twentieth.
 */
const MOVING_AVERAGE_POLLS = 20;

/** A group with no request for a day is forgotten: its state stays bounded. */
export const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

export type Change =
	| { kind: 'fired'; since: string }
	| { kind: 'recovered'; since: string | undefined; by: 'below_line' | 'low_volume' };

export interface Figures {
	sent: number;
	/** The failure rate in percent; null with nothing sent. */
	rate: number | null;
}

/**
 * The rate above which the group is failing, if it can be said yet: with the usual rate, once
 * `afterPolls` polls are learned (LEARNING_POLLS to fire; fewer to tell an outlier while learning).
 */
export function lineOf(
	comparison: Comparison,
	state: GroupState | undefined,
	afterPolls = LEARNING_POLLS,
): number | undefined {
	if (comparison.kind === 'threshold') return comparison.threshold;
	const usual = state?.usual;
	if (!usual || usual.polls < afterPolls) return undefined;
	return Math.max(comparison.floor, usual.rate * comparison.factor);
}

/** Whether a rate is over the group's line: a fixed threshold, or N times its usual rate. */
export function isAbove(rate: number, comparison: Comparison, line: number | undefined): boolean {
	if (line === undefined) return false;
	// A fixed threshold is crossed when the rate goes above it; "N times the usual" is reached
	// at N times, and the floor must be passed.
	return comparison.kind === 'threshold' ? rate > line : rate >= line && rate > comparison.floor;
}

function isBackBelow(rate: number, comparison: Comparison, line: number | undefined): boolean {
	if (comparison.kind === 'threshold') return rate <= comparison.recoverBelow;
	return !isAbove(rate, comparison, line);
}

function learn(state: GroupState, rate: number): void {
	const polls = (state.usual?.polls ?? 0) + 1;
	const previous = state.usual?.rate ?? rate;
	const weight = 1 / Math.min(polls, MOVING_AVERAGE_POLLS);
	state.usual = { rate: previous + (rate - previous) * weight, polls };
}

/**
 * One poll of one group: its next state, and the alert or recovery it gives, if any.
 * `trusted` says whether a stored "firing" is known to be current (see pollGuard's
 * stateIsCurrent): a firing state that is not is not believed, so the group fires again.
 */
export function stepGroup(
	previous: GroupState | undefined,
	figures: Figures,
	rule: IncidentRule,
	context: { now: Date; trusted: boolean },
): { state: GroupState; change?: Change } {
	const nowMs = context.now.getTime();
	const state: GroupState = previous
		? { ...previous, usual: previous.usual && { ...previous.usual } }
		: { firing: false, streak: 0, seen: nowMs };
	if (figures.sent > 0) state.seen = nowMs;
	const { comparison } = rule;
	const line = lineOf(comparison, state);
	const lowVolume = figures.rate === null || figures.sent < rule.minimum;
	const above = !lowVolume && isAbove(figures.rate!, comparison, line);
	const wasFiring = state.firing && context.trusted;
	state.streak = above ? state.streak + 1 : 0;

	if (above && !wasFiring && state.streak >= rule.fireAfter) {
		state.firing = true;
		state.since = context.now.toISOString();
		return { state, change: { kind: 'fired', since: state.since } };
	}
	const backBelow = !lowVolume && isBackBelow(figures.rate!, comparison, line);
	if (state.firing && (backBelow || (lowVolume && rule.lowTrafficRecovers))) {
		const since = state.since;
		state.firing = false;
		delete state.since;
		return {
			state,
			change: { kind: 'recovered', since, by: backBelow ? 'below_line' : 'low_volume' },
		};
	}
	// What the group usually does is learned from its quiet polls only: an incident, or the
	// polls that lead up to one, must not raise the rate it is compared with. While it learns,
	// a poll that already looks like an incident against what is learned so far is left out.
	if (
		comparison.kind === 'usualRate' &&
		!lowVolume &&
		!state.firing &&
		state.streak === 0 &&
		!isAbove(figures.rate!, comparison, lineOf(comparison, state, OUTLIER_AFTER_POLLS))
	)
		learn(state, figures.rate!);
	return { state };
}

/** Groups unseen for a day are forgotten, and at most `cap` are kept: firing ones first. */
export function boundedGroups(
	groups: Record<string, GroupState>,
	nowMs: number,
	cap: number,
): Record<string, GroupState> {
	const kept = Object.entries(groups)
		.filter(([, state]) => nowMs - state.seen < FORGET_AFTER_MS)
		.sort(([, a], [, b]) => Number(b.firing) - Number(a.firing) || b.seen - a.seen)
		.slice(0, cap);
	return Object.fromEntries(kept);
}
