/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- a developer script, run by Node beside n8n, never inside it */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

import { REPO } from '../../sandbox/queueCluster';

/**
 * The figures the docs quote come from one place: each bench writes what its run measured
 * into docs/figures.json, with the date and the machine, and into the docs where they quote
 * it. A table sits between `<!-- bench:<bench>/<table> -->` and `<!-- /bench -->`; a single
 * figure is followed by `<!--fig:<bench>/<name>-->`. test/docs/figures.test.ts fails when
 * the docs and the file disagree.
 */
const DOCS = join(REPO, 'docs');
export const FIGURES_FILE = join(DOCS, 'figures.json');

export interface BenchRun {
	/** Each table the docs quote, by name: its header, separator and rows. */
	tables: Record<string, string[]>;
	/** Each single figure the prose quotes, by name. */
	figures: Record<string, string>;
}

export interface BenchRecord extends BenchRun {
	command: string;
	date: string;
	machine: string;
}

const TABLE = /<!-- bench:([\w-]+)\/([\w-]+) -->\n([\s\S]*?)\n<!-- \/bench -->/g;
const FIGURE = /([^\s|(]+)<!--fig:([\w-]+)\/([\w-]+)-->/g;

/** What a doc quotes: its tables and figures, by bench and name. */
export function quotedIn(text: string): {
	tables: Array<{ bench: string; name: string; lines: string[] }>;
	figures: Array<{ bench: string; name: string; value: string }>;
} {
	return {
		tables: [...text.matchAll(TABLE)].map(([, bench, name, body]) => ({
			bench,
			name,
			lines: body.split('\n'),
		})),
		figures: [...text.matchAll(FIGURE)].map(([, value, bench, name]) => ({
			bench,
			name,
			value,
		})),
	};
}

export const readFigures = (file = FIGURES_FILE): Record<string, BenchRecord> =>
	JSON.parse(readFileSync(file, 'utf8')) as Record<string, BenchRecord>;

/** The machine a run was on, and what ran it: n8n and its Node, or the Node of the script. */
export function machine(runtime = `Node ${process.version.slice(1)}`): string {
	const cores = cpus();
	return `${cores.length} cores, ${cores[0]?.model.trim() ?? 'unknown CPU'}; ${runtime}`;
}

/** Records a bench's run in docs/figures.json and writes it into every doc that quotes it. */
export function publish(bench: string, command: string, run: BenchRun, runtime?: string): void {
	const all = readFigures();
	all[bench] = {
		command,
		date: new Date().toISOString().slice(0, 10),
		machine: machine(runtime),
		...run,
	};
	writeFileSync(FIGURES_FILE, `${JSON.stringify(all, null, '\t')}\n`);
	for (const doc of readdirSync(DOCS).filter((file) => file.endsWith('.md'))) {
		const path = join(DOCS, doc);
		const text = readFileSync(path, 'utf8');
		const updated = text
			.replace(TABLE, (block, quoted: string, name: string) =>
				quoted === bench && run.tables[name]
					? `<!-- bench:${bench}/${name} -->\n${run.tables[name].join('\n')}\n<!-- /bench -->`
					: block,
			)
			.replace(FIGURE, (tagged, _value: string, quoted: string, name: string) =>
				quoted === bench && run.figures[name] !== undefined
					? `${run.figures[name]}<!--fig:${bench}/${name}-->`
					: tagged,
			);
		if (updated !== text) writeFileSync(path, updated);
	}
	process.stdout.write(`Recorded in ${FIGURES_FILE} and the docs that quote ${bench}.\n`);
}
