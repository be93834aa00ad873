#!/usr/bin/env bash
# Benchmark of issue 5, item 11: the request rate of the toegangsmedewerker's
# "Mijn werk" page (GET / as toegang@demo.jeugdhulp.nl, logged in through the
# login form; every youth shown is access-logged) on a database with N
# synthetic trajectories, against a bare net/http handler that writes a page
# of the same size, at 16, 64 and 128 clients, alternating in rounds
# (figures are medians); the verdict compares each side's highest rate.
# Runs SQLite and,
# when JEUGDHULP_BENCH_POSTGRES holds a URL, PostgreSQL (in a schema of its
# own, dropped afterwards). Loopback only; needs only Go.
#
#   scripts/bench-mijnwerk.sh [-n 100000] [-duration 10s] [-rounds 5] [-c 16,64,128] [-cpuprofile PREFIX] [-trace PREFIX]
#   JEUGDHULP_BENCH_POSTGRES=postgres://…@127.0.0.1:55432/… scripts/bench-mijnwerk.sh
#
# A throwaway PostgreSQL: eval "$(.ci/pg.sh start /tmp/pg)" prints and sets
# JEUGDHULP_TEST_POSTGRES; pass that URL as JEUGDHULP_BENCH_POSTGRES.
# Target (issue 5): Mijn werk at least 40 % of the bare handler's rate.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/benchmijnwerk" ./tools/benchmijnwerk
"$tmp/benchmijnwerk" "$@"
