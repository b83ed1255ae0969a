// Runs @n8n/scan-community-package's analysis on an unpacked package folder:
//   node scripts/scan-package.mjs <scanner install folder> <unpacked package folder>
// analyzePackage() fails on errors only; the same lint is run once more to fail on warnings.
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [scannerDir, packageDir] = process.argv.slice(2).map((path) => resolve(path));
const requireFromScanner = createRequire(join(scannerDir, 'package.json'));
const scannerRoot = join(scannerDir, 'node_modules', '@n8n', 'scan-community-package');
const scanner = await import(pathToFileURL(join(scannerRoot, 'scanner', 'scanner.mjs')).href);
const { ESLint } = requireFromScanner(
	createRequire(join(scannerRoot, 'package.json')).resolve('eslint'),
);
const { version } = requireFromScanner('@n8n/scan-community-package/package.json');

const result = await scanner.analyzePackage(packageDir);
const eslint = new ESLint({
	cwd: packageDir,
	allowInlineConfig: false,
	overrideConfigFile: true,
	overrideConfig: await scanner.buildScanConfig(),
});
const files = ['package.json', 'dist/**/*.js', 'dist/**/*.json'];
const results = await eslint.lintFiles(files);
const warnings = results.reduce((sum, file) => sum + file.warningCount, 0);
const errors = results.reduce((sum, file) => sum + file.errorCount, 0);
const scanned = results.length;

if (!result.passed || warnings > 0 || errors > 0) {
	console.error(`@n8n/scan-community-package ${version}: ${result.message ?? 'warnings found'}`);
	const formatter = await eslint.loadFormatter('stylish');
	console.error(result.details ?? (await formatter.format(results)));
	process.exit(1);
}
console.log(
	`@n8n/scan-community-package ${version}: the packed tarball passed (${scanned} files, 0 errors, 0 warnings)`,
);
