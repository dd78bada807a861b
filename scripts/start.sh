#!/usr/bin/env bash
# Run Dangjian on this machine with demo data:   bash scripts/start.sh
# (PORT=8080 bash scripts/start.sh for another port.)  Needs Python 3.11+.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

source scripts/_common.sh

ensure_venv "test,deploy"
ensure_assets
# scripts/test.sh installs the test suite's example plugin into the same .venv;
# keep it out of the demo unless plugins were chosen explicitly.
export DANGJIAN_DISABLED_PLUGINS="${DANGJIAN_DISABLED_PLUGINS:-example}"
.venv/bin/dangjian init
# Loads the demo into an empty database and prints the accounts once; skips
# cleanly when it is already there, refuses (and we still start) when the
# database holds real data.
.venv/bin/dangjian demo || echo "（未导入演示数据，继续启动。）"
echo
echo "在浏览器中打开 http://127.0.0.1:${PORT:-5000}/ ，按 Ctrl+C 停止。"
exec .venv/bin/dangjian run --host 127.0.0.1 --port "${PORT:-5000}"
