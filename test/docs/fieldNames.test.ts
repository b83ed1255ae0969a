/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { shippedNodes } from '../packages/lockedNodes';

/**
 * The docs name fields and their choices as the editor shows them: docs/trigger.md once said
 * "Look-Back Window" where the editor said "Look-Back Window (Minutes)", and "Custom Filter"
 * for "Custom Filter (JSON)". Three places name a field: a parameter table's first column, a
 * table whose heading is a field (its rows are that field's choices), and a bold name in prose.
 */
const DOCS: Record<string, string> = {
	'betatel.md': 'betatel',
	'trigger.md': 'betatelTrigger',
	'99digital.md': 'ninetyNineDigital',
	'whatomate.md': 'whatomate',
};

function allFields(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((property) => [
		property,
		...(property.type === 'collection' ? allFields(property.options as INodeProperties[]) : []),
	]);
}

interface Table {
	doc: string;
	heading: string;
	firstCells: string[];
}

function tablesOf(doc: string, lines: string[]): Table[] {
	const tables: Table[] = [];
	lines.forEach((line, index) => {
		if (!line.startsWith('| ') || !lines[index + 1]?.startsWith('|-')) return;
		const rows = [];
		for (let row = index + 2; lines[row]?.startsWith('| '); row++) rows.push(lines[row]);
		tables.push({
			doc,
			heading: line.slice(2).split(' | ')[0].trim(),
			firstCells: rows.map((row) => row.slice(2).split(' | ')[0].trim()),
		});
	});
	return tables;
}

const docs = Object.entries(DOCS).map(([doc, nodeName]) => {
	const node = shippedNodes().find((description) => description.name === nodeName)!;
	const fields = allFields(node.properties);
	const lines = readFileSync(join(__dirname, '..', '..', 'docs', doc), 'utf8').split('\n');
	return { doc, fields, lines, tables: tablesOf(doc, lines) };
});

/** The names in a cell: its bold ones if it has any, else each name it lists. */
function namesIn(cell: string): string[] {
	const bold = [...cell.matchAll(/\*\*([^*]+)\*\*/g)].map((match) => match[1]);
	if (bold.length) return bold;
	return cell.split(/, | \/ | → /).map((name) => name.trim());
}

const parameterRows = docs.flatMap(({ doc, fields, tables }) =>
	tables
		.filter((table) => table.heading === 'Parameter')
		.flatMap((table) => table.firstCells)
		.map((cell) => ({ doc, cell, names: new Set(fields.map((field) => field.displayName)) })),
);

const choiceTables = docs.flatMap(({ fields, tables }) =>
	tables.flatMap((table) => {
		const field = fields.find(
			(candidate) =>
				candidate.displayName === table.heading &&
				(candidate.type === 'options' || candidate.type === 'multiOptions'),
		);
		if (!field) return [];
		const choices = (field.options as INodePropertyOptions[]).map((option) => option.name);
		return [{ table, choices }];
	}),
);

/** A bold name that is a field's name without its unit, as "Look-Back Window" was. */
const shortenedBoldNames = docs.flatMap(({ doc, fields, lines }) => {
	const shortened = new Map(
		fields
			.filter((field) => / \([^)]+\)$/.test(field.displayName))
			.map((field) => [field.displayName.replace(/ \([^)]+\)$/, ''), field.displayName]),
	);
	return lines.flatMap((line, index) =>
		[...line.matchAll(/\*\*([^*]+)\*\*/g)]
			.filter((match) => shortened.has(match[1]))
			.map((match) => `${doc}:${index + 1}: **${match[1]}** is ${shortened.get(match[1])}`),
	);
});

describe('the field names in the docs, as the editor shows them', () => {
	it('the docs have parameter tables and tables of a field’s choices', () => {
		expect(parameterRows.length).toBeGreaterThanOrEqual(10);
		expect(choiceTables.map(({ table }) => `${table.doc}: ${table.heading}`)).toEqual(
			expect.arrayContaining([
				'trigger.md: Watch',
				'trigger.md: Alert On',
				'trigger.md: Compared With',
				'trigger.md: When Traffic Falls Below Minimum',
			]),
		);
	});

	it.each(parameterRows.map((row) => [row.doc, row.cell, row] as const))(
		'%s, parameter row "%s": each name is a field of the node',
		(_, __, row) => {
			expect(namesIn(row.cell).filter((name) => !row.names.has(name))).toEqual([]);
		},
	);

	it.each(
		choiceTables.map(({ table, choices }) => [table.doc, table.heading, table, choices] as const),
	)('%s, the table of %s: each row is one of its choices', (_, __, table, choices) => {
		const named = table.firstCells.flatMap(namesIn);
		expect(named.filter((name) => !choices.includes(name))).toEqual([]);
	});

	it('no bold name leaves out the unit the editor shows', () => {
		expect(shortenedBoldNames).toEqual([]);
	});
});
