/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SWEEP_DIR_VARIABLE } from './sweep';

// The test workers start after this and inherit the variable: they all write to this folder.
export default function globalSetup(): void {
	process.env[SWEEP_DIR_VARIABLE] = mkdtempSync(join(tmpdir(), 'secret-sweep-'));
}
