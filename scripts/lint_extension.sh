#!/usr/bin/env bash
# Mozilla's validator for add-ons (web-ext lint) on extension/: the manifest, the pages and
# the scripts as Firefox (and addons.mozilla.org) check them. Warnings count as errors.
# web-ext is installed once, pinned, into var/tools/ (git-ignored), apart from the site's
# front-end libraries. Without Node.js the check is skipped, saying so.
set -euo pipefail
cd "$(dirname "$0")/.."

version=10.7.0
dir=var/tools/web-ext-$version
web_ext=$dir/node_modules/.bin/web-ext

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "SKIPPED: web-ext lint needs Node.js 20 with npm (https://nodejs.org/); the extension was not checked."
  exit 0
fi

if [ ! -x "$web_ext" ]; then
  echo "==> Installing web-ext $version into $dir"
  rm -rf "$dir.partial"
  mkdir -p "$dir.partial"
  npm install --prefix "$dir.partial" --no-audit --no-fund --loglevel=error "web-ext@$version"
  rm -rf "$dir"
  mv "$dir.partial" "$dir"
fi

"$web_ext" lint --source-dir extension --warnings-as-errors --no-config-discovery --boring
