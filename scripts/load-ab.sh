#!/usr/bin/env bash
# Load test A/B: runs scripts/load.sh of an older commit and of this tree
# alternately on the same machine, ROUNDS times each, so that both see the
# same machine state. Usage: scripts/load-ab.sh OLD_COMMIT [USERS] [DURATION] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
old=${1:?usage: scripts/load-ab.sh OLD_COMMIT [USERS] [DURATION] [ROUNDS]}
users=${2:-200}; dur=${3:-30s}; rounds=${4:-2}
tree=$(mktemp -d)
trap 'git worktree remove --force "$tree" >/dev/null 2>&1 || true' EXIT
git worktree add --detach "$tree" "$old" >/dev/null
for r in $(seq "$rounds"); do
	echo "== round $r: old ($old)"
	(cd "$tree" && scripts/load.sh "$users" "$dur")
	echo "== round $r: new ($(git rev-parse --short HEAD))"
	scripts/load.sh "$users" "$dur"
done
