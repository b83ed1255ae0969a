/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	ANY_FREE_PORTS,
	SANDBOX_PORTS,
	sandboxCredentials,
	startSandbox,
	type Sandbox,
} from '../../sandbox/sandbox';

let sandbox: Sandbox;
beforeAll(async () => (sandbox = await startSandbox(ANY_FREE_PORTS)));
afterAll(async () => await sandbox.stop());

describe('docs/sandbox.md', () => {
	it('lists every sandbox credential with the values npm start imports', () => {
		const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'sandbox.md'), 'utf8');
		const servers: Record<string, string> = {
			[sandbox.betatel.url]: `http://127.0.0.1:${SANDBOX_PORTS.betatel}`,
			[sandbox.ninetyNineDigital.url]: `http://127.0.0.1:${SANDBOX_PORTS.ninetyNineDigital}`,
			[sandbox.whatomate.url]: `http://127.0.0.1:${SANDBOX_PORTS.whatomate}`,
			[sandbox.whatomateDocumented.url]: `http://127.0.0.1:${SANDBOX_PORTS.whatomateDocumented}`,
			[`${sandbox.model.url}/v1`]: `http://127.0.0.1:${SANDBOX_PORTS.model}/v1`,
		};
		const credentials = sandboxCredentials(sandbox) as Array<{
			name: string;
			data: Record<string, unknown>;
		}>;
		for (const { name, data } of credentials) {
			const row = doc.split('\n').find((line) => line.startsWith(`| ${name} |`));
			expect([name, row]).toEqual([name, expect.any(String)]);
			for (const value of Object.values(data).filter((value) => typeof value === 'string' && value))
				expect([name, row]).toEqual([
					name,
					expect.stringContaining(`\`${servers[value as string] ?? value}\``),
				]);
		}
	});
});
