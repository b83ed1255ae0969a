import type { IDataObject } from 'n8n-workflow';

export type Provider = 'betatel' | '99digital' | 'whatomate';
export type Channel = 'whatsapp' | 'telegram';
/** The channels' names as people write them. */
export const CHANNEL_NAMES: Record<Channel, string> = {
	whatsapp: 'WhatsApp',
	telegram: 'Telegram',
};

export type Granularity = 'hour' | 'day' | 'week' | 'month' | 'year' | 'range';

/** The figures a provider may report; anything missing becomes null. */
export interface StatsFigures {
	sent?: number | null;
	delivered?: number | null;
	failed?: number | null;
	read?: number | null;
	received?: number | null;
	conversations?: number | null;
	conversations_marketing?: number | null;
	conversations_service?: number | null;
	conversations_incoming?: number | null;
	cost?: number | null;
	currency?: string | null;
}

export interface StatsContext {
	provider: Provider;
	channel: Channel;
	report: string;
	account: string | null;
	granularity: Granularity;
	period_start: string | null;
	period_end: string | null;
	timezone: string;
}

/** Column order of docs/normalized-items: the same keys, in the same order, for every provider. */
export const STATS_COLUMNS = [
	'provider',
	'channel',
	'report',
	'account',
	'granularity',
	'period_start',
	'period_end',
	'timezone',
	'sent',
	'delivered',
	'failed',
	'read',
	'received',
	'success_rate',
	'failure_rate',
	'conversations',
	'conversations_marketing',
	'conversations_service',
	'conversations_incoming',
	'cost',
	'currency',
] as const;

/** Accepts numbers and numeric strings, so that "12" from a loose API still lands as 12. */
export function toNumber(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value === 'string' && value.trim() !== '') {
		const parsed = Number(value);
		return Number.isFinite(parsed) ? parsed : null;
	}
	return null;
}

export function percentage(part: number | null, whole: number | null): number | null {
	if (part === null || whole === null || whole === 0) return null;
	return Math.round((part / whole) * 10_000) / 100;
}

/**
 * Builds one normalized stats item. `failed` falls back to sent − delivered, as the
 * contract asks where a provider gives no failure count; extra keys go after the columns.
 */
export function statsItem(
	context: StatsContext,
	figures: StatsFigures,
	extra: IDataObject = {},
): IDataObject {
	const sent = toNumber(figures.sent);
	const delivered = toNumber(figures.delivered);
	let failed = toNumber(figures.failed);
	if (failed === null && sent !== null && delivered !== null)
		failed = Math.max(0, sent - delivered);
	const values: IDataObject = {
		...context,
		sent,
		delivered,
		failed,
		read: toNumber(figures.read),
		received: toNumber(figures.received),
		success_rate: percentage(delivered, sent),
		failure_rate: percentage(failed, sent),
		conversations: toNumber(figures.conversations),
		conversations_marketing: toNumber(figures.conversations_marketing),
		conversations_service: toNumber(figures.conversations_service),
		conversations_incoming: toNumber(figures.conversations_incoming),
		cost: toNumber(figures.cost),
		currency: typeof figures.currency === 'string' && figures.currency ? figures.currency : null,
	};
	const item: IDataObject = {};
	for (const column of STATS_COLUMNS) item[column] = values[column] ?? null;
	for (const [key, value] of Object.entries(extra)) {
		if (!(key in item)) item[key] = value;
	}
	return item;
}
