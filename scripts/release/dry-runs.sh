#!/usr/bin/env bash
# What a tag of each package's current version would publish: scripts/release/release.sh --dry-run
# for all three, each through its own gate.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/n8n/env.sh
for name in "${PACKAGES[@]}"; do
	version="$(node -p 'require(process.argv[1]).version' "$PWD/packages/$name/package.json")"
	bash scripts/release/release.sh "$name@$version" --dry-run
done
