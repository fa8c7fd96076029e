#!/usr/bin/env bash
# Install Invest Quest into .venv and start it. Extra arguments go to edu-app, e.g. --web --port 8600.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/bootstrap.sh
exec .venv/bin/edu-app "$@"
