const { src, dest, parallel } = require('gulp');

// n8n resolves `file:` icons relative to the compiled node, so the SVGs must sit beside dist/.
function buildIcons() {
	return src('icons/**/*.svg').pipe(dest('dist/icons'));
}

// Codex files describe each node to n8n's panel; tsc copies only JSON that code imports.
function buildCodex() {
	return src('nodes/**/*.node.json').pipe(dest('dist/nodes'));
}

exports['build:icons'] = parallel(buildIcons, buildCodex);
