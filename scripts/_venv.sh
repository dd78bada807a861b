# Shared by start.sh and test.sh (sourced, not run).

find_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
        [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 || continue
        if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

# Creates .venv once and reinstalls only when the packaging files change.
ensure_venv() {
    local extras=$1 python stamp wanted
    if [ ! -x .venv/bin/python ]; then
        python=$(find_python) || { echo "需要 Python 3.11 或更高版本（未找到 python3.11+）。" >&2; exit 1; }
        echo "创建虚拟环境 .venv（$("$python" --version)）..."
        "$python" -m venv .venv || {
            echo "无法创建虚拟环境。Debian/Ubuntu 上请先安装：apt-get install python3-venv" >&2
            exit 1
        }
    fi
    stamp=".venv/.dangjian-installed-${extras//,/-}"
    wanted=$(cat setup.cfg setup.py pyproject.toml | sha256sum | cut -d' ' -f1)
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
        echo "安装依赖：pip install -e '.[$extras]' ..."
        .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[$extras]"
        echo "$wanted" > "$stamp"
    fi
}
