/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test tooling, run by Node beside n8n, never inside it */
import { rmSync } from 'node:fs';

import { SWEEP_DIR_VARIABLE, sweepForSecrets } from './sweep';

/**
 * Fails the test run when any secret a fake provider knows appeared in any output, error,
 * hint or log line of the whole suite. Too little swept is a failure too: it would mean
 * the harness stopped recording.
 */
export default function globalTeardown(): void {
	const dir = process.env[SWEEP_DIR_VARIABLE];
	if (!dir) throw new Error('secret sweep: no folder was set up');
	const report = sweepForSecrets(dir);
	rmSync(dir, { recursive: true, force: true });
	if (report.texts < 100 || report.secrets < 3) {
		throw new Error(
			`secret sweep: only ${report.texts} texts and ${report.secrets} secrets were recorded; the harness is not recording`,
		);
	}
	if (report.leaks.length) {
		const lines = report.leaks.map((leak) => `  ${leak.secret} in: ${leak.excerpt}`);
		throw new Error(`secret sweep: ${report.leaks.length} secrets leaked\n${lines.join('\n')}`);
	}
	process.stdout.write(
		`secret sweep: ${report.texts} outputs, errors, hints and log lines checked for ${report.secrets} secrets; none found\n`,
	);
}
