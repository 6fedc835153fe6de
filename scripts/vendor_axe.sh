#!/usr/bin/env bash
# Regenerates the vendored axe-core that the browser journeys inject into each
# page they check for accessibility (tests/browser/a11y.py): its minified build
# and its LICENSE, from the npm package, written to tests/browser/vendor/axe-core/.
# axe-core: MPL-2.0, Deque's accessibility rules engine (WCAG 2.0-2.2 A/AA).
# Kept out of static/: the site never serves it, only the journeys read it.
#   bash scripts/vendor_axe.sh
# The output is committed, so neither `make run` nor `make test` needs npm.
set -euo pipefail
cd "$(dirname "$0")/.."
AXE_VERSION=4.10.3
TOOLS=${XDG_CACHE_HOME:-$HOME/.cache}/marketplace/axe-core-$AXE_VERSION
if [ ! -f "$TOOLS/node_modules/axe-core/package.json" ]; then
    mkdir -p "$TOOLS"
    npm install --silent --no-audit --no-fund --ignore-scripts --prefix "$TOOLS" \
        "axe-core@$AXE_VERSION"
fi
PACKAGE=$TOOLS/node_modules/axe-core
OUT=tests/browser/vendor/axe-core
mkdir -p "$OUT"
cp "$PACKAGE/axe.min.js" "$OUT/axe.min.js"
cp "$PACKAGE/LICENSE" "$OUT/LICENSE"
printf 'axe-core %s, from npm (scripts/vendor_axe.sh)\n' "$AXE_VERSION" >"$OUT/VERSION"
echo "wrote $OUT"
