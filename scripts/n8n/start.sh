#!/usr/bin/env bash
# The main job: n8n with these nodes loaded, the example workflows, and a local sandbox
# of the three provider APIs, on this machine. Ctrl-C (or SIGINT, SIGTERM, SIGHUP to this
# script or to `npm start`) stops everything it started.
#   N8N_PORT (5678)                  the editor and REST API
#   N8N_RUNNERS_BROKER_PORT (5679)   n8n's task broker
#   SANDBOX_PORT_BASE (5701)         the sandbox APIs, the webhook sink and the
#                                    scripted chat model, 5701–5706
#   SANDBOX_USER_FOLDER              n8n's data (default .n8n-cache/sandbox-user, or
#                                    .n8n-cache/queue-user with --queue); kept across starts,
#                                    reset with `npm run sandbox:reset`
#   GENERIC_TIMEZONE (Europe/Berlin) the instance's time zone: a new workflow's, and the
#                                    examples', which run in it
#   DURABLE_SCHEDULER=true           n8n's durable scheduler: a poll's trigger state is committed
#                                    with the execution it produced (docs/trigger.md)
# With --queue (`npm run start:queue`), n8n runs as teams scale it out: a main process puts
# executions on a Redis queue, two `n8n worker` processes run them, all on one PostgreSQL.
#   QUEUE_POSTGRES_PORT (5711), QUEUE_REDIS_PORT (5712), QUEUE_WORKERS (2)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/n8n/env.sh
source scripts/n8n/queue-services.sh

QUEUE=false
[ "${1:-}" = --queue ] && QUEUE=true
PG_PORT="${QUEUE_POSTGRES_PORT:-5711}"
REDIS_PORT="${QUEUE_REDIS_PORT:-5712}"
WORKERS="${QUEUE_WORKERS:-2}"

if [ "${DURABLE_SCHEDULER:-false}" = true ]; then
	# All four, or n8n keeps the cursors in its old place and only warns.
	export N8N_SCHEDULER_ENABLED=true N8N_SCHEDULER_POLL_TRIGGERS_ENABLED=true \
		N8N_USE_WORKFLOW_PUBLICATION_SERVICE=true N8N_POLLER_DURABLE_CURSORS_ENABLED=true
fi

PORT="${N8N_PORT:-5678}"
BROKER_PORT="${N8N_RUNNERS_BROKER_PORT:-5679}"
SANDBOX_BASE="${SANDBOX_PORT_BASE:-5701}"
DEFAULT_USER_FOLDER="$CACHE/sandbox-user"
[ "$QUEUE" = true ] && DEFAULT_USER_FOLDER="$CACHE/queue-user"
USER_FOLDER="${SANDBOX_USER_FOLDER:-$DEFAULT_USER_FOLDER}"
N8N_LOG="$USER_FOLDER/n8n.log"
OWNER_EMAIL="owner@sandbox.local"
OWNER_PASSWORD="Sandbox-n8n-1"
export N8N_PORT="$PORT" N8N_RUNNERS_BROKER_PORT="$BROKER_PORT" SANDBOX_PORT_BASE="$SANDBOX_BASE"
# One time zone for a new workflow and the examples: n8n's default is New York's.
export GENERIC_TIMEZONE="${GENERIC_TIMEZONE:-Europe/Berlin}"

