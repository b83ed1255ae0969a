#!/usr/bin/env bash
# PostgreSQL and Redis for n8n's queue mode, from Debian's packages, on loopback ports, with
# their data in .n8n-cache/queue/. Sourced by start.sh --queue and by the queue tests' runner.
#   queue_services_start <postgres port> <redis port>
#   queue_services_stop
#   queue_services_env <postgres port> <redis port>   exports n8n's DB_* and QUEUE_* settings
QUEUE_DIR="$CACHE/queue"
PG_DATA="$QUEUE_DIR/postgres"
PG_SOCKETS="$QUEUE_DIR/sockets"
REDIS_DIR="$QUEUE_DIR/redis"
QUEUE_DB=n8n_queue
QUEUE_DB_USER=n8n_queue
# Only ever guards a database on loopback that holds the sandbox's data.
QUEUE_DB_PASSWORD=local-queue-sandbox

pg_bin() {
	local found
	found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
	[ -n "$found" ] && [ -x "$found/initdb" ] && echo "$found"
}

queue_services_missing() {
	local missing=()
	pg_bin >/dev/null || missing+=(postgresql)
	command -v redis-server >/dev/null || missing+=(redis-server)
	if [ "${#missing[@]}" -gt 0 ]; then
		echo "Queue mode needs PostgreSQL and Redis from Debian's packages; missing: ${missing[*]}." >&2
		echo "Install them with:  sudo apt-get install -y postgresql redis-server" >&2
		return 0
	fi
	return 1
}

# PostgreSQL refuses to run as root: as root (CI), its processes run as the postgres user the
# Debian package creates, on a data folder that user owns.
as_pg_user() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

queue_services_start() {
	local pg_port="$1" redis_port="$2" bin
	queue_services_missing && return 1
	bin="$(pg_bin)"
	mkdir -p "$QUEUE_DIR" "$PG_SOCKETS" "$REDIS_DIR"
	touch "$QUEUE_DIR/postgres.log"
	[ "$(id -u)" = 0 ] && chown postgres "$PG_SOCKETS" "$QUEUE_DIR/postgres.log"
	if [ ! -s "$PG_DATA/PG_VERSION" ]; then
		rm -rf "$PG_DATA"
		mkdir -p "$PG_DATA"
		[ "$(id -u)" = 0 ] && chown postgres "$PG_DATA"
		as_pg_user "$bin/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 >"$QUEUE_DIR/initdb.log" 2>&1 || {
			cat "$QUEUE_DIR/initdb.log" >&2
			return 1
		}
	fi
	as_pg_user "$bin/pg_ctl" -D "$PG_DATA" -l "$QUEUE_DIR/postgres.log" -w -t 60 start \
		-o "-p $pg_port -k $PG_SOCKETS -c listen_addresses=127.0.0.1" >/dev/null || {
		tail -20 "$QUEUE_DIR/postgres.log" >&2
		return 1
	}
	local psql=("$bin/psql" -h "$PG_SOCKETS" -p "$pg_port" -U postgres -d postgres -qtA)
	if [ -z "$("${psql[@]}" -c "select 1 from pg_roles where rolname = '$QUEUE_DB_USER'")" ]; then
		"${psql[@]}" -c "create role $QUEUE_DB_USER login password '$QUEUE_DB_PASSWORD'" >/dev/null
		"${psql[@]}" -c "create database $QUEUE_DB owner $QUEUE_DB_USER" >/dev/null
	fi
	redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$REDIS_DIR" --save '' \
		--appendonly no --daemonize yes --pidfile "$REDIS_DIR/redis.pid" \
		--logfile "$QUEUE_DIR/redis.log" >/dev/null
	for _ in $(seq 1 50); do
		redis-cli -p "$redis_port" ping 2>/dev/null | grep -q PONG && return 0
		sleep 0.2
	done
	echo "Redis did not answer on port $redis_port; its log: $QUEUE_DIR/redis.log" >&2
	return 1
}

queue_services_stop() {
	local bin
	bin="$(pg_bin)" || return 0
	[ -s "$PG_DATA/postmaster.pid" ] &&
		as_pg_user "$bin/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1
	[ -s "$REDIS_DIR/redis.pid" ] && kill "$(cat "$REDIS_DIR/redis.pid")" 2>/dev/null
	rm -f "$REDIS_DIR/redis.pid"
	return 0
}

# Starts over: the database and the queue emptied (the tests do this; start.sh --queue keeps them).
queue_services_reset() {
	local pg_port="$1" redis_port="$2" bin
	bin="$(pg_bin)"
	local psql=("$bin/psql" -h "$PG_SOCKETS" -p "$pg_port" -U postgres -d postgres -qtA)
	"${psql[@]}" -c "drop database if exists $QUEUE_DB with (force)" >/dev/null
	"${psql[@]}" -c "create database $QUEUE_DB owner $QUEUE_DB_USER" >/dev/null
	redis-cli -p "$redis_port" flushall >/dev/null
}

queue_services_env() {
	export DB_TYPE=postgresdb DB_POSTGRESDB_HOST=127.0.0.1 DB_POSTGRESDB_PORT="$1"
	export DB_POSTGRESDB_DATABASE="$QUEUE_DB" DB_POSTGRESDB_USER="$QUEUE_DB_USER"
	export DB_POSTGRESDB_PASSWORD="$QUEUE_DB_PASSWORD"
	export EXECUTIONS_MODE=queue QUEUE_BULL_REDIS_HOST=127.0.0.1 QUEUE_BULL_REDIS_PORT="$2"
	# Executions started from the editor run on the workers too, as a user of queue mode expects.
	export OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true
}
