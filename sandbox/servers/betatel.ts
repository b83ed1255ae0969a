import { DateTime, Interval } from 'luxon';

import { seededRandom, sumTraffic, type TrafficHour } from '../traffic';
import { FakeApiServer, json, type LoggedRequest, type Reply } from './base';

export type FakeChannel = 'whatsapp' | 'telegram';

export type FakeRecord = Record<string, unknown> & {
	uuid: string;
	timestamp: string;
	status: string;
	to: string;
};

const STAT_TYPES = new Set([
	'today',
	'hourly',
	'daily',
	'weekly',
	'monthly',
	'yearly',
	'lasth',
	'last12h',
	'last24h',
	'last30m',
	'last10m',
	'last5m',
	'lastm',
	'lastmonth',
]);

const UNIT_OF: Record<string, 'hour' | 'day' | 'week' | 'month' | 'year'> = {
	hourly: 'hour',
	daily: 'day',
	weekly: 'week',
	monthly: 'month',
	yearly: 'year',
};

const WINDOW_MINUTES: Record<string, number> = {
	lastm: 1,
	last5m: 5,
	last10m: 10,
	last30m: 30,
	lasth: 60,
	last12h: 720,
	last24h: 1440,
	lastmonth: 43200,
};

let uuidCounter = 0;

/** ULID-like, unique, and sortable by creation like Betatel's. */
export function fakeUuid(): string {
	uuidCounter++;
	return `01JV${uuidCounter.toString(36).toUpperCase().padStart(22, '0')}`;
}

export function makeRecord(
	channel: FakeChannel,
	timestamp: DateTime,
	overrides: Partial<FakeRecord> = {},
): FakeRecord {
	const digits = `3876${String(1000000 + (uuidCounter % 9000000)).padStart(7, '0')}`;
	const base = {
		uuid: fakeUuid(),
		to: channel === 'telegram' ? `+${digits}` : digits,
		status: 'DELIVERED',
		country: 'Bosnia and Herzegovina',
		country_code: 387,
		network: 'BH Telecom',
		timestamp: timestamp.toUTC().toISO()!,
	};
	const specific =
		channel === 'whatsapp'
			? {
					wam_id: `wamid.${base.uuid}`,
					text: '482910',
					delivery_timestamp: timestamp.plus({ seconds: 2 }).toUTC().toISO(),
					delivery_time: 2143,
					response_time: 150,
					webhook_delivered: true,
				}
			: { code: '482910', request_id: `req-${base.uuid}` };
	return { ...base, ...specific, ...overrides } as FakeRecord;
}

/** `count` records one `stepSeconds` apart, oldest first, every `failEvery`-th FAILED. */
export function makeRecords(
	channel: FakeChannel,
	count: number,
	options: { start?: DateTime; stepSeconds?: number; failEvery?: number } = {},
): FakeRecord[] {
	const start = options.start ?? DateTime.fromISO('2026-01-01T00:00:00Z');
	const step = options.stepSeconds ?? 60;
	return Array.from({ length: count }, (_, index) =>
		makeRecord(channel, start.plus({ seconds: index * step }), {
			status: options.failEvery && index % options.failEvery === 0 ? 'FAILED' : 'DELIVERED',
		}),
	);
}

export const NETWORKS: Array<{ network: string; country: string; country_code: number }> = [
	{ network: 'BH Telecom', country: 'Bosnia and Herzegovina', country_code: 387 },
	{ network: 'm:tel', country: 'Bosnia and Herzegovina', country_code: 387 },
	{ network: 'HT Eronet', country: 'Bosnia and Herzegovina', country_code: 387 },
	{ network: 'A1 Hrvatska', country: 'Croatia', country_code: 385 },
	{ network: 'Telekom Srbija', country: 'Serbia', country_code: 381 },
];
/** How much slower than the fastest network each one delivers: medians that differ by network. */
const DELIVERY_SLOWNESS: Record<string, number> = {
	'BH Telecom': 1,
	'm:tel': 3,
	'HT Eronet': 1.6,
	'A1 Hrvatska': 0.8,
	'Telekom Srbija': 2.2,
};
/** The share of each network's messages that fails: m:tel's route is broken. */
export const FAILURE_RATES: Record<string, number> = {
	'BH Telecom': 0.03,
	'm:tel': 0.3,
	'HT Eronet': 0.03,
	'A1 Hrvatska': 0.03,
	'Telekom Srbija': 0.03,
};
/**
 * What a network's route does to its new messages in the live traffic, besides failing some:
 * deliver them, leave them at SENT (a platform that accepts and never delivers), deliver them
 * a minute late, or send none (a blocked template, a suspended sender).
 */
