#!/usr/bin/env bash
# Idempotent setup: system packages, the Python virtualenv (.venv) and front-end assets.
# Quiet and fast when there is nothing to do.
#
#   scripts/bootstrap.sh          what `make run` needs
#   scripts/bootstrap.sh --test   also PostgreSQL, Redis, Chromium and Firefox ESR for `make test`
set -euo pipefail
cd "$(dirname "$0")/.."

with_test=0
for arg in "$@"; do
  case "$arg" in
    --test) with_test=1 ;;
    *)
      echo "usage: $0 [--test]" >&2
      exit 2
      ;;
  esac
done

# --- System packages (Debian/Ubuntu) ------------------------------------------------------
packages=(tesseract-ocr ffmpeg)
if [ $with_test = 1 ]; then
  packages+=(postgresql redis-server chromium chromium-driver firefox-esr)
fi
python=$(command -v python3.11 || command -v python3 || true)
if [ ! -x .venv/bin/python ] && [ -n "$python" ] && ! "$python" -c 'import ensurepip' 2>/dev/null; then
  packages+=(python3-venv) # Debian splits venv support out of python3
fi

missing=()
if command -v dpkg-query >/dev/null; then
  installed=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${packages[@]}" 2>/dev/null || true)
  for package in "${packages[@]}"; do
    grep -qx "$package installed" <<<"$installed" || missing+=("$package")
  done
else
  # Not Debian: look for the commands instead.
  declare -A command_for=([tesseract-ocr]=tesseract [ffmpeg]=ffmpeg [postgresql]=pg_ctl
    [redis-server]=redis-server [chromium]=chromium [chromium-driver]=chromedriver [firefox-esr]=firefox [python3-venv]=true)
  for package in "${packages[@]}"; do
    command -v "${command_for[$package]}" >/dev/null || missing+=("$package")
  done
fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "==> Installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Missing system packages: ${missing[*]}" >&2
    echo "Install them as root, then run this again:" >&2
    echo "    sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

# --- Python virtualenv ---------------------------------------------------------------
if [ ! -x .venv/bin/python ]; then
  [ -n "$python" ] || {
    echo "Python 3.11 is required (python3.11 or python3 on PATH)." >&2
    exit 1
  }
  if ! "$python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
    echo "warning: $python is $("$python" -V 2>&1); Career Copilot is tested on Python 3.11." >&2
  fi
  echo "==> Creating .venv with $("$python" -V 2>&1)"
  "$python" -m venv .venv
fi

# Reinstall only when a requirements file changed since the last successful install.
stamp=.venv/.requirements.sha256
wanted=$(cat requirements.txt requirements-dev.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$wanted" ]; then
  echo "==> Installing Python packages (requirements-dev.txt)"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
  echo "$wanted" >"$stamp"
fi

# --- Front-end assets (npm ci, copied into static/vendor) ---------------------------------
if ! command -v npm >/dev/null; then
  echo "Node.js 20 with npm is required for the front-end assets (https://nodejs.org/)." >&2
  exit 1
fi
if [ ! -f package-lock.json ]; then
  echo "==> Creating package-lock.json"
  npm install --package-lock-only --no-audit --no-fund --loglevel=error
fi
bash scripts/build_assets.sh
