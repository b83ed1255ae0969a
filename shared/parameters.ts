import type { IExecuteFunctions, INode, INodeProperties, IPollFunctions } from 'n8n-workflow';

import { invalidField, requireOption } from './validation';

type ParameterSource = IExecuteFunctions | IPollFunctions;

/** A node's run reads an item's parameters; a poll has no items, only its one set. */
function rawValue(context: ParameterSource, path: string, fallback: unknown, itemIndex: number) {
	return 'getInputData' in context
		? context.getNodeParameter(path, itemIndex, fallback)
		: context.getNodeParameter(path, fallback);
}

function boundsText(min: number, max: number): string {
	if (Number.isFinite(min) && Number.isFinite(max)) return `from ${min} to ${max}`;
	if (Number.isFinite(min)) return `of ${min} or more`;
	return `of ${max} or less`;
}

/** A decimal number written out: what a text may hold to be read as a number. */
const DECIMAL = /^\s*[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

/**
 * The number an expression gave: a number, or a text holding a decimal number. JavaScript's
 * Number() would read null, false, [] and a blank text as 0, true as 1 and '0x1A' as 26, so
 * a Threshold whose expression found nothing would alert on every failure.
 */
const numberOf = (value: unknown): number =>
	typeof value === 'number'
		? value
		: typeof value === 'string' && DECIMAL.test(value)
			? Number(value)
			: NaN;

/** What a value that is not a number is, for an error a person can act on. */
function described(value: unknown): string {
	if (value === null || value === undefined) return String(value);
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'boolean') return `a boolean (${value})`;
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'string' && !value.trim()) return 'a blank text';
	return String(value).slice(0, 100);
}

/**
 * A number within the bounds the editor shows (`minValue`, `maxValue`), whole unless the
 * field allows decimals (`numberPrecision`): enforced for expressions too.
 */
function requireNumber(
	node: INode,
	itemIndex: number,
	field: INodeProperties,
	value: unknown,
): number {
	const { minValue, maxValue, numberPrecision } = field.typeOptions ?? {};
	const min = typeof minValue === 'number' ? minValue : -Infinity;
	const max = typeof maxValue === 'number' ? maxValue : Infinity;
	const whole = numberPrecision === undefined || numberPrecision === 0;
	const number = numberOf(value);
	const fits = Number.isFinite(number) && (!whole || Number.isInteger(number));
	if (!fits || number < min || number > max) {
		throw invalidField(
			node,
			itemIndex,
			field.displayName,
			`must be a ${whole ? 'whole number' : 'number'} ${boundsText(min, max)}, got ${described(value)}`,
		);
	}
	return number;
}

/**
 * One parameter of an item, read and checked by its own declaration: an option against the
 * options the editor lists, a number against its bounds, a text trimmed, a switch as a
 * boolean. Errors name the field as the editor shows it. Other types come as they are.
 * A field of a collection (Options, Filters) is read by naming the collection.
 */
export function readField<T = unknown>(
	context: ParameterSource,
	field: INodeProperties,
	itemIndex = 0,
	collection?: string,
): T {
	const node = context.getNode();
	const path = collection ? `${collection}.${field.name}` : field.name;
	const value = rawValue(context, path, field.default, itemIndex);
	switch (field.type) {
		case 'options':
			return requireOption(node, itemIndex, field, value) as T;
		case 'multiOptions': {
			const chosen = (Array.isArray(value) ? value : [value]).filter(
				(entry) => entry !== '' && entry !== undefined && entry !== null,
			);
			return [...new Set(chosen.map((entry) => requireOption(node, itemIndex, field, entry)))] as T;
		}
		case 'number':
			return requireNumber(node, itemIndex, field, value) as T;
		case 'boolean':
			return (value === true || value === 'true') as T;
		case 'string':
			return String(value ?? '').trim() as T;
		default:
			return value as T;
	}
}
