/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { shippedNodes } from '../packages/lockedNodes';

/**
 * The parameter tables of the docs say which choices a field offers. A row whose first cell is
 * a field's name must name every option the field offers, as the editor shows it, so that the
 * docs cannot drift from the nodes (docs/betatel.md once offered "Normalized" where the editor
 * offered Items, Items and Chart, Chart Only and Raw).
 */
const DOCS: Record<string, string> = {
	'betatel.md': 'betatel',
	'trigger.md': 'betatelTrigger',
	'99digital.md': 'ninetyNineDigital',
	'whatomate.md': 'whatomate',
};
/** Past this many options a row describes the choice rather than listing it. */
const LISTED_UP_TO = 6;

function optionFields(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((property) => [
		...(property.type === 'options' ? [property] : []),
		...(property.type === 'collection' ? optionFields(property.options as INodeProperties[]) : []),
	]);
}

const optionNames = (field: INodeProperties) =>
	(field.options as INodePropertyOptions[]).map((option) => option.name);

/** Each documented field: its row, and the option names of each field of that name in the node. */
const documented = Object.entries(DOCS).flatMap(([doc, nodeName]) => {
	const node = shippedNodes().find((description) => description.name === nodeName)!;
	const fields = optionFields(node.properties).filter(
		(field) => field.options !== undefined && field.options.length <= LISTED_UP_TO,
	);
	const lines = readFileSync(join(__dirname, '..', '..', 'docs', doc), 'utf8').split('\n');
	// A table's header row (the one above |---|) names columns, not a field.
	return lines
		.filter((line, index) => line.startsWith('| ') && !lines[index + 1]?.startsWith('|-'))
		.map((line) => {
			const [name, ...rest] = line.slice(2).split(' | ');
			return { doc, name: name.trim(), text: rest.join(' | ') };
		})
		.map((row) => ({
			...row,
			choices: fields.filter((field) => field.displayName === row.name).map(optionNames),
		}))
		.filter((row) => row.choices.length > 0);
});

describe('the option names in the docs', () => {
	it('the docs describe some option fields in their tables', () => {
		expect(documented.length).toBeGreaterThanOrEqual(2);
	});

	it.each(documented.map((row) => [row.doc, row.name, row] as const))(
		'%s, %s: names every option of the field',
		(_, __, row) => {
			// A name such as Output stands for one field per operation: the row lists one of them whole.
			const missing = row.choices.map((names) => names.filter((name) => !row.text.includes(name)));
			expect(missing.find((names) => names.length === 0) ?? missing[0]).toEqual([]);
		},
	);
});
