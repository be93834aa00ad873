#!/usr/bin/env bash
# Benchmark of issue 16: every KPI and deadline figure of a region of N
# trajectories with their history (kpi.Alles: KPIs per region,
# municipality and consortium, deadlines, Treeknorm waits, waiting times)
# against one bare scan of the history table (events, every column of every
# row scanned), on SQLite and on PostgreSQL. Per database the data are
# generated once (internal/kpi/bench_test.go), then both benchmarks run in
# one process on that database. Target: KPI time at most 5x scan time.
#
# Usage: scripts/bench-kpi.sh [N] [sqlite|postgres|both]   (default 1000000 both)
# Run as root for PostgreSQL (.ci/pg.sh makes a throwaway cluster on port
# $PG_CI_PORT, default here 55442 so that it does not meet a CI run's).
# Generating 1,000,000 trajectories (~13 million rows) takes a few minutes
# on SQLite and longer on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
which=${2:-both}
export PG_CI_PORT=${PG_CI_PORT:-55442}
work=$(mktemp -d /tmp/bench-kpi.XXXXXX)
chmod 755 "$work" # user postgres keeps its cluster in $work/pg
pgdir=$work/pg
cleanup() {
	[[ -d "$pgdir" ]] && .ci/pg.sh stop "$pgdir" >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

go test -c -o "$work/kpi.test" ./internal/kpi
summary=()

run() { # run DIALECT: generate and benchmark on one database
	local dialect=$1 out=$work/$1.txt start end scan kpi
	echo "== $dialect, N=$n"
	start=$(date +%s)
	JEUGDHULP_BENCH_KPI_N=$n JEUGDHULP_TEST_DIALECT=$dialect \
		/usr/bin/time -f "peak RSS %M KiB" "$work/kpi.test" -test.run '^$' \
		-test.bench '^(BenchmarkHistoryScan|BenchmarkKPIAlles)$' -test.benchtime 3x -test.count 1 -test.timeout 0 2>&1 | tee "$out"
	end=$(date +%s)
	scan=$(awk '/^BenchmarkHistoryScan/ {print $3}' "$out")
	kpi=$(awk '/^BenchmarkKPIAlles/ {print $3}' "$out")
	if [[ -z "$scan" || -z "$kpi" ]]; then
		echo "bench-kpi: $dialect: no result" >&2
		exit 1
	fi
	summary+=("$(awk -v d="$dialect" -v s="$scan" -v k="$kpi" -v w=$((end - start)) 'BEGIN {
		r = k / s
		printf "%-8s scan %6.2f s   KPI %6.2f s   ratio %4.2f  %s (target <= 5)   whole run %d s", d, s / 1e9, k / 1e9, r, (r <= 5 ? "MET" : "NOT MET"), w
	}')")
}

if [[ "$which" == sqlite || "$which" == both ]]; then
	JEUGDHULP_BENCH_KPI_DB=$work/kpi.db run sqlite
	ls -l "$work/kpi.db"
	rm -f "$work"/kpi.db*
fi
if [[ "$which" == postgres || "$which" == both ]]; then
	pgenv=$(.ci/pg.sh start "$pgdir")
	eval "$pgenv"
	JEUGDHULP_BENCH_KPI_DB=bench_kpi run postgres
	.ci/pg.sh stop "$pgdir"
fi
echo "== N=$n trajectories, $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
printf '%s\n' "${summary[@]}"
