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
