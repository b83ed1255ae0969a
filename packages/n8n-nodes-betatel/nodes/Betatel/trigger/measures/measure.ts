import type {
	IDataObject,
	IDisplayOptions,
	INodeProperties,
	INodePropertyOptions,
	IPollFunctions,
} from 'n8n-workflow';

import type { Channel } from '../../../shared/normalize';
import { readField } from '../../../shared/parameters';
import { invalidField } from '../../../shared/validation';
import type { GroupState, Verdict } from '../../helpers/incidents';
import type { GroupField } from '../../helpers/recordSummary';

/*
 * A measure is what an alert watches in each group: the failure rate, the undelivered rate,
 * the delivery time, the traffic. Each is one module: its fields, what it takes from the
 * poll's one read, its figure and its lines. The incident engine (helpers/incidents.ts)
 * turns its verdicts into one alert per incident, the same for every measure.
 */

export const MEASURE_NAMES = [
	'failureRate',
	'undeliveredRate',
	'deliveryTime',
	'trafficDrop',
] as const;
export type MeasureName = (typeof MEASURE_NAMES)[number];

export const EVENT_VALUE = 'failureRateAboveThreshold';

/** Shown for the alert event when `measure` is among those watched. */
export const onMeasure = (
	measure: MeasureName,
	more: IDisplayOptions['show'] = {},
): IDisplayOptions => ({
	show: { event: [EVENT_VALUE], measures: [measure], ...more },
});

/** The window a measure judges: the poll's own, or the one shifted back by the grace. */
export type WindowKind = 'current' | 'aged';

/** One group of the poll, as the one read found it. */
export interface WindowGroup {
	key: string;
	/** The group's normalized item for the poll's window (the statistics total for All Traffic). */
	current: IDataObject;
	/** Its item for the window shifted back by the grace, with the undelivered columns. */
	aged: IDataObject;
}

/** What a measure knows of the poll beyond its own group. */
export interface PollFacts {
	grouped: boolean;
	/** Messages the channel usually sends in such a window at this time of day, if read. */
	usualChannelCount?: number;
	/** Messages the channel sent in the window: the sum of its groups. */
	channelCount: number;
}

/** The settings every measure shares. */
export interface CommonSettings {
	channel: Channel;
	grouped: boolean;
	fields: GroupField[];
	/** Below this many messages in the window a rate or a delivery time is not judged. */
	minimum: number;
}

/** Where one group stands on one measure at this poll. */
export interface Judgement {
	verdict: Verdict;
	/** The group's figures and this measure's figure: what every item of it starts from. */
	item: IDataObject;
	/** The lines it was judged against, as the items state them. */
	lines: IDataObject;
	/** What a manual run says of it: above a line, under it, too little traffic, learning. */
	standing: string;
	/** Takes this poll into what the group usually does, when the engine found it quiet. */
	learn?: (state: GroupState) => void;
}

/** A measure with its settings read: what the poll loop calls. */
export interface PreparedMeasure {
	name: MeasureName;
	/** Its `measure` column in the items. */
	column: string;
	reads: WindowKind;
	/** The grace it shifts its window back by, in ms (0 for the poll's own window). */
	graceMs: number;
	/** For a delivery time, the quantile (0–1) the window's read must find. */
	quantile?: number;
	/** Whether it needs the channel's usual traffic by hour. */
	needsUsualTraffic: boolean;
	judge(group: WindowGroup, stored: GroupState | undefined, facts: PollFacts): Judgement;
	/** The `alert` of its firing item, and the `recovered_by` of a recovery at its line. */
	firedAlert: string;
	recoveredBy: string;
	/** One line of a summary message: what fired, or what the figure is now. */
	describe(item: IDataObject): string;
	describeNow(item: IDataObject): string;
}

export interface Measure {
	name: MeasureName;
	option: INodePropertyOptions;
	fields: INodeProperties[];
	/** Reads and checks the measure's fields, before any request is sent. */
	prepare(context: IPollFunctions, common: CommonSettings): PreparedMeasure;
}

/** The group's own figure or 0: a group absent from the window has sent nothing. */
export const countOf = (item: IDataObject, column: string): number =>
	typeof item[column] === 'number' ? (item[column] as number) : 0;

/** A group's figures of the shifted window without the delivery-time working columns. */
export function agedFigures(item: IDataObject): IDataObject {
	const figures = { ...item };
	delete figures.delivery_time_quantile_ms;
	delete figures.delivery_time_quantile_undelivered;
	return figures;
}

/**
 * An alert line and its recovery line, read, with the recovery line refused on the wrong side
 * of the alert line: the alert would recover while still firing.
 */
export function readLines(
	context: IPollFunctions,
	alert: INodeProperties,
	recovery: INodeProperties,
	firesWhen: 'above' | 'below',
): { line: number; recoverAt: number } {
	const line = readField<number>(context, alert);
	const recoverAt = readField<number>(context, recovery);
	const [wrongSide, rightSide] = firesWhen === 'above' ? ['above', 'under'] : ['under', 'above'];
	if (firesWhen === 'above' ? recoverAt > line : recoverAt < line) {
		throw invalidField(
			context.getNode(),
			0,
			recovery.displayName,
			`${recoverAt} is ${wrongSide} ${alert.displayName}, ${line}: an alert would recover while still firing`,
			`Set it at or ${rightSide} ${alert.displayName}.`,
		);
	}
	return { line, recoverAt };
}
