#!/usr/bin/env bash
# Packaging check (run by .ci/run before the test suites):
#   bash scripts/check_package.sh
# 1. builds the wheel and an offline bundle for this machine;
# 2. installs the wheel into a fresh venv outside the checkout (dependencies
#    from the bundle's wheelhouse), there runs dangjian init + demo, starts
#    `dangjian serve` and fetches pages of the host, the microsites, the editor
#    (with TinyMCE) and every plugin, and static files — nothing may point
#    into the checkout;
# 3. installs the bundle in another fresh folder with the network cut off
#    (unshare --net; else an unreachable index), which runs init and check;
# 4. checks docs/deploy/nginx-dangjian.conf with `nginx -t` when possible.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
START=$SECONDS
step() { printf '[%3ds] %s\n' $((SECONDS - START)) "$*"; }
fail() { echo "check_package: FAIL — $*" >&2; exit 1; }

PY=.venv/bin/python
[ -x "$PY" ] || { source scripts/_common.sh; ensure_venv test; PY=.venv/bin/python; }
source scripts/_common.sh
ensure_assets
BASE_PY=$("$PY" -c 'import sys; print(sys._base_executable)')
WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
    [ -z "$SERVER_PID" ] || kill "$SERVER_PID" 2>/dev/null || true
    [ -z "$SERVER_PID" ] || wait "$SERVER_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

step "构建 wheel"
"$PY" -m pip wheel -q --no-deps -w "$WORK/dist" . 2>&1 | grep -v "is ignored: it is neither" || true
WHEEL=$(ls "$WORK"/dist/dangjian-*.whl) || fail "no wheel built"
html=$(unzip -l "$WHEEL" | grep -c '\.html$' || true)
[ "$html" -gt 0 ] || fail "the wheel holds no templates"
step "wheel: $(basename "$WHEEL")，$(du -h "$WHEEL" | cut -f1)，$html 个模板"

