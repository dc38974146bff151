#!/usr/bin/env bash
# Creates .venv with Python 3.10 (Rasa 3.6 does not support 3.11+) and installs the pinned
# requirements. Re-runs the install only when requirements.lock or the local packages change.
# Usage: scripts/setup.sh [--browser]   (--browser also makes sure Chromium and axe-core are installed)
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
STAMP="$VENV/.reflect-install"

find_python310() {
  local candidate
  for candidate in "${PYTHON:-}" python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10; do
    [ -n "$candidate" ] || continue
    # A pyenv shim exists on PATH even when 3.10 is not the selected version; running it tells.
    if "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1; then
      command -v "$candidate"; return 0
    fi
  done
  if command -v pyenv >/dev/null 2>&1; then
    for candidate in "$(pyenv root)"/versions/3.10*/bin/python3.10; do
      if [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
    done
  fi
  return 1
}

if [ ! -x "$VENV/bin/python" ]; then
  if ! PY=$(find_python310); then
    echo "error: Python 3.10 is required (Rasa Open Source 3.6 supports 3.8-3.10, not 3.11+)." >&2
    echo "       Install it (for example: pyenv install 3.10.13) or point PYTHON at a python3.10." >&2
    exit 1
  fi
  echo "setup: creating $VENV with $PY"
  "$PY" -m venv "$VENV"
fi

want=$(cat requirements.lock tools/spacy_model/pyproject.toml tools/spacy_model/*/*.py tools/spacy_model/*/*.json | sha256sum | cut -d' ' -f1)
if [ "$(cat "$STAMP" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing pinned requirements into $VENV (first time takes a few minutes)"
  # The lock pins every package, so nothing needs resolving (see requirements-nodeps.in for why).
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    $(grep -E '^(setuptools|wheel)==' requirements.lock) 2> >(grep -v "is ignored: it is neither" >&2)
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock \
    2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
  echo "$want" > "$STAMP"
fi

# axe-core for the accessibility tests, pinned by tests/browser/package-lock.json (test-only:
# the widget never loads it).
if [ "${1:-}" = "--browser" ] && [ ! -f tests/browser/node_modules/axe-core/axe.min.js ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "error: the browser tests need npm to install axe-core (Debian: apt-get install npm)." >&2
    exit 1
  fi
  echo "setup: installing axe-core for the browser tests (npm ci in tests/browser)"
  npm ci --prefix tests/browser --no-audit --no-fund --silent
fi

if [ "${1:-}" = "--browser" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian's chromium for the browser tests"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "error: the browser tests need Chromium (Debian: sudo apt-get install chromium)." >&2
    exit 1
  fi
fi
