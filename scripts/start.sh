#!/usr/bin/env bash
# The main job: n8n with these nodes loaded, the example workflows, and a local sandbox
# of the three provider APIs, on this machine. Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/n8n-env.sh

PORT="${N8N_PORT:-5678}"
USER_FOLDER="$CACHE/sandbox-user"
OWNER_EMAIL="owner@sandbox.local"
OWNER_PASSWORD="Sandbox-n8n-1"
export N8N_PORT="$PORT"

npm run build --silent >/dev/null
bash scripts/install-n8n.sh >/dev/null
npx tsc -p tsconfig.sandbox.json

pids=()
cleanup() {
	trap - INT TERM EXIT
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	echo "Stopped n8n and the sandbox."
}
trap cleanup INT TERM EXIT

mkdir -p "$USER_FOLDER"
node "$CACHE/sandbox-build/sandbox/main.js" "$CACHE/sandbox-credentials.json" &
pids+=($!)
for _ in $(seq 1 50); do [ -s "$CACHE/sandbox-credentials.json" ] && break; sleep 0.2; done

install_package_into "$USER_FOLDER"
n8n_cli "$USER_FOLDER" import:credentials --input="$CACHE/sandbox-credentials.json" >/dev/null
n8n_cli "$USER_FOLDER" import:workflow --separate --input="$REPO/examples" >/dev/null

# exec, so that the pid is n8n's own and stopping it stops n8n.
(exec env PATH="$NODE24_HOME/bin:$PATH" N8N_USER_FOLDER="$USER_FOLDER" "$N8N_BIN" start > "$CACHE/n8n.log" 2>&1) &
pids+=($!)
echo "Starting n8n $N8N_VERSION (log: $CACHE/n8n.log) ..."
until curl -sf "http://localhost:$PORT/rest/settings" >/dev/null 2>&1; do
	kill -0 "${pids[1]}" 2>/dev/null || { tail -20 "$CACHE/n8n.log"; exit 1; }
	sleep 1
done
# A new instance asks for an owner first; set one up so the editor opens straight away.
curl -sf -X POST "http://localhost:$PORT/rest/owner/setup" -H 'content-type: application/json' \
	-d "{\"email\":\"$OWNER_EMAIL\",\"firstName\":\"Sandbox\",\"lastName\":\"Owner\",\"password\":\"$OWNER_PASSWORD\"}" >/dev/null 2>&1 || true

cat <<TXT

n8n is running with n8n-nodes-messaging-stats:  http://localhost:$PORT
  sign in as $OWNER_EMAIL / $OWNER_PASSWORD
  workflows: the three examples ("Messaging stats: …"), credentials: "… (sandbox)"
  point a credential at the real provider to go live.
Ctrl-C stops n8n and the sandbox.
TXT
wait "${pids[1]}"
