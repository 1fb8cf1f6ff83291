#!/usr/bin/env bash
# Installs the locked front-end libraries from npm and copies the files we serve into
# static/vendor/, where WhiteNoise serves them. No CDN is used at run time.
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=node_modules/.careercopilot-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi

vendor=static/vendor
mkdir -p "$vendor"
cp node_modules/htmx.org/dist/htmx.min.js "$vendor/htmx.min.js"
cp node_modules/@picocss/pico/css/pico.min.css "$vendor/pico.min.css"
cp node_modules/chart.js/dist/chart.umd.min.js "$vendor/chart.umd.min.js"
# Its source map too: the manifest storage of collectstatic follows sourceMappingURL.
cp node_modules/chart.js/dist/chart.umd.min.js.map "$vendor/chart.umd.min.js.map"
cp node_modules/sortablejs/Sortable.min.js "$vendor/Sortable.min.js"
