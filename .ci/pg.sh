#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for tests and CI (see STACK.md, "PostgreSQL in
# tests and CI"). Run as root; the server runs as user postgres.
#
#   eval "$(.ci/pg.sh start DIR)"   # initdb in DIR, start on 127.0.0.1:55432,
#                                   # create jeugdhulp_test, print the export line
#   .ci/pg.sh stop DIR              # stop the cluster and delete what start made
#
# DIR must be reachable by user postgres (e.g. under /tmp, not under /root).
# If another cluster already holds the port and it was made by this script
# (a leftover from an earlier run), it is stopped; anything else is an error.
# Environment: PG_CI_PORT (default 55432), PG_CI_KEEP=1 makes stop keep DIR.
set -euo pipefail

PORT="${PG_CI_PORT:-55432}"
DB=jeugdhulp_test
MARKER=.jeugdhulp-ci-pg

die() { echo ".ci/pg.sh: $*" >&2; exit 1; }

usage() { echo "usage: .ci/pg.sh start|stop DIR" >&2; exit 2; }

as_pg() { runuser -u postgres -- "$@"; }

# bindir: the PostgreSQL server binaries, version 15 preferred, else the newest.
bindir() {
	local d best=""
	if [[ -x /usr/lib/postgresql/15/bin/initdb ]]; then
		echo /usr/lib/postgresql/15/bin
		return
	fi
	for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V); do
		[[ -x "$d/initdb" && -x "$d/pg_ctl" ]] && best="$d"
	done
	[[ -n "$best" ]] || die "no PostgreSQL server found (/usr/lib/postgresql/*/bin/initdb); run .ci/install.sh"
	echo "$best"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# postmaster_on_port PORT: data directory of the running postmaster that
# listens on PORT (empty if none). Every postgres process has its data
# directory as cwd; postmaster.pid line 1 is the postmaster pid, line 4 the port.
postmaster_on_port() {
	local p exe cwd pidfile
	for p in /proc/[0-9]*; do
		exe="$(readlink "$p/exe" 2>/dev/null)" || continue
		[[ "$exe" == /usr/lib/postgresql/*/bin/postgres ]] || continue
		cwd="$(readlink "$p/cwd" 2>/dev/null)" || continue
		pidfile="$cwd/postmaster.pid"
		[[ -r "$pidfile" ]] || continue
		if [[ "$(sed -n 1p "$pidfile")" == "${p#/proc/}" && "$(sed -n 4p "$pidfile")" == "$1" ]]; then
			echo "$cwd"
			return
		fi
	done
}

stop_cluster() { # stop_cluster DATADIR: fast shutdown if running
	local data="$1" bin
	[[ -f "$data/postmaster.pid" ]] || return 0
	bin="$(bindir)"
	as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1 || return 0
	if ! as_pg "$bin/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null 2>&1; then
		as_pg "$bin/pg_ctl" -D "$data" -m immediate -w -t 30 stop >/dev/null \
			|| die "could not stop the cluster in $data"
	fi
}

start() {
	local dir="$1" bin data log leftover
	bin="$(bindir)"
	data="$dir/data"
	log="$dir/postgres.log"
	(( ${#dir} + 20 < 107 )) || die "DIR path too long for a unix socket: $dir"

	# A leftover cluster of this script on our port: stop it. Anything else: refuse.
	leftover="$(postmaster_on_port "$PORT")"
	if [[ -n "$leftover" ]]; then
		if [[ -e "$(dirname "$leftover")/$MARKER" ]]; then
			echo ".ci/pg.sh: stopping leftover cluster $leftover on port $PORT" >&2
			stop_cluster "$leftover"
		else
			die "port $PORT is held by a PostgreSQL cluster not made by pg.sh ($leftover); stop it first"
		fi
	fi
	if port_open "$PORT"; then
		die "port $PORT on 127.0.0.1 is in use by another program"
	fi

	# Start from nothing: remove an earlier cluster in the same DIR.
	if [[ -e "$data" ]]; then
		[[ -e "$dir/$MARKER" ]] || die "$data exists and was not made by pg.sh; refusing to delete it"
		stop_cluster "$data"
		rm -rf -- "$data"
	fi
	install -d -o postgres -g postgres "$dir"
	as_pg test -w "$dir" || die "user postgres cannot write $dir (a parent directory is not searchable?)"
	touch "$dir/$MARKER"

	if ! as_pg "$bin/initdb" -D "$data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1; then
		cat "$dir/initdb.log" >&2
		die "initdb failed"
	fi
	if ! as_pg "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 \
		-o "-p $PORT -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
		start >/dev/null 2>&1; then
		cat "$log" >&2 2>/dev/null || true
		die "pg_ctl start failed"
	fi
	if ! as_pg "$bin/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$DB" >&2; then
		die "createdb $DB failed"
	fi
	echo "export JEUGDHULP_TEST_POSTGRES='postgres://postgres@127.0.0.1:${PORT}/${DB}?sslmode=disable'"
}

stop() {
	local dir="$1"
	[[ -d "$dir" ]] || return 0
	if [[ -e "$dir/data" && ! -e "$dir/$MARKER" ]]; then
		die "$dir was not made by pg.sh; refusing to touch it"
	fi
	stop_cluster "$dir/data"
	if [[ "${PG_CI_KEEP:-}" != 1 ]]; then
		rm -rf -- "$dir/data" "$dir/postgres.log" "$dir/initdb.log" "$dir/$MARKER"
		rmdir -- "$dir" 2>/dev/null || true # keep DIR if the caller put other things in it
	fi
}

[[ $# -eq 2 ]] || usage
[[ $(id -u) -eq 0 ]] || die "must run as root (initdb runs as user postgres via runuser)"
dir="$(realpath -m -- "$2")"
cd /
case "$1" in
start) start "$dir" ;;
stop) stop "$dir" ;;
*) usage ;;
esac
