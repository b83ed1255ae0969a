#!/usr/bin/env bash
# n8n's gate, for each package alone, in its own folder: n8n-node build, n8n-node lint
# (strict), n8n-node cloud-support, then both legs of n8n's community-package scanner: the
# source leg on the package's folder in a snapshot of the repository as GitHub serves it,
# and the tarball leg on its unpacked `npm pack`.
#   bash scripts/release/gate.sh [package name…]    (default: all three)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/n8n/env.sh

SCANNER_VERSION=0.32.0
SCANNER_DIR="$CACHE/scanner-$SCANNER_VERSION"
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
# What the scanner downloads from GitHub: the tracked files (links kept as links), with no
# build output and no node_modules. Files not yet committed are taken as they are now.
mkdir -p "$work/source"
git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$work/source"

names=("$@")
[ ${#names[@]} -eq 0 ] && names=("${PACKAGES[@]}")
for name in "${names[@]}"; do
	echo "── $name"
	(
		cd "packages/$name"
		npx n8n-node build >/dev/null
		echo "n8n-node build: built"
		npx n8n-node lint >/dev/null
		echo "n8n-node lint (strict): 0 errors, 0 warnings"
		# Its verdict is coloured when CI is set: read it without the terminal codes.
		verdict="$(NO_COLOR=1 npx n8n-node cloud-support | sed 's/\x1b\[[0-9;?]*[A-Za-z]//g')"
		if ! grep -q 'eligible for n8n Cloud verification' <<<"$verdict"; then
			echo "$verdict" >&2
			echo "n8n-node cloud-support: $name is not eligible" >&2
			exit 1
		fi
		echo "n8n-node cloud-support: eligible"
	)
	node scripts/release/scan-package.mjs "$SCANNER_DIR" source "$work/source" "$name"
	mkdir -p "$work/$name"
	tarball="$(cd "packages/$name" && npm pack --silent --pack-destination "$work/$name")"
	tar -xzf "$work/$name/$tarball" -C "$work/$name"
	node scripts/release/scan-package.mjs "$SCANNER_DIR" tarball "$work/$name/package"
done
