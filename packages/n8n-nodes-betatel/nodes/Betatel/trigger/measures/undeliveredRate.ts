import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { readGraceMs } from './grace';
import { agedFigures, countOf, onMeasure, readLines, type Measure } from './measure';

const ON_UNDELIVERED = onMeasure('undeliveredRate');

const undeliveredAboveField: INodeProperties = {
	displayName: 'Undelivered Above (%)',
	name: 'undeliveredAbovePercent',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 2 },
	default: 10,
	description:
		'Fire when more than this share of the messages past the grace has not reached Delivered or Read, whatever status it is stuck in',
	displayOptions: ON_UNDELIVERED,
};

const undeliveredRecoverField: INodeProperties = {
	displayName: 'Undelivered Recovers At (%)',
	name: 'undeliveredRecoverPercent',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 2 },
	default: 5,
	description:
		'A firing alert recovers at or under this share, so a rate hovering around the line does not flap',
	displayOptions: ON_UNDELIVERED,
};

/** "SENT 12, PENDING 3": where the undelivered messages are stuck, most first. */
export const stuckIn = (byStatus: unknown): string =>
	Object.entries((byStatus ?? {}) as Record<string, number>)
		.sort(([, a], [, b]) => b - a)
		.map(([status, count]) => `${status} ${count}`)
		.join(', ');

export const undeliveredRate: Measure = {
	name: 'undeliveredRate',
	option: {
		name: 'Undelivered Rate',
		value: 'undeliveredRate',
		description:
			'The share of messages past the grace not Delivered or Read: an outage that leaves messages at Sent shows here first',
	},
	fields: [undeliveredAboveField, undeliveredRecoverField],
	prepare(context, common) {
		const graceMs = readGraceMs(context);
		const { line: above, recoverAt } = readLines(
			context,
			undeliveredAboveField,
			undeliveredRecoverField,
			'above',
		);
		const lines: IDataObject = {
			grace_seconds: graceMs / 1000,
			undelivered_above_percent: above,
			undelivered_recover_percent: recoverAt,
			minimum_requests: common.minimum,
		};
		return {
			name: 'undeliveredRate',
			column: 'undelivered_rate',
			reads: 'aged',
			graceMs,
			needsUsualTraffic: false,
			judge(group) {
				const item = agedFigures(group.aged);
				const rate = (item.undelivered_rate ?? null) as number | null;
				const sent = countOf(item, 'sent');
				const lowVolume = rate === null || sent < common.minimum;
				const isAbove = !lowVolume && rate > above;
				return {
					verdict: {
						above: isAbove,
						recovered: !lowVolume && rate <= recoverAt,
						lowVolume,
						active: sent > 0,
					},
					item: { ...item, undelivered: countOf(item, 'undelivered'), undelivered_rate: rate },
					lines,
					standing: lowVolume ? 'low_volume' : isAbove ? 'undelivered_above' : 'below_threshold',
				};
			},
			firedAlert: 'undelivered_above',
			recoveredBy: 'below_threshold',
			describe: (item) =>
				`undelivered: ${String(item.undelivered_rate)} % (${String(item.undelivered)} of ${String(item.sent)}; ${stuckIn(item.undelivered_by_status)})`,
			describeNow: (item) => `${String(item.undelivered_rate ?? 'no traffic')} % undelivered now`,
		};
	},
};
