#!/usr/bin/env bash
# Puts the main job back as it was on its first start: n8n's data (the owner, the sandbox
# credentials, the example workflows and everything changed since), and queue mode's
# database and queue, are deleted; the next `npm start` or `npm run start:queue` imports
# them anew.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/n8n/env.sh
USER_FOLDER="${SANDBOX_USER_FOLDER:-$CACHE/sandbox-user}"
for port in "${N8N_PORT:-5678}" "${QUEUE_POSTGRES_PORT:-5711}"; do
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
		echo "Something answers on port $port: stop npm start (or npm run start:queue) first." >&2
		exit 1
	fi
done
rm -rf "$USER_FOLDER" "$CACHE/queue-user" "$CACHE/queue"
echo "Reset: the next npm start imports the sandbox credentials and the examples anew."
