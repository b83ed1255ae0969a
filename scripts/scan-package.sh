#!/usr/bin/env bash
# Packs the package as npm would publish it, unpacks the tarball and runs n8n's own
# community-package scanner on it, failing on any error or warning. The scanner's CLI only
# scans packages already on npm, so its exported analysis is run on the unpacked folder.
set -euo pipefail
cd "$(dirname "$0")/.."

SCANNER_VERSION=0.32.0
SCANNER_DIR="$PWD/.n8n-cache/scanner-$SCANNER_VERSION"
if [ ! -f "$SCANNER_DIR/.complete" ]; then
	echo "Installing @n8n/scan-community-package $SCANNER_VERSION into $SCANNER_DIR"
	rm -rf "$SCANNER_DIR"
	mkdir -p "$SCANNER_DIR"
	echo '{"private":true}' > "$SCANNER_DIR/package.json"
	# Scripts off: isolated-vm, deep in its tree, only builds against Node 24's headers.
	npm install --prefix "$SCANNER_DIR" --no-audit --no-fund --ignore-scripts \
		"@n8n/scan-community-package@$SCANNER_VERSION" >/dev/null
	touch "$SCANNER_DIR/.complete"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
npm pack --pack-destination "$work" --silent >/dev/null
tar -xzf "$work"/*.tgz -C "$work"
node scripts/scan-package.mjs "$SCANNER_DIR" "$work/package"