export const NETWORK_BEHAVIOURS = ['delivers', 'stuck', 'slow', 'stopped'] as const;
export type NetworkBehaviour = (typeof NETWORK_BEHAVIOURS)[number];

/** How late a slow route delivers: a minute, give or take, where a healthy one takes seconds. */
const SLOW_DELIVERY_MS = 60_000;

/**
 * A new live record as its network's route treats it; undefined when the route sends nothing.
 * A working route delivers what it does not fail.
 */
export function throughRoute(
	record: FakeRecord,
	behaviour: NetworkBehaviour | undefined,
): FakeRecord | undefined {
	if (behaviour === 'stopped') return undefined;
	const failed = record.status === 'FAILED' || record.status === 'EXPIRED';
	if (behaviour === 'stuck' && !failed)
		return { ...record, status: 'SENT', delivery_timestamp: null, delivery_time: 0 };
	// A message still on its way when it was drawn arrives seconds later on a working route.
	const arrived =
		!failed && (record.status === 'SENT' || record.status === 'PENDING')
			? { ...record, status: 'DELIVERED' }
			: record;
	if (behaviour === 'slow') {
		const late = SLOW_DELIVERY_MS + Number(arrived.delivery_time ?? 0);
		return {
			...arrived,
			delivery_time: late,
			delivery_timestamp: new Date(Date.parse(arrived.timestamp) + late).toISOString(),
		};
	}
	return arrived;
}

/** Where a record that has not failed stands: mostly delivered or read, some still on the way. */
const SUCCEEDING_STATUSES = ['DELIVERED', 'DELIVERED', 'READ', 'READ', 'READ', 'SENT', 'PENDING'];

/**
 * `count` WhatsApp records `stepSeconds` apart, oldest first, spread over five networks in
 * three countries, with statuses and delivery times drawn from a seeded generator; one
 * network (m:tel) fails far more than the others. Built without luxon, so that a million
 * take seconds, not minutes.
 */
export function makeVariedRecords(
	count: number,
	options: {
		start?: DateTime;
		stepSeconds?: number;
		seed?: number;
		/** A generator to draw from instead of one seeded anew: live traffic keeps one going. */
		dice?: () => number;
		failureRates?: Record<string, number>;
	} = {},
): FakeRecord[] {
	const failureRates = options.failureRates ?? FAILURE_RATES;
	const startMs = (options.start ?? DateTime.fromISO('2026-01-01T00:00:00Z')).toMillis();
	const stepMs = (options.stepSeconds ?? 60) * 1000;
	const dice = options.dice ?? seededRandom(options.seed ?? 11);
	return Array.from({ length: count }, (_, index) => {
		const where = NETWORKS[Math.floor(dice() * NETWORKS.length)];
		const roll = dice();
		const failing = failureRates[where.network];
		const status =
			roll < failing
				? dice() < 0.2
					? 'EXPIRED'
					: 'FAILED'
				: SUCCEEDING_STATUSES[Math.floor(dice() * SUCCEEDING_STATUSES.length)];
		const time = startMs + index * stepMs;
		const uuid = fakeUuid();
		return {
			uuid,
			wam_id: `wamid.${uuid}`,
			to: `3876${String(1000000 + (index % 9000000))}`,
			text: '482910',
			status,
			...where,
			timestamp: new Date(time).toISOString(),
			delivery_timestamp: new Date(time + 2000).toISOString(),
			delivery_time: Math.round(
				DELIVERY_SLOWNESS[where.network] * (300 + dice() * dice() * 12_000),
			),
			response_time: 150,
			webhook_delivered: true,
		};
	});
}

