#!/usr/bin/env bash
# Re-fetch the vendored NL Design System CSS from the npm registry and copy
# the dist files (unmodified) plus licence files into internal/web/static/vendor.
# Maintainer tool only: the app itself never needs npm to build or run.
# Usage: scripts/vendor-frontend.sh   (from anywhere; needs npm + tar)
set -euo pipefail

UTRECHT_PKG="@utrecht/component-library-css"
UTRECHT_VERSION="9.0.4"
THEME_PKG="@nl-design-system-unstable/voorbeeld-design-tokens"
THEME_VERSION="7.4.1"
UPLOT_PKG="uplot"
UPLOT_VERSION="1.6.32"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
vendor="$repo_root/internal/web/static/vendor"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# npm pack fetches exactly one tarball per package (no dependency tree, no
# package.json/lockfile changes anywhere) and prints the tarball name.
fetch() { # fetch PKG VERSION DEST -> unpacks into DEST/package
	local pkg="$1" version="$2" dest="$3" tgz
	mkdir -p "$dest"
	tgz="$(cd "$dest" && npm pack --silent "${pkg}@${version}" | tail -n 1)"
	tar -xzf "$dest/$tgz" -C "$dest"
	local got
	got="$(node -p "require('$dest/package/package.json').version" 2>/dev/null \
		|| sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$dest/package/package.json" | head -n 1)"
	if [[ "$got" != "$version" ]]; then
		echo "vendor-frontend: $pkg: expected version $version, got $got" >&2
		exit 1
	fi
}

fetch "$UTRECHT_PKG" "$UTRECHT_VERSION" "$tmp/utrecht"
fetch "$THEME_PKG" "$THEME_VERSION" "$tmp/theme"
fetch "$UPLOT_PKG" "$UPLOT_VERSION" "$tmp/uplot"

install -d "$vendor/utrecht" "$vendor/voorbeeld-theme"
install -m 0644 "$tmp/utrecht/package/dist/index.css" "$vendor/utrecht/component-library.css"
install -m 0644 "$tmp/utrecht/package/LICENSE.md" "$vendor/utrecht/LICENSE.md"
install -m 0644 "$tmp/theme/package/dist/theme.css" "$vendor/voorbeeld-theme/theme.css"
install -m 0644 "$tmp/theme/package/LICENSE.md" "$vendor/voorbeeld-theme/LICENSE.md"
install -d "$vendor/uplot"
install -m 0644 "$tmp/uplot/package/dist/uPlot.iife.min.js" "$vendor/uplot/uPlot.iife.min.js"
install -m 0644 "$tmp/uplot/package/dist/uPlot.min.css" "$vendor/uplot/uPlot.min.css"
install -m 0644 "$tmp/uplot/package/LICENSE" "$vendor/uplot/LICENSE"

readme() { # readme DIR PKG VERSION SRCFILE DESTFILE EXTRA
	cat >"$1/README.md" <<README
# $2 $3 (vendored)

- Package: \`$2\`
- Version: $3
- Source: npm registry (https://registry.npmjs.org/), \`npm pack $2@$3\`
- Licence: EUPL-1.2 (see LICENSE.md, copied from the package)
- File: \`$4\` from the package, vendored unmodified as \`$5\`.

$6
Regenerate with \`scripts/vendor-frontend.sh\`; do not edit the CSS by hand.
README
}

readme "$vendor/utrecht" "$UTRECHT_PKG" "$UTRECHT_VERSION" dist/index.css component-library.css \
"Component CSS (classes \`utrecht-*\`). It only consumes CSS custom properties; the
look comes from the theme in ../voorbeeld-theme (class \`voorbeeld-theme\`).
"
readme "$vendor/voorbeeld-theme" "$THEME_PKG" "$THEME_VERSION" dist/theme.css theme.css \
"Neutral NL Design System example theme: design tokens as CSS custom properties
scoped to the class \`.voorbeeld-theme\`. The tokens name the fonts 'Noto Sans',
'Noto Serif' and 'Noto Sans Mono' (with generic sans-serif/serif/monospace
fallbacks); the package ships no font files (its dist/font.css is an empty
placeholder), so nothing font-related is vendored. No brand assets
(@utrecht/design-tokens, Rijkshuisstijl) are included.
"

cat >"$vendor/uplot/README.md" <<README
# uPlot $UPLOT_VERSION (vendored)

- Package: \`$UPLOT_PKG\`
- Version: $UPLOT_VERSION
- Source: npm registry (https://registry.npmjs.org/), \`npm pack $UPLOT_PKG@$UPLOT_VERSION\`
- Licence: MIT (see LICENSE, copied from the package)
- Files: \`dist/uPlot.iife.min.js\` and \`dist/uPlot.min.css\`, vendored unmodified.

Draws the dashboards' charts (../../grafiek.js). Every chart has a table beside it, so the
figures stay readable without JavaScript. Regenerate with \`scripts/vendor-frontend.sh\`.
README

sha256sum "$vendor"/utrecht/component-library.css "$vendor"/voorbeeld-theme/theme.css "$vendor"/uplot/uPlot.iife.min.js
