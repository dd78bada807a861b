#!/usr/bin/env bash
# `nginx -t` against docs/deploy/nginx-dangjian.conf (with a throw-away
# certificate).  Installs Debian's nginx-light when root with apt-get (CI);
# otherwise skips and says why.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SITE=docs/deploy/nginx-dangjian.conf

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "安装 nginx-light（检查示例配置用）..."
        { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light >/dev/null 2>&1 ||
          { DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light >/dev/null; }; } ||
            { echo "SKIP nginx -t：nginx-light 安装失败。"; exit 0; }
    else
        echo "SKIP nginx -t：未安装 nginx（非 root 或无 apt-get，无法自动安装）。"
        exit 0
    fi
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
command -v openssl >/dev/null 2>&1 || { echo "SKIP nginx -t：没有 openssl，无法生成测试证书。"; exit 0; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=dangjian.court.example \
    -keyout "$tmp/privkey.pem" -out "$tmp/fullchain.pem" >/dev/null 2>&1
sed "s|/etc/ssl/dangjian/|$tmp/|g" "$SITE" > "$tmp/site.conf"
mime=/etc/nginx/mime.types
cat > "$tmp/nginx.conf" <<CONF
error_log $tmp/error.log;
pid $tmp/nginx.pid;
events {}
http {
    $( [ -f "$mime" ] && echo "include $mime;" )
    access_log off;
    client_body_temp_path $tmp;
    include $tmp/site.conf;
}
CONF
"$NGINX" -t -q -c "$tmp/nginx.conf" -e "$tmp/error.log" 2>&1 || {
    "$NGINX" -t -c "$tmp/nginx.conf" -e "$tmp/error.log" 2>&1 || true
    echo "FAIL nginx -t：$SITE 有错误。" >&2
    exit 1
}
echo "nginx -t 通过：$SITE（$("$NGINX" -v 2>&1)）"
