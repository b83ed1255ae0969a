import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { readField } from '../../../shared/parameters';
import { invalidField } from '../../../shared/validation';
import { readGraceMs } from './grace';
import {
	agedFigures,
	countOf,
	onMeasure,
	readLines,
	type Judgement,
	type Measure,
	type WindowGroup,
} from './measure';

const ON_DELIVERY_TIME = onMeasure('deliveryTime');

const PERCENTILES: Record<string, number> = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 };

const percentileField: INodeProperties = {
	displayName: 'Delivery Time Percentile',
	name: 'deliveryPercentile',
	type: 'options',
	options: [
		{ name: 'Median (P50)', value: 'p50', description: 'Half of the messages take longer' },
		{ name: 'P90', value: 'p90', description: 'One message in 10 takes longer' },
		{ name: 'P95', value: 'p95', description: 'One message in 20 takes longer' },
		{ name: 'P99', value: 'p99', description: 'One message in 100 takes longer' },
	],
	default: 'p95',
	description:
		'Which delivery time is judged; a message past the grace and not delivered counts as slower than every delivered one',
	displayOptions: ON_DELIVERY_TIME,
};

const slowerThanField: INodeProperties = {
	displayName: 'Delivery Time Above (Seconds)',
	name: 'deliveryAboveSeconds',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 86_400, numberPrecision: 1 },
	default: 30,
	description: 'Fire when the chosen percentile of the delivery time goes above this',
	displayOptions: ON_DELIVERY_TIME,
};

const recoverField: INodeProperties = {
	displayName: 'Delivery Time Recovers At (Seconds)',
	name: 'deliveryRecoverSeconds',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 86_400, numberPrecision: 1 },
	default: 15,
	description:
		'A firing alert recovers at or under this, so a time hovering around the line does not flap',
	displayOptions: ON_DELIVERY_TIME,
};

/** The percentile in seconds; Infinity when it falls among the messages never delivered. */
function secondsOf(item: IDataObject): number | null {
	if (item.delivery_time_quantile_undelivered === true) return Infinity;
	const ms = item.delivery_time_quantile_ms;
	return typeof ms === 'number' ? ms / 1000 : null;
}

const shown = (seconds: number | null) =>
	seconds === null || !Number.isFinite(seconds) ? null : Math.round(seconds * 10) / 10;

function judgeTime(
	settings: { percentile: string; above: number; recoverAt: number; minimum: number },
	group: WindowGroup,
	lines: IDataObject,
): Judgement {
	const seconds = secondsOf(group.aged);
	const sent = countOf(group.aged, 'sent');
	const lowVolume = seconds === null || sent < settings.minimum;
	const isAbove = !lowVolume && seconds > settings.above;
	return {
		verdict: {
			above: isAbove,
			recovered: !lowVolume && seconds <= settings.recoverAt,
			lowVolume,
			active: sent > 0,
		},
		item: {
			...agedFigures(group.aged),
			delivery_time_percentile: settings.percentile,
			delivery_time_seconds: shown(seconds),
			undelivered_past_grace: countOf(group.aged, 'undelivered'),
		},
		lines,
		standing: lowVolume ? 'low_volume' : isAbove ? 'delivery_time_above' : 'below_threshold',
	};
}

export const deliveryTime: Measure = {
	name: 'deliveryTime',
	option: {
		name: 'Delivery Time',
		value: 'deliveryTime',
		description:
			'A percentile of the time from send to delivery, WhatsApp only (Telegram records carry no delivery time)',
	},
	fields: [percentileField, slowerThanField, recoverField],
	prepare(context, common) {
		if (common.channel !== 'whatsapp') {
			throw invalidField(
				context.getNode(),
				0,
				'Alert On',
				'Delivery Time watches the delivery_time of WhatsApp records, and Telegram records carry none',
				'Choose another measure for Telegram, or watch the WhatsApp channel.',
			);
		}
		const graceMs = readGraceMs(context);
		const percentile = readField<string>(context, percentileField);
		const { line: above, recoverAt } = readLines(context, slowerThanField, recoverField, 'above');
		const lines: IDataObject = {
			grace_seconds: graceMs / 1000,
			delivery_time_above_seconds: above,
			delivery_time_recover_seconds: recoverAt,
			minimum_requests: common.minimum,
		};
		return {
			name: 'deliveryTime',
			column: 'delivery_time',
			reads: 'aged',
			graceMs,
			quantile: PERCENTILES[percentile],
			needsUsualTraffic: false,
			judge: (group) =>
				judgeTime({ percentile, above, recoverAt, minimum: common.minimum }, group, lines),
			firedAlert: 'delivery_time_above',
			recoveredBy: 'below_threshold',
			describe: (item) =>
				`slow: ${String(item.delivery_time_percentile)} ${item.delivery_time_seconds === null ? 'past the grace' : `${String(item.delivery_time_seconds)} s`} (${String(item.undelivered_past_grace)} of ${String(item.sent)} not delivered)`,
			describeNow: (item) =>
				`${String(item.delivery_time_percentile)} ${String(item.delivery_time_seconds ?? 'unknown')} s now`,
		};
	},
};
