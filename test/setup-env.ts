import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// n8n-core writes a key file to the user folder when none is set: keep it out of ~/.n8n.
process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-test-'));
process.env.N8N_ENCRYPTION_KEY ??= 'test-only-encryption-key';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
process.env.GENERIC_TIMEZONE ??= 'UTC';
process.env.N8N_LOG_LEVEL ??= 'silent';
