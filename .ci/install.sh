#!/usr/bin/env bash
# CI dependencies for a bare Debian 12 machine, run as root, with Go installed.
# Idempotent: installs only what is missing, runs `apt-get update` only when
# an apt package has to be installed, and is silent on success apart from one
# line on stdout that puts the Go bin dir on PATH. Usage:
#     eval "$(.ci/install.sh)"
# On failure the captured output of the failing step goes to stderr.
set -euo pipefail

STATICCHECK_VERSION=v0.8.2

log="$(mktemp)"
trap 'rm -f "$log"' EXIT

die() { echo ".ci/install.sh: $*" >&2; exit 1; }

run() { # run CMD...: output to $log, dumped to stderr if CMD fails
	if ! "$@" >"$log" 2>&1; then
		echo ".ci/install.sh: FAILED: $*" >&2
		cat "$log" >&2
		exit 1
	fi
}

[[ $(id -u) -eq 0 ]] || die "must run as root"
command -v go >/dev/null || die "go not found on PATH"

missing=()
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v xmllint >/dev/null || missing+=(libxml2-utils)
command -v pdftotext >/dev/null || missing+=(poppler-utils)

if ((${#missing[@]})); then
	export DEBIAN_FRONTEND=noninteractive
	run apt-get update
	run apt-get install -y --no-install-recommends "${missing[@]}"
	compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || die "initdb still missing after installing postgresql"
	for b in chromium chromedriver xmllint pdftotext; do
		command -v "$b" >/dev/null || die "$b still missing after apt-get install"
	done
fi

gobin="$(go env GOBIN)"
[[ -n "$gobin" ]] || gobin="$(go env GOPATH)/bin"
if ! command -v staticcheck >/dev/null && [[ ! -x "$gobin/staticcheck" ]]; then
	# Run outside any module so the repository's go.mod is not consulted.
	run env -C / GOFLAGS= go install "honnef.co/go/tools/cmd/staticcheck@${STATICCHECK_VERSION}"
	[[ -x "$gobin/staticcheck" ]] || die "staticcheck not found in $gobin after go install"
fi

printf 'export PATH="%s:$PATH"\n' "$gobin"
