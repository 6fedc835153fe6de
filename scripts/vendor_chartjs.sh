#!/usr/bin/env bash
# Regenerates the vendored Chart.js that the figures pages load (and only
# they): its UMD build and its LICENSE, from the npm package, written to
# static/vendor/chart.js/. Chart.js: MIT, about 200 kB minified, canvas
# charts with right-to-left legends and tooltips (options.rtl), and the
# figures pages print every number as an HTML table beside each chart.
#   bash scripts/vendor_chartjs.sh
# The output is committed, so neither `make run` nor `make test` needs npm.
set -euo pipefail
cd "$(dirname "$0")/.."
CHARTJS_VERSION=4.5.1
TOOLS=${XDG_CACHE_HOME:-$HOME/.cache}/marketplace/chartjs-$CHARTJS_VERSION
if [ ! -f "$TOOLS/node_modules/chart.js/package.json" ]; then
    mkdir -p "$TOOLS"
    npm install --silent --no-audit --no-fund --ignore-scripts --prefix "$TOOLS" \
        "chart.js@$CHARTJS_VERSION"
fi
PACKAGE=$TOOLS/node_modules/chart.js
OUT=static/vendor/chart.js
mkdir -p "$OUT"
cp "$PACKAGE/dist/chart.umd.min.js" "$OUT/chart.umd.min.js"
cp "$PACKAGE/LICENSE.md" "$OUT/LICENSE.md"
printf 'chart.js %s, from npm (scripts/vendor_chartjs.sh)\n' "$CHARTJS_VERSION" >"$OUT/VERSION"
echo "wrote $OUT"
