#!/usr/bin/env bash
# Install everything the tests need and run all tests: Chromium (browser tests) and PostgreSQL (the
# store's tests run against a throw-away PostgreSQL cluster as well as SQLite) from Debian's
# packages when missing, then the app with its test dependencies into .venv/.
set -euo pipefail
cd "$(dirname "$0")/.."
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian's packages..."
  as_root apt-get update -qq
  as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi
bash tools/bootstrap.sh test
# Two workers: one runs the browser tests one at a time, the other every other test (see
# tests/browser/conftest.py). The slowest tests are listed at the end.
exec .venv/bin/python -m pytest -n 2 --dist loadgroup --durations=15 "$@"
