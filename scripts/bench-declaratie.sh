#!/bin/sh
# Benchmark of issue 14: a region's month of JW323s (10 providers x 5,000
# lines = 50,000 lines against as many toewijzingen) processed end to end
# by the municipality's side (decoded against the XSD, checked, lines stored
# durably, JW325s written) on SQLite, against `xmllint --schema` only
# validating the same files. Go and xmllint only; one run, same files.
# Target: Go at most 1.5x xmllint. Set JEUGDHULP_TEST_DIALECT=postgres and
# JEUGDHULP_TEST_POSTGRES to run the Go side on PostgreSQL.
set -eu
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
xsd=internal/ijw/testdata/xsd/JW323.xsd

echo "Go: decode + check + store + JW325 (files written to $dir)"
JEUGDHULP_BENCH_DIR="$dir" /usr/bin/time -f "go test peak RSS %M KiB" \
	go test ./internal/declaratie -run '^$' -bench '^BenchmarkCheckJW323$' -benchtime 1x -count 1 | tee "$dir/go.txt"
go_ns=$(awk '/^BenchmarkCheckJW323/ {print $3}' "$dir/go.txt")

echo "xmllint --schema on the same files"
start=$(date +%s%N)
/usr/bin/time -f "xmllint peak RSS %M KiB" xmllint --noout --nonet --schema "$xsd" "$dir"/jw323-*.xml 2>&1 | grep -v ' validates$'
end=$(date +%s%N)
xl_ns=$((end - start))

echo "go: $((go_ns / 1000000)) ms; xmllint: $((xl_ns / 1000000)) ms; ratio $(awk -v g="$go_ns" -v x="$xl_ns" 'BEGIN {printf "%.2f", g / x}') (target <= 1.50)"
