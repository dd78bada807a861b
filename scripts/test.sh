#!/usr/bin/env bash
# Run the test suite:   bash scripts/test.sh [pytest arguments]
# SQLite by default; DANGJIAN_TEST_DATABASE_URL=postgresql://... selects PostgreSQL.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

source scripts/_common.sh

# Browser tests drive Debian's Chromium (Playwright never downloads a browser
# here); without it they skip and say why.
ensure_chromium() {
    [ -x /usr/bin/chromium ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "安装 Chromium（浏览器测试用）..."
        if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
               DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; then
            echo "Chromium 安装失败：浏览器测试将跳过。" >&2
        fi
    else
        echo "未找到 /usr/bin/chromium（非 root 无法自动安装）：浏览器测试将跳过。可运行 sudo apt-get install chromium。" >&2
    fi
}

# The suite's third-party plugin lives in its own distribution, like a real
# one: installed (editable, once) so its entry point is found.
ensure_example_plugin() {
    [ -f tests/example_plugin/setup.cfg ] || return 0
    .venv/bin/python -c 'import dangjian_example' 2>/dev/null && return 0
    echo "安装测试用示例插件：tests/example_plugin ..."
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e tests/example_plugin
}

ensure_venv "test"
ensure_assets
ensure_example_plugin
ensure_chromium
exec .venv/bin/python -m pytest "$@"
