import { type INode, type INodeProperties, NodeOperationError } from 'n8n-workflow';

import { readField } from '../../shared/parameters';
import { betatelCredentials, betatelList } from '../betatel/fixtures';
import { ninetyNineDigitalCredentials, ninetyNineDigitalNode } from '../ninetyNineDigital/fixtures';
import { shippedNodes } from '../packages/lockedNodes';
import { allProviders } from '../harness/allProviders';

describe('readField', () => {
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
});

describe('refused before any request, in every node', () => {
	const { betatel, ninetyNine, expectRefusedBeforeSending } = allProviders();

	describe('the bounds the editor shows hold for expressions too', () => {
		it.each([
			[
				{ returnAll: true, options: { maxConcurrency: 17 } },
				/^Max Concurrent Requests: must be a whole number from 1 to 16, got 17$/,
			],
			[
				{ returnAll: true, options: { maxConcurrency: 0 } },
				/^Max Concurrent Requests: must be a whole number from 1 to 16, got 0$/,
			],
			[
				{ returnAll: false, limit: 10_001 },
				/^Limit: must be a whole number from 1 to 10000, got 10001$/,
			],
			[
				{ returnAll: false, limit: 2.5 },
				/^Limit: must be a whole number from 1 to 10000, got 2.5$/,
			],
		])('%j', async (parameters, message) => {
			await expectRefusedBeforeSending(
				betatelList(parameters),
				betatelCredentials(betatel),
				message,
			);
		});
	});

	it('99digital Get Many holds Limit to the same bounds', async () => {
		await expectRefusedBeforeSending(
			ninetyNineDigitalNode({ operation: 'getAll', returnAll: false, limit: '={{ 10001 }}' }),
			ninetyNineDigitalCredentials(ninetyNine),
			/^Limit: must be a whole number from 1 to 10000, got 10001$/,
		);
	});
});