# Every port, before anything starts or claims success (a second n8n on 5678, or
# `npm run test:e2e`, is the usual culprit), and again right before starting: the first
# install takes minutes, and a port may be taken meanwhile. Every busy port is named at once.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
busy=()
note_port() {
	if port_in_use "$1"; then
		busy+=("port $1 ($2): choose another with $3=<port> npm start")
	fi
}
check_ports() {
	busy=()
	note_port "$PORT" "the n8n editor" N8N_PORT
	note_port "$BROKER_PORT" "n8n's task broker" N8N_RUNNERS_BROKER_PORT
	for offset in 0 1 2 3 4 5; do
		note_port "$((SANDBOX_BASE + offset))" "the sandbox, $SANDBOX_BASE–$((SANDBOX_BASE + 5))" SANDBOX_PORT_BASE
	done
	if [ "$QUEUE" = true ]; then
		note_port "$PG_PORT" "PostgreSQL for queue mode" QUEUE_POSTGRES_PORT
		note_port "$REDIS_PORT" "Redis for queue mode" QUEUE_REDIS_PORT
		# Each worker starts its own task broker, on the ports after the main's.
		for worker in $(seq 1 "$WORKERS"); do
			note_port "$((BROKER_PORT + worker))" "worker $worker's task broker" N8N_RUNNERS_BROKER_PORT
		done
	fi
	if [ ${#busy[@]} -gt 0 ]; then
		echo "Cannot start: ${#busy[@]} port(s) already in use on this machine, perhaps by another n8n or by npm run test:e2e." >&2
		printf '  %s\n' "${busy[@]}" >&2
		exit 1
	fi
}
[ "$QUEUE" = true ] && queue_services_missing && exit 1
check_ports

echo "Building the three packages ..."
# n8n-node build draws a spinner with terminal control codes: its output is shown only if it fails.
if ! build_output="$(npm run build --silent 2>&1)"; then
	sed 's/\x1b\[[0-9;?]*[A-Za-z]//g' <<<"$build_output" >&2
	exit 1
fi
bash scripts/n8n/install.sh
# Not npx: on a terminal it draws a spinner of control codes.
node_modules/.bin/tsc -p tsconfig.sandbox.json
check_ports

pids=()
cleanup() {
	# A second signal (npm forwards the one the whole group got) must not cut the cleanup short.
	trap '' INT TERM HUP
	trap - EXIT
	# n8n first, so that it stops polling the sandbox; it gets 20 s to shut down cleanly.
	for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
	for _ in $(seq 1 40); do
		alive=0
		for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
		[ "$alive" = 0 ] && break
		sleep 0.5
	done
	for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
	if [ "$QUEUE" = true ]; then
		queue_services_stop
		echo "Stopped n8n, its workers, PostgreSQL, Redis and the sandbox."
	else
		echo "Stopped n8n and the sandbox."
	fi
}
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM
trap 'cleanup; exit 129' HUP
trap cleanup EXIT

mkdir -p "$USER_FOLDER"
if [ "$QUEUE" = true ]; then
	queue_services_start "$PG_PORT" "$REDIS_PORT"
	queue_services_env "$PG_PORT" "$REDIS_PORT"
fi
rm -f "$CACHE/sandbox-credentials.json"
node "$CACHE/sandbox-build/sandbox/main.js" "$CACHE/sandbox-credentials.json" &
pids+=($!)
for _ in $(seq 1 50); do
	[ -s "$CACHE/sandbox-credentials.json" ] && break
	# The sandbox has said why it stopped (a port taken in this very moment, say).
	kill -0 "${pids[-1]}" 2>/dev/null || exit 1
	sleep 0.2
done

install_packages_into "$USER_FOLDER"
# What the user has changed is never overwritten: the sandbox credentials on the first start
# only, and each example workflow once, the first time its file is seen.
IMPORTED="$USER_FOLDER/.messaging-stats-imported"
touch "$IMPORTED"
if ! grep -qx 'credentials' "$IMPORTED"; then
	echo "Importing the sandbox credentials into n8n ..."
	n8n_cli "$USER_FOLDER" import:credentials --input="$CACHE/sandbox-credentials.json" >/dev/null
	echo credentials >> "$IMPORTED"
fi
new_examples="$(mktemp -d)"
for example in "$REPO"/examples/*.json; do
	name="$(basename "$example")"
	grep -qx "$name" "$IMPORTED" && continue
	# The examples post to the sandbox's sink on its default port.
	sed "s#127.0.0.1:5705#127.0.0.1:$((SANDBOX_BASE + 4))#g" "$example" > "$new_examples/$name"
done
if compgen -G "$new_examples/*.json" >/dev/null; then
	echo "Importing $(ls "$new_examples" | wc -l) example workflow(s) into n8n, in one n8n run ..."
	n8n_cli "$USER_FOLDER" import:workflow --separate --input="$new_examples" >/dev/null
	ls "$new_examples" >> "$IMPORTED"
fi
rm -rf "$new_examples"

# exec, so that the pid is n8n's own and stopping it stops n8n.
(exec env PATH="$NODE24_HOME/bin:$PATH" N8N_USER_FOLDER="$USER_FOLDER" "$N8N_BIN" start > "$N8N_LOG" 2>&1) &
pids+=($!)
N8N_PID=$!
echo "Starting n8n $N8N_VERSION (log: $N8N_LOG) ..."
if [ "$QUEUE" = true ]; then
	for worker in $(seq 1 "$WORKERS"); do
		(exec env PATH="$NODE24_HOME/bin:$PATH" N8N_USER_FOLDER="$USER_FOLDER" \
			N8N_RUNNERS_BROKER_PORT="$((BROKER_PORT + worker))" "$N8N_BIN" worker --concurrency=10 > "$USER_FOLDER/worker-$worker.log" 2>&1) &
		pids+=($!)
	done
	echo "Starting $WORKERS workers (logs: $USER_FOLDER/worker-*.log), PostgreSQL on $PG_PORT, Redis on $REDIS_PORT"
fi
until curl -sf "http://localhost:$PORT/rest/settings" >/dev/null 2>&1; do
	kill -0 "$N8N_PID" 2>/dev/null || {
		echo "n8n stopped while starting; the end of its log:" >&2
		tail -20 "$N8N_LOG" >&2
		exit 1
	}
	sleep 1
done
# A new instance asks for an owner first; set one up so the editor opens straight away.
# n8n answers before every route is ready on a slow machine, so "running" is said only once
# n8n itself reports the owner set up. (Not by signing in: n8n allows 5 a minute per user.)
owner_set_up() {
	curl -sf "http://localhost:$PORT/rest/settings" | grep -q '"showSetupOnFirstLoad":false'
}
for attempt in $(seq 1 120); do
	owner_set_up && break
	curl -sf -o /dev/null -X POST "http://localhost:$PORT/rest/owner/setup" -H 'content-type: application/json' \
		-d "{\"email\":\"$OWNER_EMAIL\",\"firstName\":\"Sandbox\",\"lastName\":\"Owner\",\"password\":\"$OWNER_PASSWORD\"}" || true
	if [ "$attempt" = 120 ]; then
		echo "n8n answers, but setting up its owner $OWNER_EMAIL failed for 2 minutes; the end of its log:" >&2
		tail -20 "$N8N_LOG" >&2
		exit 1
	fi
	sleep 1
done

cat <<TXT

n8n is running with n8n-nodes-betatel, n8n-nodes-99digital and n8n-nodes-whatomate:
  http://localhost:$PORT
  sign in as $OWNER_EMAIL / $OWNER_PASSWORD
  workflows: the examples ("Messaging stats: …"), credentials: "… (sandbox)"
  point a credential at the real provider to go live; your changes are kept across starts
  (npm run sandbox:reset starts over).
Ctrl-C stops everything this started.
TXT
# `wait` returns when a signal arrives, so the traps run at once.
wait "$N8N_PID"
