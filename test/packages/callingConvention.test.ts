/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';

import * as ts from 'typescript';

import { REPO, runtimeFiles } from './runtimeFiles';

/**
 * One calling convention (docs/development.md): n8n's context is `this` only where n8n calls
 * the function, or the router calls it in n8n's place: a node's methods, an operation's
 * `execute`, a trigger event's `poll…`, a dropdown's method, a credential's
 * preAuthentication, and the per-item runner that n8n's `execute` hands to. Everything below takes it as its first parameter, `context`.
 */
function takesThis(
	node: ts.Node,
): node is ts.FunctionLikeDeclaration & { parameters: ts.NodeArray<ts.ParameterDeclaration> } {
	return (
		(ts.isFunctionDeclaration(node) ||
			ts.isFunctionExpression(node) ||
			ts.isMethodDeclaration(node) ||
			ts.isFunctionTypeNode(node)) &&
		node.parameters[0]?.name.getText() === 'this'
	);
}

function functionName(node: ts.Node): string {
	if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name)
		return node.name.getText();
	if (ts.isFunctionExpression(node) && node.name) return node.name.getText();
	const parent = node.parent;
	if (ts.isTypeAliasDeclaration(parent)) return parent.name.getText();
	return '(anonymous)';
}

function mayTakeThis(file: string, name: string): boolean {
	const path = relative(REPO, file);
	if (path.endsWith('.node.ts')) return true;
	if (path.includes('/methods/')) return true;
	if (path.includes('/actions/') && basename(path).endsWith('.operation.ts'))
		return name === 'execute';
	if (path.includes('/trigger/')) return name.startsWith('poll');
	// The per-item runner and the operation type it calls, in n8n's execute.
	if (path === 'shared/execute.ts')
		return ['runForEachItem', 'route', 'ItemOperation'].includes(name);
	// A credential's preAuthentication, which n8n calls.
	if (path.endsWith('/transport/token.ts')) return name === 'issueAccessToken';
	return false;
}

const usesOfThis = runtimeFiles.flatMap((file) => {
	const source = ts.createSourceFile(
		file,
		readFileSync(file, 'utf8'),
		ts.ScriptTarget.Latest,
		true,
	);
	const found: Array<{ file: string; name: string }> = [];
	const visit = (node: ts.Node) => {
		if (takesThis(node)) found.push({ file, name: functionName(node) });
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found;
});

describe('n8n’s context: `this` where n8n calls, a parameter below', () => {
	it('finds the entry points', () => {
		expect(usesOfThis.length).toBeGreaterThanOrEqual(15);
	});

	it('no other function takes it as `this`', () => {
		const elsewhere = usesOfThis
			.filter(({ file, name }) => !mayTakeThis(file, name))
			.map(({ file, name }) => `${relative(REPO, file)}: ${name}`);
		expect(elsewhere).toEqual([]);
	});
});
