/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The secret sweep: every output item, error (message, description, stack, context), hint
 * and log line that the harness sees is written down, and so is every secret the fake
 * providers know. After the whole suite, `sweepForSecrets` reads both: a new operation
 * tested through the harness is swept without anyone adding it to a list.
 */
const SWEEP_DIR = 'SECRET_SWEEP_DIR';

function sweepFile(kind: 'texts' | 'secrets'): string | undefined {
	const dir = process.env[SWEEP_DIR];
	return dir ? join(dir, `${kind}-${process.pid}.jsonl`) : undefined;
}

export function recordTexts(...texts: unknown[]): void {
	const file = sweepFile('texts');
	if (!file) return;
	const lines = texts
		.filter((text) => text !== undefined && text !== null)
		.map((text) => JSON.stringify(typeof text === 'string' ? text : JSON.stringify(text)));
	if (lines.length) appendFileSync(file, `${lines.join('\n')}\n`);
}

/** Everything an error shows a user or a log: message, description, stack and context. */
export function recordError(error: unknown): void {
	if (!error || typeof error !== 'object') return;
	const { message, description, stack, context } = error as Record<string, unknown>;
	recordTexts(message, description, stack, context);
}

export function recordSecrets(secrets: string[]): void {
	const file = sweepFile('secrets');
	if (file && secrets.length) appendFileSync(file, `${JSON.stringify(secrets)}\n`);
}

export interface SweepReport {
	texts: number;
	secrets: number;
	leaks: Array<{ secret: string; excerpt: string }>;
}

/** Where a secret of four characters or more appears in any text; shorter ones are not secrets. */
export function findLeaks(texts: string[], secrets: string[]): SweepReport['leaks'] {
	const leaks: SweepReport['leaks'] = [];
	for (const secret of new Set(secrets.filter((value) => value.length >= 4))) {
		for (const text of texts) {
			const at = text.indexOf(secret);
			if (at === -1) continue;
			const masked = `${secret.slice(0, 3)}…`;
			leaks.push({
				secret: masked,
				excerpt: text
					.slice(Math.max(0, at - 80), at + secret.length + 80)
					.split(secret)
					.join(`[${masked}]`),
			});
			break;
		}
	}
	return leaks;
}

export function sweepForSecrets(dir: string): SweepReport {
	const texts: string[] = [];
	const secrets: string[] = [];
	for (const name of readdirSync(dir)) {
		const lines = readFileSync(join(dir, name), 'utf8').split('\n').filter(Boolean);
		for (const line of lines) {
			if (name.startsWith('texts-')) texts.push(JSON.parse(line) as string);
			else secrets.push(...(JSON.parse(line) as string[]));
		}
	}
	return { texts: texts.length, secrets: new Set(secrets).size, leaks: findLeaks(texts, secrets) };
}

export const SWEEP_DIR_VARIABLE = SWEEP_DIR;
