// Runs one leg of @n8n/scan-community-package's analysis, as its analyzePackageByName does:
//   node scripts/release/scan-package.mjs <scanner install folder> source <repository snapshot> <package name>
//     the package's folder found as the scanner finds it in the attested GitHub source (the
//     package.json whose name is the package's), linted over SOURCE_FILE_PATTERNS;
//   node scripts/release/scan-package.mjs <scanner install folder> tarball <unpacked npm pack folder>
//     the published files, linted over **/*.js and package.json.
// analyzePackage() fails on errors only; the same files are linted once more to fail on warnings.
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [scannerArg, leg, folderArg, packageName] = process.argv.slice(2);
const scannerDir = resolve(scannerArg);
const requireFromScanner = createRequire(join(scannerDir, 'package.json'));
const scannerRoot = join(scannerDir, 'node_modules', '@n8n', 'scan-community-package');
const requireInScanner = createRequire(join(scannerRoot, 'package.json'));
const scanner = await import(pathToFileURL(join(scannerRoot, 'scanner', 'scanner.mjs')).href);
const { ESLint } = requireFromScanner(requireInScanner.resolve('eslint'));
const glob = requireFromScanner(requireInScanner.resolve('fast-glob'));
const { version } = requireFromScanner('@n8n/scan-community-package/package.json');

let packageDir = resolve(folderArg);
let patterns = ['**/*.js', 'package.json'];
if (leg === 'source') {
	packageDir = scanner.findPackageRoot(packageDir, packageName);
	if (!packageDir) {
		console.error(`No package.json named ${packageName} in ${folderArg}`);
		process.exit(1);
	}
	patterns = scanner.SOURCE_FILE_PATTERNS;
} else if (leg !== 'tarball') {
	console.error(`Unknown leg ${leg}: source or tarball`);
	process.exit(1);
}

const result = await scanner.analyzePackage(packageDir, patterns);
const eslint = new ESLint({
	cwd: packageDir,
	allowInlineConfig: false,
	overrideConfigFile: true,
	overrideConfig: await scanner.buildScanConfig(),
});
const files = glob.sync(patterns, {
	cwd: packageDir,
	absolute: true,
	ignore: ['node_modules/**', '**/package-lock.json'],
});
const results = await eslint.lintFiles(files);
const warnings = results.reduce((sum, file) => sum + file.warningCount, 0);
const errors = results.reduce((sum, file) => sum + file.errorCount, 0);
const where = leg === 'source' ? relative(resolve(folderArg), packageDir) : 'the packed tarball';

if (!result.passed || warnings > 0 || errors > 0) {
	console.error(
		`@n8n/scan-community-package ${version}, ${leg} leg: ${result.message ?? 'warnings found'}`,
	);
	const formatter = await eslint.loadFormatter('stylish');
	console.error(result.details ?? (await formatter.format(results)));
	process.exit(1);
}
console.log(
	`@n8n/scan-community-package ${version}, ${leg} leg: ${where} passed (${results.length} files, 0 errors, 0 warnings)`,
);
