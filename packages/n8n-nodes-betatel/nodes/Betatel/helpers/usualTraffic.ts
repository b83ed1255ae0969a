import { DateTime } from 'luxon';

import type { RequestContext } from '../../shared/credentials';
import { unexpectedResponse } from '../../shared/http/errors';
import type { Channel } from '../../shared/normalize';
import { BETATEL } from '../transport';
import { readStatistics } from './statistics';

/**
 * Days of hourly statistics the usual traffic of each hour of the day is averaged over: two
 * weeks hold each hour 14 times, weekdays and weekends alike.
 */
export const USUAL_TRAFFIC_DAYS = 14;

/** How long what was read stays the usual: a day's new hours barely move a two-week mean. */
export const USUAL_TRAFFIC_KEPT_MS = 24 * 60 * 60 * 1000;

/** The channel's usual messages in each hour of the day (0–23, in `timezone`). */
export interface UsualTraffic {
	channel: Channel;
	timezone: string;
	/** When it was read (ms). */
	at: number;
	hourly: number[];
}

/** Whether `kept` still serves for this channel and time zone at `nowMs`. */
export const isCurrent = (
	kept: unknown,
	channel: Channel,
	timezone: string,
	nowMs: number,
): kept is UsualTraffic => {
	const usual = kept as Partial<UsualTraffic> | undefined;
	return (
		usual?.channel === channel &&
		usual.timezone === timezone &&
		typeof usual.at === 'number' &&
		nowMs - usual.at < USUAL_TRAFFIC_KEPT_MS &&
		Array.isArray(usual.hourly) &&
		usual.hourly.length === 24 &&
		usual.hourly.every((count) => typeof count === 'number' && Number.isFinite(count) && count >= 0)
	);
};

/**
 * Reads the last two weeks of hourly statistics, one request, and averages them by hour of
 * the day: traffic is strongly daily, so a flat average would call every night an outage.
 */
export async function readUsualTraffic(
	context: RequestContext,
	channel: Channel,
	timezone: string,
	now: DateTime,
): Promise<UsualTraffic> {
	const end = now.setZone(timezone).startOf('hour').minus({ hours: 1 });
	const start = end.minus({ days: USUAL_TRAFFIC_DAYS }).plus({ hours: 1 });
	const { items, mismatch } = await readStatistics(context, {
		channel,
		statType: 'hourly',
		timezone,
		range: { start, end },
	});
	if (mismatch)
		throw unexpectedResponse(
			context,
			BETATEL,
			`one hourly ${channel} statistics entry per hour`,
			0,
		);
	const sums = new Array<number>(24).fill(0);
	const counts = new Array<number>(24).fill(0);
	for (const item of items) {
		const sent = item.sent;
		if (typeof sent !== 'number' || !Number.isFinite(sent) || sent < 0) continue;
		const hour = DateTime.fromISO(String(item.period_start), { zone: timezone }).hour;
		sums[hour] += sent;
		counts[hour]++;
	}
	return {
		channel,
		timezone,
		at: now.toMillis(),
		hourly: sums.map((sum, hour) => (counts[hour] ? sum / counts[hour] : 0)),
	};
}

/** The messages usually sent in [start, end): each hour of the day it covers, pro rata. */
export function usualCountBetween(usual: UsualTraffic, start: DateTime, end: DateTime): number {
	let count = 0;
	let hour = start.setZone(usual.timezone).startOf('hour');
	const endMs = end.toMillis();
	while (hour.toMillis() < endMs) {
		const next = hour.plus({ hours: 1 });
		const overlap = Math.min(next.toMillis(), endMs) - Math.max(hour.toMillis(), start.toMillis());
		count += (usual.hourly[hour.hour] * overlap) / 3_600_000;
		hour = next;
	}
	return count;
}
