# Set-up steps shared by start.sh and test.sh (sourced, not run).

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

# The rich-text editor (TinyMCE) comes from npm into node_modules/ and is
# copied into the host package (static/vendor/tinymce, gitignored), where the
# app serves it from, as setup.py does for a wheel.  Without npm the editor
# falls back to a plain text box.
TINYMCE_COPY=platform/dangjian/static/vendor/tinymce

ensure_assets() {
    [ -f package-lock.json ] || return 0
    if ! { [ -d node_modules/tinymce ] && [ node_modules/.package-lock.json -nt package-lock.json ]; }; then
        if command -v npm >/dev/null 2>&1; then
            echo "安装前端资源：npm ci ..."
            npm ci --no-audit --no-fund --loglevel=error || echo "npm ci 失败：富文本编辑器将退化为普通文本框。" >&2
        else
            echo "未找到 npm：富文本编辑器将退化为普通文本框（可运行 apt-get install npm 后重试）。" >&2
        fi
    fi
    [ -d node_modules/tinymce ] || return 0
    if ! cmp -s node_modules/tinymce/package.json "$TINYMCE_COPY/package.json"; then
        rm -rf "$TINYMCE_COPY"
        mkdir -p "$(dirname "$TINYMCE_COPY")"
        cp -R node_modules/tinymce "$TINYMCE_COPY"
    fi
}
