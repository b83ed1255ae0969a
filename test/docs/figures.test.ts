/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { quotedIn, readFigures } from '../../scripts/bench/figures';

/**
 * The figures the docs quote are the ones the benches recorded in docs/figures.json, where
 * each bench writes its run with the date and the machine (scripts/bench/figures.ts).
 */
const DOCS = join(__dirname, '..', '..', 'docs');
const recorded = readFigures();
const docs = readdirSync(DOCS)
	.filter((file) => file.endsWith('.md'))
	.map((file) => ({ file, ...quotedIn(readFileSync(join(DOCS, file), 'utf8')) }));
const tables = docs.flatMap(({ file, tables }) => tables.map((table) => ({ file, ...table })));
const figures = docs.flatMap(({ file, figures }) => figures.map((figure) => ({ file, ...figure })));

describe('the figures in the docs', () => {
	it('each bench’s run says when, on what machine and with which command', () => {
		expect(Object.keys(recorded)).toEqual(
			expect.arrayContaining(['get-many', 'summarize', 'alert']),
		);
		for (const run of Object.values(recorded)) {
			expect(run.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
			expect(run.machine).toMatch(/cores?|AMD|Intel/);
			expect(run.command).toMatch(/^npm run bench/);
		}
	});

	it('the docs quote tables and figures of every bench', () => {
		for (const bench of Object.keys(recorded)) {
			expect(tables.some((table) => table.bench === bench)).toBe(true);
			expect(figures.some((figure) => figure.bench === bench)).toBe(true);
		}
	});

	it.each(tables.map((table) => [table.file, `${table.bench}/${table.name}`, table] as const))(
		'%s, table %s: as the bench recorded it',
		(_, __, table) => {
			expect(table.lines).toEqual(recorded[table.bench]?.tables[table.name]);
		},
	);

	it('every figure in the prose: as the bench recorded it', () => {
		const differing = figures
			.filter(({ bench, name, value }) => recorded[bench]?.figures[name] !== value)
			.map(
				({ file, bench, name, value }) =>
					`${file}: ${bench}/${name} is ${value}, recorded ${String(recorded[bench]?.figures[name])}`,
			);
		expect(figures.length).toBeGreaterThanOrEqual(20);
		expect(differing).toEqual([]);
	});
});
