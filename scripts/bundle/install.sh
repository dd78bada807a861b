#!/usr/bin/env bash
# Install Dangjian from this offline bundle, with no network at all:
#   bash install.sh [PREFIX]          (default PREFIX: /opt/dangjian)
# Creates a virtual environment in PREFIX, installs the wheels of wheelhouse/
# (pip --no-index), initialises the instance (dangjian init) and runs
# dangjian check.  Run it again to upgrade: the instance is kept.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PREFIX=${1:-/opt/dangjian}
PYTHON=${PYTHON:-python3}

want=$(awk '$1 == "python" {print $2}' "$HERE/BUNDLE.txt")
command -v "$PYTHON" >/dev/null || { echo "未找到 $PYTHON。请先安装 Python $want（Debian/Ubuntu/麒麟/统信：apt-get install python3 python3-venv）。" >&2; exit 1; }
have=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
if [ "$have" != "$want" ]; then
    echo "本安装包为 Python $want 构建，而 $PYTHON 是 Python $have。" >&2
    echo "请用 PYTHON=python$want bash install.sh 指定解释器，或在联网机器上用 --python $have 重新构建安装包。" >&2
    exit 1
fi

echo "== 1/3 安装到 $PREFIX（离线，不访问任何软件源）"
if [ ! -x "$PREFIX/bin/python" ]; then
    "$PYTHON" -m venv "$PREFIX" || { echo "无法创建虚拟环境：请先安装 python3-venv（apt-get install python3-venv）。" >&2; exit 1; }
fi
wheel=$(ls "$HERE"/wheelhouse/dangjian-*.whl)
PIP_CONFIG_FILE=/dev/null "$PREFIX/bin/python" -m pip install --quiet --disable-pip-version-check \
    --no-index --find-links "$HERE/wheelhouse" "$wheel[deploy]"

echo "== 2/3 初始化实例（dangjian init）"
# The instance defaults to $PREFIX/var/dangjian-instance; DANGJIAN_INSTANCE_PATH
# (and DATABASE_URL for PostgreSQL) in the environment take precedence.
"$PREFIX/bin/dangjian" init

echo "== 3/3 上线前自检（dangjian check）"
if "$PREFIX/bin/dangjian" check; then
    echo "安装完成，自检全部通过。首次上线请先运行 $PREFIX/bin/dangjian create-admin 创建平台管理员；"
    echo "启动：$PREFIX/bin/dangjian serve --bind 127.0.0.1:8000（systemd 与 nginx 示例见 deploy/）"
else
    cat <<'HELP'

安装已完成，但上面标 ✗ 的检查项需要在正式上线前处理，常见的有：
  - Cookie 只通过 HTTPS 发送：在 nginx 配好 HTTPS 后，于实例目录的 config.py 中设
    SESSION_COOKIE_SECURE = True 和 REMEMBER_COOKIE_SECURE = True；
  - 限流计数未共享（多进程）：设 RATELIMIT_STORAGE_URI = "redis://127.0.0.1:6379/0"；
  - 数据库不是最新版本：运行 dangjian db upgrade。
改好后再运行 dangjian check，全部为 ✓ 即可上线；首次上线前用 dangjian create-admin
创建平台管理员。详见 INSTALL.md。
HELP
fi
