/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- a developer script, run by Node beside n8n, never inside it */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { shippedNodes } from '../../test/packages/lockedNodes';
import {
	compareWithLock,
	extendLock,
	LOCK_FILE,
	lockOf,
	type NodeVersionLock,
} from '../../test/packages/nodeVersions';

/**
 * `npm run lock:nodes`: records in the lock what the nodes add (a parameter, an option value,
 * a version, a node). It refuses while anything recorded has changed: that needs a new node
 * version, not a new lock (docs/development.md, "Adding a node version").
 */
const file = join(__dirname, '..', '..', '..', '..', LOCK_FILE);
const locked = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as NodeVersionLock) : {};
const current = lockOf(shippedNodes());
const { broken, added } = compareWithLock(locked, current);
if (broken.length) {
	process.stderr.write(
		`Not written: these change what saved workflows of an existing version rely on. Put the change in a new node version instead (docs/development.md, "Adding a node version"):\n- ${broken.join('\n- ')}\n`,
	);
	process.exit(1);
}
writeFileSync(file, `${JSON.stringify(extendLock(locked, current), null, '\t')}\n`);
process.stdout.write(
	added.length
		? `Recorded in ${LOCK_FILE}:\n- ${added.join('\n- ')}\n`
		: `${LOCK_FILE} is up to date\n`,
);
