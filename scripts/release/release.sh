#!/usr/bin/env bash
# Publishes one package, named with its version by a tag such as n8n-nodes-betatel@0.2.0, as
# .github/workflows/publish.yml does: the tag checked against the package, the package's gate,
# then n8n-node release, which lints, builds and publishes with provenance. With --dry-run
# (CI does this for every package), all of it but the upload, listing the files it would publish.
#   bash scripts/release/release.sh <package>@<version> [--dry-run]
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/n8n/env.sh

tag="${1:?usage: bash scripts/release/release.sh <package>@<version> [--dry-run]}"
dry_run=false
[ "${2:-}" = --dry-run ] && dry_run=true
name="${tag%@*}"
version="${tag##*@}"

known=false
for package in "${PACKAGES[@]}"; do [ "$package" = "$name" ] && known=true; done
if [ "$known" != true ] || [ "$name" = "$tag" ]; then
	echo "The tag $tag names no package of this repository: use <package>@<version>, the package one of ${PACKAGES[*]}." >&2
	exit 1
fi
declared="$(node -p 'require(process.argv[1]).version' "$PWD/packages/$name/package.json")"
if [ "$version" != "$declared" ]; then
	echo "The tag $tag says version $version, but packages/$name/package.json says $declared." >&2
	exit 1
fi

bash scripts/release/gate.sh "$name"
cd "packages/$name"
if [ "$dry_run" = true ]; then
	echo "── $tag would publish (dry run, no upload):"
	# RELEASE_MODE is what n8n-node release sets; provenance can only be made in GitHub Actions.
	RELEASE_MODE=true npm publish --dry-run --provenance=false 2>&1 | sed -n 's/^npm notice //p'
	exit 0
fi
if [ -z "${GITHUB_ACTIONS:-}" ]; then
	echo "Publishing runs only in GitHub Actions, where npm can attach provenance: push the tag $tag." >&2
	exit 1
fi
npm run release
