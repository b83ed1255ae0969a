/**
 * One alert per group and per incident, the way Prometheus and Datadog multi-alerts work: a
 * group fires once when it has been past its line for Fire After polls in a row, stays quiet
 * while the incident lasts (apart from a reminder, if asked), and recovers once, at or inside
 * its recovery line. The same for every measure: a measure only says, poll by poll, where the
 * group stands (its Verdict). Pure: the trigger hands in each group's verdict and stored
 * state, and saves what comes out.
 */

export interface IncidentRule {
	/** Polls in a row that must be past the line before the alert fires. */
	fireAfter: number;
	/** Whether a window below Minimum Requests ends an ongoing incident. */
	lowTrafficRecovers: boolean;
	/** While an incident lasts, a reminder at most this often; 0 for none. */
	remindEveryMs: number;
}

/** Where a group stands at one poll, as its measure judged the window. */
export interface Verdict {
	/** Past the alert line. */
	above: boolean;
	/** At or inside the recovery line. */
	recovered: boolean;
	/**
	 * Too few messages in the window to judge (Minimum Requests): neither fires nor recovers,
	 * unless a quiet window is to end the incident.
	 */
	lowVolume: boolean;
	/** Whether the group had a message in the window: one with none for a day is forgotten. */
	active: boolean;
}

export interface GroupState {
	firing: boolean;
	/** When the alert of the ongoing incident fired (ISO 8601). */
	since?: string;
	/** When the last reminder of the ongoing incident went out (ISO 8601). */
	remindedAt?: string;
	/** Polls in a row past the line, up to the one that fired. */
	streak: number;
	/** When the group last had a message in the window (ms). */
	seen: number;
	/** Polls in a row that looked like an incident while the group was learning. */
	outliers?: number;
	/**
	 * What the group usually does, learned from its quiet polls, and how many polls it holds:
	 * its failure rate (%) for the usual-rate line, its share of the channel's traffic (%) for
	 * the traffic drop.
	 */
	usual?: { rate: number; polls: number };
}

/**
 * Polls with enough traffic that a usual figure must hold before it is trusted. Until then
 * the group learns and never fires on it.
 */
export const LEARNING_POLLS = 12;

/** Polls after which what is learned so far can tell an outlier, though not yet fire. */
export const OUTLIER_AFTER_POLLS = 3;

/**
 * The usual figure is the mean of the first polls, then a moving average that gives each new
 * poll this weight: the last 20 or so polls count, so a slow drift is followed while one odd
 * poll moves it by a twentieth.
 */
const MOVING_AVERAGE_POLLS = 20;

/** A group with no message for a day is forgotten: its state stays bounded. */
export const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

export type Change =
	| { kind: 'fired'; since: string }
	| {
			kind: 'recovered';
			since: string | undefined;
			by: 'below_line' | 'low_volume' | 'no_data';
	  }
	| { kind: 'reminder'; since: string | undefined };

/** The usual figure, once learned over `afterPolls` polls. */
export function usualOf(
	state: GroupState | undefined,
	afterPolls = LEARNING_POLLS,
): number | undefined {
	const usual = state?.usual;
	return usual && usual.polls >= afterPolls ? usual.rate : undefined;
}

/** Takes one quiet poll's figure into the group's usual figure. */
export function learnUsual(state: GroupState, figure: number): void {
	const polls = (state.usual?.polls ?? 0) + 1;
	const previous = state.usual?.rate ?? figure;
	const weight = 1 / Math.min(polls, MOVING_AVERAGE_POLLS);
	state.usual = { rate: previous + (figure - previous) * weight, polls };
}

/**
 * Outlier polls in a row after which, while a group learns, they are taken as what it usually
 * does: a group high from the first polls on is not an incident that lasts for ever, and left
 * out for good it would never finish learning, so never fire.
 */
export const OUTLIER_RUN = 6;

/**
 * Takes a quiet poll's figure into the group's usual figure, unless it looks like an incident
 * against what is learned so far: those are left out, up to OUTLIER_RUN in a row.
 */
export function learnUnlessOutlier(state: GroupState, figure: number, outlier: boolean): void {
	const run = (state.outliers ?? 0) + 1;
	if (outlier && run < OUTLIER_RUN) {
		state.outliers = run;
		return;
	}
	delete state.outliers;
	learnUsual(state, figure);
}

/** Whether the group is quiet at this poll, so that what it usually does may be learned from it. */
export const mayLearn = (state: GroupState, change: Change | undefined): boolean =>
	change === undefined && !state.firing && state.streak === 0;

function reminderDue(state: GroupState, rule: IncidentRule, nowMs: number): boolean {
	if (rule.remindEveryMs <= 0 || !state.firing) return false;
	const last = Date.parse(state.remindedAt ?? state.since ?? '');
	return Number.isFinite(last) && nowMs - last >= rule.remindEveryMs;
}

/**
 * One poll of one group: its next state, and the alert, recovery or reminder it gives, if
 * any. `trusted` says whether a stored "firing" is known to be current (see pollGuard's
 * stateIsCurrent): a firing state that is not is not believed, so the group fires again.
 */
export function stepGroup(
	previous: GroupState | undefined,
	verdict: Verdict,
	rule: IncidentRule,
	context: { now: Date; trusted: boolean },
): { state: GroupState; change?: Change } {
	const nowMs = context.now.getTime();
	const state: GroupState = previous
		? { ...previous, usual: previous.usual && { ...previous.usual } }
		: { firing: false, streak: 0, seen: nowMs };
	if (verdict.active) state.seen = nowMs;
	const above = !verdict.lowVolume && verdict.above;
	const wasFiring = state.firing && context.trusted;
	state.streak = above ? state.streak + 1 : 0;

	if (above && !wasFiring && state.streak >= rule.fireAfter) {
		state.firing = true;
		state.since = context.now.toISOString();
		delete state.remindedAt;
		return { state, change: { kind: 'fired', since: state.since } };
	}
	const backBelow = !verdict.lowVolume && verdict.recovered;
	if (state.firing && (backBelow || (verdict.lowVolume && rule.lowTrafficRecovers))) {
		const since = state.since;
		state.firing = false;
		delete state.since;
		delete state.remindedAt;
		return {
			state,
			change: { kind: 'recovered', since, by: backBelow ? 'below_line' : 'low_volume' },
		};
	}
	if (wasFiring && reminderDue(state, rule, nowMs)) {
		state.remindedAt = context.now.toISOString();
		return { state, change: { kind: 'reminder', since: state.since } };
	}
	return { state };
}

/**
 * What the state keeps of the groups: those unseen for a day are forgotten (a firing one with
 * them, which the caller reports as recovered for want of data); of the rest, every firing
 * group, so that it cannot fire again until it recovered, and the `cap` seen last of the others.
 */
export function boundedGroups(
	groups: Record<string, GroupState>,
	nowMs: number,
	cap: number,
): { kept: Record<string, GroupState>; forgottenFiring: string[] } {
	const entries = Object.entries(groups);
	const recent = entries.filter(([, state]) => nowMs - state.seen < FORGET_AFTER_MS);
	const forgottenFiring = entries
		.filter(([, state]) => state.firing && nowMs - state.seen >= FORGET_AFTER_MS)
		.map(([key]) => key);
	const quiet = recent
		.filter(([, state]) => !state.firing)
		.sort(([, a], [, b]) => b.seen - a.seen)
		.slice(0, cap);
	return {
		kept: Object.fromEntries([...recent.filter(([, state]) => state.firing), ...quiet]),
		forgottenFiring,
	};
}
