#!/usr/bin/env bash
# Runs the cached n8n against a user folder, for the tests and by hand:
#   scripts/n8n/run.sh <user folder> install-package [name…]   installs the packages (default: all
#                                                          three) as n8n installs a community package
#   scripts/n8n/run.sh <user folder> <n8n arguments…>   e.g. execute --id=… --rawOutput
set -euo pipefail
source "$(dirname "$0")/env.sh"
user_folder="$1"
shift
if [ "${1:-}" = install-package ]; then
	shift
	install_packages_into "$user_folder" "$@"
else
	n8n_cli "$user_folder" "$@"
fi