step "构建离线安装包"
bash scripts/build_bundle.sh --wheel "$WHEEL" --out "$WORK/bundle" 2>&1 | grep -v "is ignored: it is neither" || true
BUNDLE=$(ls "$WORK"/bundle/*.tar.gz) || fail "no bundle built"
mkdir "$WORK/unpacked" && tar -C "$WORK/unpacked" -xzf "$BUNDLE"
WHEELHOUSE="$WORK/unpacked/dangjian-offline/wheelhouse"

# The offline installation runs alongside the web check (both mostly wait).
offline_install() {
    local target="$WORK/offline" runner=()
    mkdir -p "$target"
    if [ "$(id -u)" = 0 ] && unshare --net true 2>/dev/null; then
        runner=(unshare --net)
        echo "（网络已断开：unshare --net）"
    else
        echo "（无法 unshare --net：改用不可达的软件源与代理）"
    fi
    "${runner[@]}" env PIP_NO_INDEX=1 PIP_INDEX_URL=http://127.0.0.1:9/simple PIP_FIND_LINKS= \
        http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9 \
        DANGJIAN_INSTANCE_PATH="$target/instance" PYTHON="$BASE_PY" \
        bash "$WORK/unpacked/dangjian-offline/install.sh" "$target/prefix" > "$WORK/offline.log" 2>&1 || return 1
    grep -q "上线前自检" "$WORK/offline.log" && grep -q "数据库结构为最新版本" "$WORK/offline.log" || return 1
    "$target/prefix/bin/dangjian" serve --help >/dev/null
}
step "离线安装（后台进行）"
offline_install & OFFLINE_PID=$!

step "安装 wheel 到检出目录之外的新虚拟环境"
VENV="$WORK/venv"
"$BASE_PY" -m venv "$VENV"
PIP_CONFIG_FILE=/dev/null "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-index \
    --find-links "$WHEELHOUSE" "$WHEEL[deploy]"
if grep -rIlF "$ROOT" "$VENV" --exclude=RECORD >/dev/null 2>&1; then
    grep -rIlF "$ROOT" "$VENV" --exclude=RECORD | head -5 >&2
    fail "files of the installed venv point into the checkout"
fi

cd "$WORK"  # nothing below may find the checkout by accident
export DANGJIAN_INSTANCE_PATH="$WORK/instance" DANGJIAN_DISABLED_PLUGINS=""
unset DATABASE_URL DANGJIAN_SQLALCHEMY_DATABASE_URI
"$VENV/bin/python" - "$ROOT" <<'PY' || fail "a package is imported from the checkout"
import sys, dangjian, dangjian_branch_sites, dangjian_study
root = sys.argv[1]
for module in (dangjian, dangjian_branch_sites, dangjian_study):
    assert not module.__file__.startswith(root), module.__file__
PY
step "dangjian init / demo"
"$VENV/bin/dangjian" init > "$WORK/init.log" 2>&1 || { cat "$WORK/init.log"; fail "dangjian init"; }
"$VENV/bin/dangjian" demo --json > "$WORK/accounts.json" 2> "$WORK/demo.log" || { cat "$WORK/demo.log"; fail "dangjian demo"; }

PORT=$("$VENV/bin/python" -c '
import socket
for port in range(8100, 8120):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port)); print(port); break
        except OSError:
            pass')
[ -n "$PORT" ] || fail "no free port in 8100-8119"
step "dangjian serve 于 127.0.0.1:$PORT"
"$VENV/bin/dangjian" serve --bind "127.0.0.1:$PORT" --workers 2 > "$WORK/serve.log" 2>&1 & SERVER_PID=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 60); do
    curl -fsS -o /dev/null "$BASE/" 2>/dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/serve.log"; fail "dangjian serve exited"; }
    sleep 0.5
done

JAR="$WORK/cookies"
expect() {  # expect STATUS URL [TEXT]
    local body="$WORK/body" status
    status=$(curl -sS -b "$JAR" -c "$JAR" -o "$body" -w '%{http_code}' "$BASE$2")
    [ "$status" = "$1" ] || fail "GET $2 → $status (expected $1)"
    [ -z "${3:-}" ] || grep -qF -- "$3" "$body" || fail "GET $2 lacks “$3”"
    echo "  ✓ $status $2"
}
login() {
    local password token
    password=$("$VENV/bin/python" -c 'import json, sys; print(next(a["password"] for a in json.load(open(sys.argv[1])) if a["username"] == sys.argv[2]))' "$WORK/accounts.json" "$1")
    rm -f "$JAR"
    token=$(curl -sS -c "$JAR" "$BASE/auth/login" | grep -o 'name="csrf_token" type="hidden" value="[^"]*"' | sed 's/.*value="//; s/"$//')
    [ -n "$token" ] || fail "no CSRF token on the login page"
    curl -sS -b "$JAR" -c "$JAR" -o /dev/null --data-urlencode "csrf_token=$token" --data-urlencode "username=$1" \
        --data-urlencode "password=$password" "$BASE/auth/login"
}

step "匿名页面与静态文件"
expect 200 / 
expect 200 /zy/
expect 200 /zy/s/snt/ "site.css"
expect 200 /static/css/app.css
expect 200 /static/sites/themes/classic/theme.css
expect 200 /static/sites/assets/rich_editor.js
expect 200 /static/plugins/archives/archives.js
expect 200 /static/plugins/showcase/showcase.css
expect 200 /static/sites/tinymce/tinymce.min.js

step "网站编辑：编辑器页面与 TinyMCE"
login demo-snt-editor
org=$(curl -sS -b "$JAR" "$BASE/zy/manage/sites/" | grep -o '/zy/manage/sites/[0-9]*/' | head -1)
[ -n "$org" ] || fail "the editor sees no site to edit"
expect 200 "${org}posts/new" 'data-tinymce="/static/sites/tinymce/tinymce.min.js"'
expect 200 /static/sites/tinymce/plugins/table/plugin.min.js

step "各插件页面（机关党委管理员）"
login demo-zy-admin
expect 200 /zy/study/
expect 200 /zy/archives/
expect 200 /zy/redculture/
expect 200 /zy/showcase/reviews
expect 200 /zy/manage/members/
grep -q '"GET /zy/study/ HTTP' "$WORK/serve.log" || fail "gunicorn wrote no access log to stdout"

kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""

step "等待离线安装"
if ! wait "$OFFLINE_PID"; then
    cat "$WORK/offline.log" >&2
    fail "the offline bundle did not install"
fi
grep -E "^(✓|✗)" "$WORK/offline.log" | sed 's/^/  /'

cd "$ROOT"
step "nginx 示例配置"
bash scripts/check_nginx.sh

step "通过：wheel $(du -h "$WHEEL" | cut -f1)，离线安装包 $(du -h "$BUNDLE" | cut -f1)，用时 $((SECONDS - START)) 秒"
