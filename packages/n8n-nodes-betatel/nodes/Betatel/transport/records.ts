import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import type { Channel } from '../../shared/normalize';

/* A delivery record as Connect Hub sends it: its key, its time, its recipient's format. */

/**
 * What a record's uuid can be. Anything else, "..", "." or a slash above all, would make
 * the path reach another endpoint of the API.
 */
export const RECORD_UUID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

export function deliveryRecordItem(channel: Channel, record: IDataObject): IDataObject {
	return { provider: 'betatel', channel, ...record };
}

/** WDRs carry the number without "+", TDRs in E.164 with it. */
export function recipientFilter(channel: Channel, value: unknown): string | undefined {
	const digits = String(value ?? '').replace(/[\s\-()+]/g, '');
	if (!digits) return undefined;
	return channel === 'telegram' ? `+${digits}` : digits;
}

/**
 * How many of an epoch number's units make a millisecond, by its size: below 10^11 it counts
 * seconds (10^11 seconds is the year 5138, 10^11 ms 1973), below 10^14 milliseconds, below
 * 10^17 microseconds, and above that nanoseconds.
 */
function epochMillis(number: number): number {
	const size = Math.abs(number);
	if (size < 1e11) return number * 1000;
	if (size < 1e14) return number;
	if (size < 1e17) return number / 1000;
	return number / 1e6;
}

/** The instants a record can have been created at: from 1970 to the end of 2199. */
const EARLIEST = 0;
const LATEST = Date.UTC(2200, 0, 1);

/** A text time must say its day: "08:50" alone would move a day every day. */
const STARTS_WITH_A_DATE = /^\d{4}-\d{2}-\d{2}/;

/** ISO 8601 to the second or millisecond, with Z or an offset: the form the API sends. */
const ZONED_ISO =
	/^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/**
 * The API's own form read by the JavaScript engine, the same instant luxon gives at a fraction
 * of its cost: reads with a cutoff, Summarize and the trigger read every record's time, 200,000
 * of them in a large Summarize. Undefined for any other form, and where the engine and luxon
 * part ways (a day past the month's end, which the engine rolls over; a year before 100),
 * which luxon then judges.
 */
function zonedIsoMillis(text: string): number | undefined {
	const match = ZONED_ISO.exec(text);
	if (!match) return undefined;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	if (year < 100 || (day > 28 && day > new Date(Date.UTC(year, month, 0)).getUTCDate())) {
		return undefined;
	}
	const millis = Date.parse(text);
	return Number.isNaN(millis) ? undefined : millis;
}

/**
 * An instant in the forms APIs send: ISO 8601 with or without a zone, SQL's
 * "2026-12-03 08:50:00", or epoch seconds, milliseconds, microseconds or nanoseconds (as a
 * number or digits). A time without a zone is UTC. NaN when it cannot be read: a text with no
 * date, or an instant before 1970 or after 2199, which no API means.
 */
export function parseTimestamp(value: unknown): number {
	const millis = readTimestamp(value);
	return millis >= EARLIEST && millis < LATEST ? millis : NaN;
}

function readTimestamp(value: unknown): number {
	const text = typeof value === 'string' ? value.trim() : value;
	if (typeof text === 'number' || (typeof text === 'string' && /^-?\d+(\.\d+)?$/.test(text))) {
		const number = Number(text);
		return Number.isFinite(number) ? Math.round(epochMillis(number)) : NaN;
	}
	if (typeof text !== 'string' || !STARTS_WITH_A_DATE.test(text)) return NaN;
	const zoned = zonedIsoMillis(text);
	if (zoned !== undefined) return zoned;
	const iso = DateTime.fromISO(text, { zone: 'utc' });
	if (iso.isValid) return iso.toMillis();
	const sql = DateTime.fromSQL(text, { zone: 'utc' });
	return sql.isValid ? sql.toMillis() : NaN;
}

/** A record's creation instant in milliseconds; NaN when it has none that can be read. */
export const recordTime = (record: IDataObject): number => parseTimestamp(record.timestamp);

export const recordKey = (record: IDataObject): string | undefined =>
	typeof record.uuid === 'string' ? record.uuid : undefined;