/**
 * What a summary of `records` should say, counted the plain way, record by record: the
 * oracle the Summarize operation is checked against. Keyed by the group's values joined
 * with "|", with the hour or day start (ISO, in `zone`) first when split by time.
 */
export function countGroups(
	records: FakeRecord[],
	query: { from: DateTime; to: DateTime; fields: string[]; time?: 'hour' | 'day'; zone?: string },
): Map<
	string,
	{ sent: number; delivered: number; read: number; failed: number; deliveryTimes: number[] }
> {
	const groups = new Map<
		string,
		{ sent: number; delivered: number; read: number; failed: number; deliveryTimes: number[] }
	>();
	for (const record of records) {
		const created = DateTime.fromISO(String(record.timestamp));
		if (created < query.from || created >= query.to) continue;
		const parts = query.fields.map((field) => String(record[field]));
		if (query.time) {
			const start = created.setZone(query.zone ?? 'UTC').startOf(query.time);
			parts.unshift(start.toISO({ suppressMilliseconds: true })!);
		}
		const key = parts.join('|');
		const group = groups.get(key) ?? {
			sent: 0,
			delivered: 0,
			read: 0,
			failed: 0,
			deliveryTimes: [],
		};
		groups.set(key, group);
		group.sent++;
		const delivered = record.status === 'DELIVERED' || record.status === 'READ';
		if (delivered) group.delivered++;
		if (record.status === 'READ') group.read++;
		if (record.status === 'FAILED' || record.status === 'EXPIRED') group.failed++;
		if (delivered && typeof record.delivery_time === 'number')
			group.deliveryTimes.push(record.delivery_time);
	}
	return groups;
}

