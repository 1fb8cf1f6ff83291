#!/usr/bin/env bash
# Mozilla's validator for add-ons (web-ext lint) on extension/: the manifest, the pages and
# the scripts as Firefox (and addons.mozilla.org) check them. Warnings count as errors.
# web-ext is installed once, pinned, into var/tools/ (git-ignored), apart from the site's
# front-end libraries. Without Node.js the check is skipped, saying so.
set -euo pipefail
cd "$(dirname "$0")/.."

# The version and every dependency under it are pinned by scripts/web-ext/package-lock.json,
# so a new release upstream cannot change what the check reports.
lock=scripts/web-ext/package-lock.json
dir=var/tools/web-ext-$(sha256sum "$lock" | cut -c1-12)
web_ext=$dir/node_modules/.bin/web-ext

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "SKIPPED: web-ext lint needs Node.js 20 with npm (https://nodejs.org/); the extension was not checked."
  exit 0
fi

if [ ! -x "$web_ext" ]; then
  echo "==> Installing web-ext (scripts/web-ext/package-lock.json) into $dir"
  installed=0
  for attempt in 1 2 3; do
    rm -rf "$dir.partial"
    mkdir -p "$dir.partial"
    cp scripts/web-ext/package.json "$lock" "$dir.partial/"
    if npm ci --prefix "$dir.partial" --no-audit --no-fund --loglevel=error \
      --fetch-retries=4 --fetch-retry-mintimeout=5000; then
      installed=1
      break
    fi
    echo "npm ci failed (attempt $attempt of 3); trying again in $((attempt * 10)) s"
    sleep $((attempt * 10))
  done
  [ "$installed" = 1 ] || { echo "web-ext could not be installed from the npm registry"; exit 1; }
  rm -rf "$dir"
  mv "$dir.partial" "$dir"
fi

"$web_ext" lint --source-dir extension --warnings-as-errors --no-config-discovery --boring
