/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { dirname } from 'node:path';

/** The logger n8n-core hands a node's context, from n8n-core's own dependencies. */
export function n8nLogger(): { warn: (...args: unknown[]) => void } {
	const core = { paths: [dirname(require.resolve('n8n-core'))] };
	/* eslint-disable @typescript-eslint/no-require-imports -- jest's registry, where n8n-core runs */
	const { Container } = require(require.resolve('@n8n/di', core)) as typeof import('@n8n/di');
	const { Logger } = require(
		require.resolve('@n8n/backend-common', core),
	) as typeof import('@n8n/backend-common');
	/* eslint-enable @typescript-eslint/no-require-imports */
	return Container.get(Logger) as unknown as { warn: (...args: unknown[]) => void };
}

/** Runs `run` and gives the first argument of every warning n8n's logger got meanwhile. */
export async function warningsDuring(run: () => Promise<void>): Promise<string[]> {
	const logger = n8nLogger();
	const original = logger.warn;
	const warnings: string[] = [];
	logger.warn = (...args: unknown[]) => {
		warnings.push(String(args[0]));
		original.apply(logger, args);
	};
	try {
		await run();
	} finally {
		logger.warn = original;
	}
	return warnings;
}
