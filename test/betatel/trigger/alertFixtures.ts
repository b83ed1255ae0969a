import type { IDataObject } from 'n8n-workflow';

import type { FakeBetatel, FakeRecord } from '../../../sandbox/servers/betatel';
import type { TrafficHour } from '../../../sandbox/traffic';
import type { PollingTrigger } from '../../harness/engine';
import { betatelPoller } from '../fixtures';
import { DateTime } from 'luxon';

/* What the alert tests share: the networks, a window of messages, the usual traffic, a clock. */

export const WHERE = {
	bh: { network: 'BH Telecom', country: 'Bosnia and Herzegovina', country_code: 387 },
	mtel: { network: 'm:tel', country: 'Bosnia and Herzegovina', country_code: 387 },
	a1: { network: 'A1 Hrvatska', country: 'Croatia', country_code: 385 },
};
export type Place = keyof typeof WHERE;

/** Messages of one network in one state: how many, where they stand, how old, how fast they arrived. */
export interface Batch {
	count: number;
	status: string;
	/** How long before the poll the newest was sent: 600 s is past any grace used here. */
	secondsAgo?: number;
	deliveryMs?: number;
}

/** The window as the next poll finds it: each network's batches, oldest first. */
export function windowHolds(server: FakeBetatel, batches: Partial<Record<Place, Batch[]>>): void {
	server.records.whatsapp = [];
	for (const [place, list] of Object.entries(batches) as Array<[Place, Batch[]]>) {
		for (const batch of list) {
			const fields: Partial<FakeRecord> = { ...WHERE[place] };
			if (batch.deliveryMs !== undefined) fields.delivery_time = batch.deliveryMs;
			server.addRecords('whatsapp', batch.count, batch.status, batch.secondsAgo ?? 600, fields);
		}
	}
	server.records.whatsapp.sort((a, b) => a.timestamp.localeCompare(b.timestamp));
}

/** An alert trigger over the WhatsApp channel, watching each network over the last hour. */
export const alertTrigger = (server: FakeBetatel, parameters: IDataObject, durable = false) =>
	betatelPoller(
		server,
		{ event: 'failureRateAboveThreshold', watch: 'network', window: 'lasth', ...parameters },
		durable,
	);

/** "m:tel: undelivered_above" for each item. */
export const alerts = (items: IDataObject[] | null, key = 'network') =>
	(items ?? []).map((item) => `${String(item[key] ?? 'all')}: ${String(item.alert)}`);

/**
 * Two weeks and a day of hourly statistics, ending with the current hour: `perHour` messages
 * an hour, or what `atHour` says for an hour of the day (UTC).
 */
export function usualTraffic(perHour: number, atHour: Record<number, number> = {}): TrafficHour[] {
	const end = DateTime.utc().startOf('hour');
	const hours: TrafficHour[] = [];
	for (let start = end.minus({ days: 15 }); start <= end; start = start.plus({ hours: 1 })) {
		const requests = atHour[start.hour] ?? perHour;
		hours.push({ start, requests, transactions: requests, amount: 0 });
	}
	return hours;
}

/** The list and statistics requests the server has answered, by kind. */
export function requestsOf(server: FakeBetatel): { pages: number; hourly: number; window: number } {
	const kinds = server.requests.map((request) => {
		if (request.path.endsWith('/wdr')) return 'pages';
		const type = (request.body as IDataObject | undefined)?.type;
		return type === 'hourly' ? 'hourly' : 'window';
	});
	const count = (kind: string) => kinds.filter((seen) => seen === kind).length;
	return { pages: count('pages'), hourly: count('hourly'), window: count('window') };
}

/**
 * A clock for tests whose polls are minutes apart: Date.now (which luxon and the trigger read)
 * moves only when told. Restore it when done.
 */
export function stoppedClock(): { advanceMinutes(minutes: number): void; restore(): void } {
	let now = Date.now();
	const spy = jest.spyOn(Date, 'now').mockImplementation(() => now);
	return {
		advanceMinutes: (minutes) => void (now += minutes * 60_000),
		restore: () => spy.mockRestore(),
	};
}

export type { PollingTrigger };
