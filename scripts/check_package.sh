#!/usr/bin/env bash
# Packaging check (run by .ci/run before the test suites):
#   bash scripts/check_package.sh
# 1. builds the wheel and an offline bundle for this machine;
# 2. installs the bundle (so the wheel) into a fresh folder outside the
#    checkout with the network cut off (unshare --net; else an unreachable
#    index): install.sh runs pip --no-index, dangjian init and dangjian check;
# 3. in that venv, nothing may point into the checkout; runs dangjian demo,
#    starts `dangjian serve` and fetches pages of the host, a microsite, the
#    editor (with TinyMCE), every plugin, and static files of each;
# 4. checks docs/deploy/nginx-dangjian.conf with `nginx -t` when possible.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
START=$SECONDS
step() { printf '[%3ds] %s\n' $((SECONDS - START)) "$*"; }
fail() { echo "check_package: FAIL — $*" >&2; exit 1; }

source scripts/_common.sh
PY=.venv/bin/python
[ -x "$PY" ] || ensure_venv test  # a fresh clone: CI runs this before scripts/test.sh
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

step "离线安装：断网，全新目录（install.sh：pip --no-index、dangjian init、dangjian check）"
TARGET="$WORK/offline"
mkdir -p "$TARGET"
runner=()
if [ "$(id -u)" = 0 ] && unshare --net true 2>/dev/null; then
    runner=(unshare --net)
    echo "  （网络已断开：unshare --net）"
else
    echo "  （无法 unshare --net：改用不可达的软件源与代理）"
fi
# PIP_NO_COMPILE: CI only, for time (a real installation compiles the bytecode).
"${runner[@]}" env PIP_NO_INDEX=1 PIP_NO_COMPILE=1 PIP_INDEX_URL=http://127.0.0.1:9/simple PIP_FIND_LINKS= \
    http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9 DANGJIAN_DISABLED_PLUGINS= \
    DANGJIAN_INSTANCE_PATH="$TARGET/instance" PYTHON="$BASE_PY" \
    bash "$WORK/unpacked/dangjian-offline/install.sh" "$TARGET/prefix" > "$WORK/offline.log" 2>&1 ||
    { cat "$WORK/offline.log" >&2; fail "the offline bundle did not install"; }
grep -q "数据库结构为最新版本" "$WORK/offline.log" || { cat "$WORK/offline.log" >&2; fail "install.sh did not run dangjian check"; }
grep -E "^(✓|✗)" "$WORK/offline.log" | sed 's/^/  /'

# The bundle's venv is the wheel installed outside the checkout: the web check runs there.
VENV="$TARGET/prefix"
step "已安装的文件不指向检出目录"
for file in "$VENV"/pyvenv.cfg "$VENV"/bin/* "$VENV"/lib/python*/site-packages/*.pth \
        "$VENV"/lib/python*/site-packages/*.dist-info/direct_url.json; do
    [ -f "$file" ] || continue
    ! grep -qIF "$ROOT" "$file" || fail "$file points into the checkout"
done
(cd "$WORK" && env -u DANGJIAN_INSTANCE_PATH "$VENV/bin/python" -c '
import sys
from dangjian.app import _default_instance_path
assert _default_instance_path() == sys.prefix + "/var/dangjian-instance", _default_instance_path()') ||
    fail "an installed copy does not default to <venv>/var/dangjian-instance"
if grep -rlF "$ROOT" "$VENV"/lib/python*/site-packages/dangjian* >/dev/null 2>&1; then
    fail "installed package files mention the checkout: $(grep -rlF "$ROOT" "$VENV"/lib/python*/site-packages/dangjian* | head -3)"
fi

cd "$WORK"  # nothing below may find the checkout by accident
export DANGJIAN_INSTANCE_PATH="$TARGET/instance" DANGJIAN_DISABLED_PLUGINS=""
unset DATABASE_URL DANGJIAN_SQLALCHEMY_DATABASE_URI
"$VENV/bin/python" - "$ROOT" <<'PY' || fail "a package is imported from the checkout"
import sys, dangjian, dangjian_branch_sites, dangjian_study
root = sys.argv[1]
for module in (dangjian, dangjian_branch_sites, dangjian_study):
    assert not module.__file__.startswith(root), module.__file__
PY
step "dangjian demo（同时检查 nginx 示例配置）"
(cd "$ROOT" && bash scripts/check_nginx.sh > "$WORK/nginx.log" 2>&1) & NGINX_PID=$!
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
"$VENV/bin/dangjian" serve --bind "127.0.0.1:$PORT" --workers 1 > "$WORK/serve.log" 2>&1 & SERVER_PID=$!
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
expect 200 /static/vendor/bootstrap/css/bootstrap.min.css
expect 200 /static/sites/themes/classic/theme.css
expect 200 /static/sites/assets/rich_editor.js
expect 200 /static/plugins/archives/archives.js
expect 200 /static/plugins/showcase/showcase.css
expect 200 /static/plugins/study/study.js
expect 200 /static/plugins/redculture/redculture.css
expect 200 /healthz '"status":"ok"'
expect 200 /favicon.ico
expect 200 /static/vendor/tinymce/tinymce.min.js

step "网站编辑：编辑器页面与 TinyMCE"
login demo-snt-editor
org=$(curl -sS -b "$JAR" "$BASE/zy/manage/sites/" | grep -o '/zy/manage/sites/[0-9]*/' | head -1)
[ -n "$org" ] || fail "the editor sees no site to edit"
expect 200 "${org}posts/new" 'data-tinymce="/static/vendor/tinymce/tinymce.min.js?v='
expect 200 /static/vendor/tinymce/plugins/table/plugin.min.js

step "各插件页面（机关党委管理员）"
login demo-zy-admin
expect 200 /zy/study/materials
expect 200 /zy/archives/
expect 200 /zy/redculture/
expect 200 /zy/showcase/reviews
expect 200 /zy/manage/members/
expect 200 /zy/inbox/ "我的待办"
expect 200 /zy/inbox/notifications/
expect 200 /zy/inbox/settings
expect 200 /zy/announcements/ "通知公告"
expect 200 /zy/announcements/manage/ "签收情况"
grep -q '"GET /zy/study/materials HTTP' "$WORK/serve.log" || fail "gunicorn wrote no access log to stdout"

kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""

wait "$NGINX_PID" || { cat "$WORK/nginx.log" >&2; fail "nginx -t"; }
sed 's/^/  /' "$WORK/nginx.log"

step "通过：wheel $(du -h "$WHEEL" | cut -f1)，离线安装包 $(du -h "$BUNDLE" | cut -f1)，用时 $((SECONDS - START)) 秒"
