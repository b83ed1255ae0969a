#!/usr/bin/env bash
# Puts the main job back as it was on its first start: n8n's data (the owner, the sandbox
# credentials, the example workflows and everything changed since) is deleted, and the next
# `npm start` imports them anew.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/n8n-env.sh
USER_FOLDER="${SANDBOX_USER_FOLDER:-$CACHE/sandbox-user}"
if (exec 3<>"/dev/tcp/127.0.0.1/${N8N_PORT:-5678}") 2>/dev/null; then
	echo "Something answers on port ${N8N_PORT:-5678}: stop npm start first." >&2
	exit 1
fi
rm -rf "$USER_FOLDER"
echo "Reset: the next npm start imports the sandbox credentials and the examples anew."
