import { NodeOperationError, type INode, type INodeProperties } from 'n8n-workflow';

import { readField } from '../../shared/parameters';
import { shippedNodes } from '../packages/lockedNodes';

/** Every number field of every node, collections' fields included, with the node it is of. */
const numberFields = shippedNodes().flatMap((node) => {
	const all = (properties: INodeProperties[]): INodeProperties[] =>
		properties.flatMap((property) => [
			property,
			...all(
				(property.options ?? []).filter((option): option is INodeProperties => 'type' in option),
			),
		]);
	return all(node.properties)
		.filter((field) => field.type === 'number')
		.map((field) => ({ node: node.displayName, field }));
});

/** A poll's parameters as n8n hands them over: here, `value` for whatever is asked. */
const giving = (value: unknown) =>
	({
		getNode: () => ({ name: 'Node' }) as INode,
		getNodeParameter: () => value,
	}) as unknown as Parameters<typeof readField>[0];

const NOT_NUMBERS: Array<[unknown, string]> = [
	[null, 'null'],
	[false, 'a boolean (false)'],
	[true, 'a boolean (true)'],
	[[], 'a list'],
	[{}, 'an object'],
	['', 'a blank text'],
	['   ', 'a blank text'],
	['0x1A', '0x1A'],
	['12abc', '12abc'],
	[Number.NaN, 'NaN'],
	[Infinity, 'Infinity'],
];

describe('numbers from expressions', () => {
	it('finds the number fields', () => expect(numberFields.length).toBeGreaterThan(20));

	describe.each(numberFields)('$node: $field.displayName', ({ field }) => {
		it.each(NOT_NUMBERS)('refuses %p, naming the field and what it got', (value, words) => {
			const read = () => readField(giving(value), field);
			expect(read).toThrow(NodeOperationError);
			expect(read).toThrow(`${field.displayName}: must be a`);
			expect(read).toThrow(new RegExp(`, got ${words.replace(/[()]/g, '\\$&')}$`));
		});

		it('takes its default as a number and as a decimal text', () => {
			const fallback = field.default as number;
			expect(readField(giving(fallback), field)).toBe(fallback);
			expect(readField(giving(` ${fallback} `), field)).toBe(fallback);
		});
	});
});
