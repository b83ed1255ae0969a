import type { DateTime } from 'luxon';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readField } from './parameters';
import type { CalendarUnit } from './timeBuckets';
import { assertBucketCount, assertOrdered, parseDateTime, resolveTimeZone } from './validation';

export const MAX_LIMIT = 10_000;

const returnAllField: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

const limitField: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_LIMIT },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
};

/** The Return All / Limit pair every "Get Many" operation shows. */
export function returnAllAndLimit(): INodeProperties[] {
	return [returnAllField, limitField];
}

/** Defaults to the workflow's own zone, shown resolved in the editor, so the user sees the zone used. */
export const timeZoneField: INodeProperties = {
	displayName: 'Time Zone',
	name: 'timezone',
	type: 'string',
	default: '={{ $now.zoneName }}',
	placeholder: 'America/New_York',
	description:
		"IANA time zone in which days, weeks and months begin; the default is the workflow's time zone",
	hint: "Empty means the workflow's time zone too",
};

/** The item's Time Zone: an IANA name, or the workflow's zone when left empty. */
export function readTimeZone(context: IExecuteFunctions, itemIndex: number): string {
	return resolveTimeZone(
		context,
		itemIndex,
		timeZoneField.displayName,
		context.getNodeParameter(timeZoneField.name, itemIndex, ''),
	);
}

/** The fields of an operation's own list with these names, for reading them by their declaration. */
export function fieldsNamed<Names extends string[]>(
	properties: INodeProperties[],
	...names: Names
): { [Index in keyof Names]: INodeProperties } {
	return names.map((name) => {
		const field = properties.find((property) => property.name === name);
		if (!field) throw new Error(`no field named ${name}`);
		return field;
	}) as { [Index in keyof Names]: INodeProperties };
}

/**
 * Two parameters that bound a range, each read by its field and parsed by `parse`, then
 * checked to be in order. Errors name the fields as the editor shows them.
 */
export function readRange(
	context: IExecuteFunctions,
	itemIndex: number,
	[startField, endField]: readonly [INodeProperties, INodeProperties],
	parse: (label: string, value: unknown) => DateTime,
): { start: DateTime; end: DateTime } {
	const read = (field: INodeProperties) =>
		parse(field.displayName, context.getNodeParameter(field.name, itemIndex));
	const start = read(startField);
	const end = read(endField);
	assertOrdered(
		context.getNode(),
		itemIndex,
		{ field: startField.displayName, value: start },
		{ field: endField.displayName, value: end },
	);
	return { start, end };
}

/**
 * A range of two date-time fields read in `timezone` (a time without a zone is that zone's),
 * in order, and, with a `unit`, of no more such intervals than the node computes: what every
 * operation that reports over a range of times reads before it sends anything.
 */
export function readRangeIn(
	context: IExecuteFunctions,
	itemIndex: number,
	fields: readonly [INodeProperties, INodeProperties],
	timezone: string,
	unit?: CalendarUnit,
): { start: DateTime; end: DateTime } {
	const node = context.getNode();
	const range = readRange(context, itemIndex, fields, (label, value) =>
		parseDateTime(node, itemIndex, label, value, timezone),
	);
	if (unit) assertBucketCount(node, itemIndex, fields[0].displayName, range, unit);
	return range;
}

/** Return All, or the Limit within the bounds the editor shows, also when given by expression. */
export function readReturnAllAndLimit(
	context: IExecuteFunctions,
	itemIndex: number,
): { returnAll: boolean; limit?: number } {
	const returnAll = readField<boolean>(context, returnAllField, itemIndex);
	if (returnAll) return { returnAll };
	return { returnAll, limit: readField<number>(context, limitField, itemIndex) };
}

/**
 * A node subtitle naming the chosen options as the editor lists them ("Get Many: Telegram"),
 * not by their values: n8n evaluates a subtitle as an expression and has no lookup of an
 * option's name. An option value not in the lists (from an expression) is shown as it is.
 */
export function subtitleOf(properties: INodeProperties[], ...parameters: string[]): string {
	const named = parameters.map((parameter) => {
		const reference = `$parameter[${JSON.stringify(parameter)}]`;
		const labels = new Map<string, string>();
		for (const property of properties.filter((candidate) => candidate.name === parameter))
			for (const option of property.options ?? [])
				if ('value' in option) labels.set(String(option.value), option.name);
		return [...labels]
			.reverse()
			.reduce(
				(otherwise, [value, label]) =>
					`(${reference} === ${JSON.stringify(value)} ? ${JSON.stringify(label)} : ${otherwise})`,
				reference,
			);
	});
	return `={{ ${named.join(' + ": " + ')} }}`;
}
