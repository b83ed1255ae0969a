/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling, run by Node beside n8n, never inside it */
import { DateTime } from 'luxon';

import { LiveTraffic } from '../../sandbox/liveTraffic';
import type { Sandbox } from '../../sandbox/sandbox';
import type { TrafficHour } from '../../sandbox/traffic';

/**
 * `npm start`'s live WhatsApp traffic, made by the same generator over every network, but
 * flat and fast: `perHour` messages an hour, added every second, with two weeks of the same
 * hourly statistics behind it (so the usual traffic is `perHour`). An alert judged over the
 * last minute sees an incident and its recovery in a minute or two, not an hour.
 * Returns what stops it.
 */
export function fastLiveTraffic(sandbox: Sandbox, perHour: number): () => void {
	const now = DateTime.utc().startOf('hour');
	const hours: TrafficHour[] = [];
	for (
		let start = now.minus({ days: 15 });
		start <= now.plus({ days: 1 });
		start = start.plus({ hours: 1 })
	)
		hours.push({ start, requests: perHour, transactions: perHour, amount: 0 });
	sandbox.betatel.traffic = { whatsapp: hours, telegram: [] };
	const live = new LiveTraffic(sandbox.betatel, {
		days: 15,
		peakPerHour: perHour,
		failureRate: 0,
		pricePerMessage: 0,
		seed: 3,
	});
	const timer = setInterval(
		() => sandbox.betatel.records.whatsapp.push(...live.tick(DateTime.utc(), 1)),
		1000,
	);
	return () => clearInterval(timer);
}
