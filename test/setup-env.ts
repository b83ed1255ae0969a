/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { recordTexts } from './harness/sweep';

// n8n-core writes a key file to the user folder when none is set: keep it out of ~/.n8n.
process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-test-'));
process.env.N8N_ENCRYPTION_KEY ??= 'test-only-encryption-key';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
process.env.GENERIC_TIMEZONE ??= 'UTC';
process.env.N8N_LOG_LEVEL ??= 'silent';

// What nodes log goes through n8n-core's Logger: each line is kept for the secret sweep.
// n8n-core has its own copies of @n8n/di and @n8n/backend-common, so they are loaded from there.
const requireFromCore = createRequire(require.resolve('n8n-core'));
const { Container } = requireFromCore('@n8n/di') as typeof import('@n8n/di');
const { Logger } = requireFromCore('@n8n/backend-common') as typeof import('@n8n/backend-common');
const logger = Container.get(Logger) as unknown as Record<string, (...args: unknown[]) => void>;
for (const level of ['error', 'warn', 'info', 'debug']) {
	const original = logger[level].bind(logger);
	logger[level] = (...args: unknown[]) => {
		recordTexts(...args);
		original(...args);
	};
}