function compare(a: unknown, b: unknown): number {
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	const [x, y] = [String(a ?? ''), String(b ?? '')];
	return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Betatel Connect Hub as its documentation describes it: x-api-key and x-account-id on
 * every call, plain-text 401s like its older services, JSON 400s, stats as bare arrays,
 * and WDR/TDR lists in the paginated wrapper.
 */
export class FakeBetatel extends FakeApiServer {
	apiKey = 'test-key-not-real';

	accountId = 'acc-test';

	readonly records: Record<FakeChannel, FakeRecord[]> = { whatsapp: [], telegram: [] };

	/** Replaces the computed stats entries, e.g. to return a count that does not match. */
	statsOverride: ((body: Record<string, unknown>) => unknown[]) | undefined;

	/** Hourly traffic the stats are summed from; without it, stats are made-up counters. */
	traffic: Record<FakeChannel, TrafficHour[]> | undefined;

	/** Fixed figures for the window types (lasth, …), set through /__sandbox/window-stats. */
	windowStats: { requests: number; failed: number } | undefined;

	/**
	 * The failure rate of each network's new messages in `npm start`'s live traffic:
	 * POST /__sandbox/network { network, failureRate } breaks a route or heals it.
	 */
	readonly failureRates: Record<string, number> = { ...FAILURE_RATES };

	/**
	 * What each network's route does to the live traffic's new messages (delivers, if not
	 * set): POST /__sandbox/network { network, behaviour } breaks it, "delivers" heals it.
	 */
	readonly networkBehaviour: Record<string, NetworkBehaviour> = {};

	/** New records put at the head of the list after each list page is served. */
	headInsertsPerListRequest = 0;

	/** Share of requests (0–1) answered 429 with Retry-After: 1, as a rate limiter would. */
	throttleShare = 0;

	private readonly throttleDice = seededRandom(7);

	/** Runs before each list page is served: a test can add records between reads. */
	beforeListPage: ((channel: FakeChannel, page: number) => void) | undefined;

	knownSecrets(): string[] {
		return [this.apiKey];
	}

	reset(): void {
		super.reset();
		this.statsOverride = undefined;
		this.windowStats = undefined;
		this.headInsertsPerListRequest = 0;
		this.throttleShare = 0;
		this.beforeListPage = undefined;
	}

	/** A message's status moves on while its timestamp (creation) stays, as Betatel's do. */
	setStatus(channel: FakeChannel, uuid: string, status: string): FakeRecord {
		const record = this.records[channel].find((candidate) => candidate.uuid === uuid);
		if (!record) throw new Error(`no ${channel} record ${uuid}`);
		record.status = status;
		this.sorted = undefined;
		return record;
	}

	/**
	 * New records created `secondsAgo` before now, one second apart, oldest first; `fields`
	 * set more of them, such as the network and country.
	 */
	addRecords(
		channel: FakeChannel,
		count: number,
		status: string,
		secondsAgo = 0,
		fields: Partial<FakeRecord> = {},
	): FakeRecord[] {
		const now = DateTime.utc();
		const added = Array.from({ length: count }, (_, index) =>
			makeRecord(channel, now.minus({ seconds: secondsAgo + count - 1 - index }), {
				...fields,
				status,
			}),
		);
		this.records[channel].push(...added);
		return added;
	}

	protected admin(request: LoggedRequest): Reply | undefined {
		if (request.path === '/__sandbox/records' && request.method === 'POST') {
			const body = (request.body ?? {}) as {
				channel?: FakeChannel;
				count?: number;
				status?: string;
				secondsAgo?: number;
			};
			const added = this.addRecords(
				body.channel ?? 'whatsapp',
				Number(body.count ?? 1),
				body.status ?? 'SENT',
				Number(body.secondsAgo ?? 0),
			);
			return json({ uuids: added.map((record) => record.uuid) });
		}
		if (request.path === '/__sandbox/network' && request.method === 'POST')
			return this.setNetwork(request.body);
		if (request.path === '/__sandbox/record-status' && request.method === 'POST') {
			const body = (request.body ?? {}) as { channel?: FakeChannel; uuid: string; status: string };
			const record = this.setStatus(body.channel ?? 'whatsapp', body.uuid, body.status);
			return json({ uuid: record.uuid, status: record.status });
		}
		if (request.path === '/__sandbox/behaviour') {
			const body = (request.body ?? {}) as Record<string, number>;
			if (body.latencyMs !== undefined) this.latencyMs = body.latencyMs;
			if (body.headInsertsPerListRequest !== undefined)
				this.headInsertsPerListRequest = body.headInsertsPerListRequest;
			if (body.throttleShare !== undefined) this.throttleShare = body.throttleShare;
			if (body.whatsappRecords !== undefined) {
				this.records.whatsapp = makeRecords('whatsapp', body.whatsappRecords, {
					start: DateTime.utc().minus({ days: 10 }),
					stepSeconds: 30,
					failEvery: 30,
				});
			}
			return json({
				latencyMs: this.latencyMs,
				headInsertsPerListRequest: this.headInsertsPerListRequest,
				throttleShare: this.throttleShare,
				whatsappRecords: this.records.whatsapp.length,
				requests: this.requests.length,
				peakInFlight: this.peakInFlight,
			});
		}
		if (request.path === '/__sandbox/reset-counters') {
			this.reset();
			return json({ requests: 0 });
		}
		if (request.path !== '/__sandbox/window-stats') return undefined;
		if (request.method === 'DELETE') {
			this.windowStats = undefined;
			return json({ windowStats: null });
		}
		const body = (request.body ?? {}) as { requests?: number; failed?: number };
		this.windowStats = { requests: Number(body.requests ?? 0), failed: Number(body.failed ?? 0) };
		return json({ windowStats: this.windowStats });
	}

	/** POST /__sandbox/network: a route's failure rate, its behaviour, or both. */
	private setNetwork(requestBody: unknown): Reply {
		const body = (requestBody ?? {}) as {
			network?: string;
			failureRate?: number;
			behaviour?: string;
		};
		const rate = body.failureRate === undefined ? undefined : Number(body.failureRate);
		const behaviour = body.behaviour as NetworkBehaviour | undefined;
		if (
			!body.network ||
			!(body.network in this.failureRates) ||
			(rate === undefined && behaviour === undefined) ||
			(rate !== undefined && !(rate >= 0 && rate <= 1)) ||
			(behaviour !== undefined && !NETWORK_BEHAVIOURS.includes(behaviour))
		)
			return json(
				{
					message: `network is one of ${Object.keys(this.failureRates).join(', ')}; failureRate from 0 to 1, behaviour one of ${NETWORK_BEHAVIOURS.join(', ')}`,
				},
				400,
			);
		if (rate !== undefined) this.failureRates[body.network] = rate;
		if (behaviour !== undefined) this.networkBehaviour[body.network] = behaviour;
		return json({ failureRates: this.failureRates, behaviour: this.networkBehaviour });
	}

	protected route(request: LoggedRequest): Reply {
		if (this.throttleShare > 0 && this.throttleDice() < this.throttleShare) {
			return {
				status: 429,
				headers: { 'retry-after': '1' },
				body: { message: 'Too Many Requests' },
			};
		}
		const key = request.headers['x-api-key'];
		const account = request.headers['x-account-id'];
		if (!key) return { status: 401, body: 'Unauthorized: Missing API Key' };
		if (key !== this.apiKey) return { status: 401, body: 'Unauthorized: Invalid API Key' };
		if (account !== this.accountId)
			return { status: 401, body: 'Unauthorized: Invalid Account ID' };

		const match =
			/^\/api\/v1\/connect-hub\/(whatsapp|telegram)\/(?:(stats|wdr|tdr)|([^/]+)\/(wdr|tdr))$/.exec(
				request.path,
			);
		if (!match) return json({ message: `Cannot ${request.method} ${request.path}` }, 404);
		const channel = match[1] as FakeChannel;
		const kind = channel === 'whatsapp' ? 'wdr' : 'tdr';
		const body = (request.body ?? {}) as Record<string, unknown>;
		if (match[2] === 'stats' && request.method === 'POST') return this.stats(channel, body);
		if (match[2] === kind && request.method === 'POST') return this.list(channel, body);
		if (match[4] === kind && request.method === 'GET') {
			const record = this.records[channel].find((r) => r.uuid === decodeURIComponent(match[3]));
			return record ? json(record) : json({ message: 'Record not found' }, 404);
		}
		return json({ message: `Cannot ${request.method} ${request.path}` }, 404);
	}

	private stats(channel: FakeChannel, body: Record<string, unknown>): Reply {
		const type = (body.type as string | undefined) ?? 'today';
		if (!STAT_TYPES.has(type))
			return json({ statusCode: 400, message: `Invalid stat type: ${type}` }, 400);
		if (this.statsOverride) return json(this.statsOverride(body));
		const zone = (body.timezone as string) ?? 'UTC';
		const unit = UNIT_OF[type];
		let windows: Array<[DateTime, DateTime]>;
		if (unit) {
			if (!body.start_time || !body.end_time) {
				return json({ statusCode: 400, message: 'start_time and end_time are required' }, 400);
			}
			const start = DateTime.fromISO(body.start_time as string)
				.setZone(zone)
				.startOf(unit);
			const end = DateTime.fromISO(body.end_time as string)
				.setZone(zone)
				.endOf(unit);
			windows = Interval.fromDateTimes(start, end)
				.splitBy({ [unit]: 1 })
				.map((interval) => [interval.start!, interval.end!]);
		} else {
			const now = DateTime.now().setZone(zone);
			const minutes = WINDOW_MINUTES[type];
			windows = [[minutes === undefined ? now.startOf('day') : now.minus({ minutes }), now]];
		}
		return json(
			windows.map(([from, to], index) => this.statsEntry(channel, from, to, index, !unit)),
		);
	}

	private statsEntry(
		channel: FakeChannel,
		from: DateTime,
		to: DateTime,
		index: number,
		isWindow: boolean,
	) {
		if (isWindow && this.windowStats) {
			const { requests, failed } = this.windowStats;
			return {
				total_requests: requests,
				total_transactions: requests - failed,
				total_amount: (requests - failed) / 100,
				currency: 'EUR',
			};
		}
		if (!this.traffic) {
			return {
				total_requests: 100 + index,
				total_transactions: 90 + index,
				total_amount: Math.round((90 + index) * 2) / 100,
				currency: 'EUR',
			};
		}
		const sum = sumTraffic(this.traffic[channel], from, to);
		return {
			total_requests: sum.requests,
			total_transactions: sum.transactions,
			total_amount: sum.amount,
			currency: 'EUR',
		};
	}

	private sorted:
		| { key: string; records: FakeRecord[]; size: number; result: FakeRecord[] }
		| undefined;

	/**
	 * The filtered, sorted list, kept until the records change: a real database answers a
	 * page in milliseconds, and sorting 20,000 records for every page would make the fake,
	 * not the client, the slow part of a benchmark.
	 */
	private sortedList(
		channel: FakeChannel,
		filter: Record<string, unknown>,
		sortBy: string,
		direction: number,
	): FakeRecord[] {
		const records = this.records[channel];
		const key = JSON.stringify([channel, filter, sortBy, direction]);
		const cached = this.sorted;
		if (
			cached &&
			cached.key === key &&
			cached.records === records &&
			cached.size === records.length
		)
			return cached.result;
		const result = records
			.filter((record) => Object.entries(filter).every(([field, value]) => record[field] === value))
			.sort((a, b) => direction * (compare(a[sortBy], b[sortBy]) || compare(a.uuid, b.uuid)));
		this.sorted = { key, records, size: records.length, result };
		return result;
	}

	private list(channel: FakeChannel, body: Record<string, unknown>): Reply {
		const page = (body.page as number | undefined) ?? 1;
		const rows = (body.rows_per_page as number | undefined) ?? 20;
		if (!Number.isInteger(page) || page < 1)
			return json({ message: 'page must be a positive integer' }, 400);
		if (!Number.isInteger(rows) || rows < 1 || rows > 100) {
			return json({ message: 'rows_per_page must be between 1 and 100' }, 400);
		}
		const filter = body.filter as Record<string, unknown> | undefined;
		if (
			filter !== undefined &&
			(typeof filter !== 'object' || filter === null || Array.isArray(filter))
		) {
			return json({ message: 'filter must be an object' }, 400);
		}
		this.beforeListPage?.(channel, page);
		const sortBy = (body.sort_by as string | undefined) ?? 'timestamp';
		const direction = body.sort_direction === 'ASC' ? 1 : -1;
		const matching = this.sortedList(channel, filter ?? {}, sortBy, direction);
		const total = matching.length;
		const totalPages = Math.ceil(total / rows);
		// New messages keep arriving while a client pages through the list.
		if (this.headInsertsPerListRequest > 0) {
			const newest = this.records[channel].reduce(
				(latest, r) => (r.timestamp > latest ? r.timestamp : latest),
				'',
			);
			for (let i = 1; i <= this.headInsertsPerListRequest; i++) {
				this.records[channel].push(
					makeRecord(channel, DateTime.fromISO(newest).plus({ seconds: i })),
				);
			}
		}
		return json({
			page,
			rows_per_page: rows,
			sort_by: sortBy,
			sort_direction: direction === 1 ? 'ASC' : 'DESC',
			total,
			total_pages: totalPages,
			has_next_page: page < totalPages,
			has_previous_page: page > 1,
			list: matching.slice((page - 1) * rows, page * rows),
		});
	}
}
