#!/usr/bin/env bash
# Load test: 200 logged-in users read and write for 30 s against the SQLite
# demo on 127.0.0.1, then checks the server log for "database is locked".
# Needs only Go. Usage: scripts/load.sh [USERS] [DURATION]
set -euo pipefail
cd "$(dirname "$0")/.."
users=${1:-200}; dur=${2:-30s}; port=18090
tmp=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
go build -o "$tmp/jeugdhulp" ./cmd/jeugdhulp
"$tmp/jeugdhulp" demo --data "$tmp/data" --addr 127.0.0.1:$port >"$tmp/out" 2>"$tmp/log" &
pid=$!
for _ in $(seq 50); do curl -sf http://127.0.0.1:$port/healthz >/dev/null 2>&1 && break; sleep 0.2; done
go run ./tools/loadtest -url http://127.0.0.1:$port -users "$users" -duration "$dur"
locked=$(grep -c "database is locked" "$tmp/log" || true)
errors=$(grep -c '"level":"ERROR"' "$tmp/log" || true)
echo "server log: database-is-locked=$locked errors=$errors"
[ "$locked" = 0 ] && [ "$errors" = 0 ]
