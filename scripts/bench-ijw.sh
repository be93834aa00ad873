#!/usr/bin/env bash
# Benchmarks the iJw validator against xmllint on the same generated files:
#   - a corpus of N valid messages of all 14 types (default 3500):
#     msgs/s and MB/s of "jeugdhulp ijw validate --xsd-only" (one process)
#     and of "xmllint --noout --nonet --schema" (one process per type, all
#     files of that type at once: xmllint's fastest way);
#   - a 25 MB JW323: time and peak RSS of XSD-only and full validation
#     (XSD + in-message rules, streaming) beside xmllint's.
# Needs go and xmllint (Debian: libxml2-utils). Usage: scripts/bench-ijw.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-3500}
command -v xmllint >/dev/null || { echo "bench-ijw: xmllint ontbreekt (apt-get install libxml2-utils)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/jeugdhulp" ./cmd/jeugdhulp
go build -o "$work/ijw" ./internal/ijw/internal/ijwcmd
go run ./internal/ijw/internal/ijwgen/cmd/gencorpus -corpus "$work/corpus" -n "$n" -jw323 "$work/jw323-25mb.xml" -size 25000000
go run ./internal/ijw/internal/ijwgen/cmd/benchijw -jeugdhulp "$work/jeugdhulp" -ijw "$work/ijw" \
	-xsd internal/ijw/testdata/xsd -corpus "$work/corpus" -jw323 "$work/jw323-25mb.xml"
