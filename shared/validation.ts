import { DateTime, IANAZone } from 'luxon';
import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, jsonParse } from 'n8n-workflow';

import { bucketCount, MAX_BUCKETS, type CalendarUnit } from './timeBuckets';

/** Builds the error every validator raises: it names the field as the user sees it. */
export function invalidField(
	node: INode,
	itemIndex: number,
	field: string,
	problem: string,
	description?: string,
): NodeOperationError {
	// n8n's convention labels a dynamic dropdown "… Name or ID"; a person reads the field's name.
	const name = field.replace(/ Name or ID$/, '');
	return new NodeOperationError(node, `${name}: ${problem}`, { itemIndex, description });
}

/** An empty zone means the workflow's own time zone, the one its schedules run in. */
export function resolveTimeZone(
	context: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
): string {
	const zone = typeof value === 'string' ? value.trim() : '';
	if (!zone) return context.getTimezone();
	if (!IANAZone.isValidZone(zone)) {
		throw invalidField(
			context.getNode(),
			itemIndex,
			field,
			`"${zone}" is not an IANA time zone`,
			'Use a name such as "UTC", "Europe/Berlin" or "America/New_York".',
		);
	}
	return IANAZone.create(zone).name;
}

/**
 * Reads an n8n date-time parameter. The picker gives a local time without an offset,
 * which is read in `zone`; expressions may give an ISO string with an offset, a luxon
 * DateTime or a JS Date, which keep their instant.
 */
export function parseDateTime(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
	zone: string,
): DateTime {
	let parsed: DateTime | undefined;
	if (DateTime.isDateTime(value)) parsed = value;
	else if (value instanceof Date) parsed = DateTime.fromJSDate(value);
	else if (typeof value === 'number') parsed = DateTime.fromMillis(value);
	else if (typeof value === 'string' && value.trim()) {
		const text = value.trim();
		// luxon reads a bare time such as "13-2025" as today at 13:00: insist on a date.
		if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
			parsed = DateTime.fromISO(text, { zone, setZone: true });
			if (!parsed.isValid) parsed = DateTime.fromSQL(text, { zone });
		} else {
			parsed = DateTime.fromRFC2822(text, { zone });
		}
	}
	if (!parsed?.isValid) {
		throw invalidField(
			node,
			itemIndex,
			field,
			`"${String(value)}" is not a date and time`,
			'Use an ISO 8601 value such as 2026-03-01 or 2026-03-01T14:00:00, or pick a date.',
		);
	}
	return parsed.setZone(zone);
}

/**
 * Reads a date parameter as the calendar date the user meant: the date in the zone the value
 * was given in, whatever its offset. `$today` in Europe/Berlin is midnight at +01:00; read as
 * an instant in UTC it would be the day before. Values without a zone of their own (a JS
 * Date, a timestamp) are read in `zone`, the workflow's. The result is that date at
 * midnight in `resultZone`.
 */
export function parseCalendarDate(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
	zone: string,
	resultZone = 'UTC',
): DateTime {
	let given: DateTime | undefined;
	if (DateTime.isDateTime(value)) given = value;
	else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value.trim())) {
		given = DateTime.fromISO(value.trim(), { zone, setZone: true });
		if (!given.isValid) given = DateTime.fromSQL(value.trim(), { zone, setZone: true });
	}
	if (!given?.isValid) given = parseDateTime(node, itemIndex, field, value, zone);
	return DateTime.fromObject(
		{ year: given.year, month: given.month, day: given.day },
		{ zone: resultZone },
	);
}

export function assertOrdered(
	node: INode,
	itemIndex: number,
	start: { field: string; value: DateTime },
	end: { field: string; value: DateTime },
): void {
	if (start.value > end.value) {
		throw invalidField(
			node,
			itemIndex,
			start.field,
			`${start.value.toISO()} is after ${end.field} ${end.value.toISO()}`,
		);
	}
}

/** A JSON parameter that must hold an object; given as text or already parsed. */
export function parseJsonObject(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
): IDataObject {
	if (value === undefined || value === null || value === '') return {};
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = jsonParse(value);
		} catch {
			throw invalidField(
				node,
				itemIndex,
				field,
				'is not valid JSON',
				'Enter an object such as {"status": "FAILED"}.',
			);
		}
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw invalidField(
			node,
			itemIndex,
			field,
			'must be a JSON object',
			'Enter an object such as {"status": "FAILED"}.',
		);
	}
	return parsed as IDataObject;
}

export function requireText(node: INode, itemIndex: number, field: string, value: unknown): string {
	const text =
		typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
	if (!text) throw invalidField(node, itemIndex, field, 'is required and cannot be empty');
	return text;
}

/**
 * Reads a month: a date from the picker or an expression (its month is taken), or the
 * month forms people type, `2026-03` and 99digital's own `032026`. Empty means no bound.
 */
export function parseMonth(
	node: INode,
	itemIndex: number,
	field: string,
	value: unknown,
	zone: string,
): DateTime | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'string') {
		const text = value.trim();
		const compact = /^(\d{2})(\d{4})$/.exec(text);
		const isoMonth = /^(\d{4})-(\d{2})$/.exec(text);
		const [year, month] = compact
			? [compact[2], compact[1]]
			: isoMonth
				? [isoMonth[1], isoMonth[2]]
				: [];
		if (year && month) {
			const parsed = DateTime.fromObject(
				{ year: Number(year), month: Number(month), day: 1 },
				{ zone },
			);
			if (!parsed.isValid) throw invalidField(node, itemIndex, field, `"${text}" is not a month`);
			return parsed;
		}
	}
	return parseDateTime(node, itemIndex, field, value, zone).startOf('month');
}

/**
 * An options parameter's value, checked against the list the editor offers: an expression
 * can give anything. Letter case is forgiven ("DAILY" is "daily"); anything else is refused
 * with the allowed values before a request is sent.
 */
export function requireOption<T extends string = string>(
	node: INode,
	itemIndex: number,
	property: INodeProperties,
	value: unknown,
): T {
	const allowed = (property.options ?? []).flatMap((option) =>
		'value' in option && typeof option.value === 'string' ? [option.value] : [],
	);
	const text = typeof value === 'string' ? value.trim() : String(value);
	const match = allowed.find((candidate) => candidate.toLowerCase() === text.toLowerCase());
	if (match === undefined) {
		throw invalidField(
			node,
			itemIndex,
			property.displayName,
			`"${text.slice(0, 100)}" is not one of the allowed values`,
			`Use one of: ${allowed.join(', ')}.`,
		);
	}
	return match as T;
}

/**
 * Refuses a range that needs more intervals than the node computes, before asking the
 * provider for them, and says how to fix it.
 */
export function assertBucketCount(
	node: INode,
	itemIndex: number,
	field: string,
	range: { start: DateTime; end: DateTime },
	unit: CalendarUnit,
): void {
	const count = bucketCount(range.start, range.end, unit);
	if (count > MAX_BUCKETS) {
		throw invalidField(
			node,
			itemIndex,
			field,
			`the range holds about ${count.toLocaleString('en-US')} ${unit} intervals, more than the ${MAX_BUCKETS.toLocaleString('en-US')} the node computes`,
			`Choose a coarser period (e.g. daily instead of hourly) or a shorter range.`,
		);
	}
}
