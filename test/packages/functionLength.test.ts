/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

import * as ts from 'typescript';

import { REPO, runtimeFiles } from './runtimeFiles';

/**
 * No function of the runtime code is longer than this many lines, declaration to closing
 * brace, counted by TypeScript's own parser: a function that grows past it does more than one
 * thing, and gets split where a reader can name the parts.
 */
const MAX_LINES = 60;

interface FunctionSpan {
	where: string;
	lines: number;
}

function functionsOf(file: string): FunctionSpan[] {
	const source = ts.createSourceFile(
		file,
		readFileSync(file, 'utf8'),
		ts.ScriptTarget.Latest,
		true,
	);
	const lineOf = (position: number) => source.getLineAndCharacterOfPosition(position).line;
	const found: FunctionSpan[] = [];
	const visit = (node: ts.Node) => {
		if (ts.isFunctionLike(node) && 'body' in node && node.body) {
			const first = lineOf(node.getStart(source));
			found.push({
				where: `${relative(REPO, file)}:${first + 1}`,
				lines: lineOf(node.getEnd()) - first + 1,
			});
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found;
}

describe('function length', () => {
	const functions = runtimeFiles.flatMap(functionsOf);

	it('reads the functions of every runtime file', () => {
		expect(functions.length).toBeGreaterThan(300);
	});

	it(`no runtime function is longer than ${MAX_LINES} lines`, () => {
		const longest = [...functions].sort((a, b) => b.lines - a.lines);
		expect(
			longest
				.filter(({ lines }) => lines > MAX_LINES)
				.map(({ where, lines }) => `${where}: ${lines} lines`),
		).toEqual([]);
	});
});
