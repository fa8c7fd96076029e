#!/usr/bin/env bash
# Install everything the tests need (Chromium from Debian's packages included) and run all tests.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Chromium from Debian's packages..."
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi
fi
bash tools/bootstrap.sh test
exec .venv/bin/python -m pytest "$@"
