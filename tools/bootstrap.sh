#!/usr/bin/env bash
# Shared by run.sh and test.sh: make sure Python 3.11+ with venv exists, then create .venv and
# install the app into it (with the extras named in $1, e.g. "test").
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys, venv, ensurepip; assert sys.version_info >= (3, 11)' 2>/dev/null; then
  echo "Installing Python 3 with venv from Debian's packages..."
  as_root apt-get update -qq
  as_root apt-get install -y -qq python3 python3-venv python3-pip >/dev/null
  PYTHON=python3
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
extras=${1:-}
.venv/bin/python -m pip install --quiet --upgrade pip
if [ -n "$extras" ]; then
  .venv/bin/python -m pip install --quiet -e ".[$extras]"
else
  .venv/bin/python -m pip install --quiet -e .
fi
