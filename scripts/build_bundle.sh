#!/usr/bin/env bash
# Offline installation bundle for a court intranet (no internet on the target):
#   bash scripts/build_bundle.sh [--python 3.11] [--platform manylinux2014_x86_64] [--out dist] [--wheel FILE]
# Needs network (a package index) on this machine; writes ONE archive
# dist/dangjian-<version>-offline-cp<py>-<platform>.tar.gz holding a wheelhouse
# with every dependency, the app's wheel, install.sh, INSTALL.md and the
# systemd/nginx examples (deploy/).
# ARM64 (鲲鹏/飞腾 servers):  --platform manylinux2014_aarch64
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

python_version=$(.venv/bin/python -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
platforms=()
out=dist
wheel=""
while [ $# -gt 0 ]; do
    case $1 in
        --python) python_version=$2; shift 2 ;;
        --platform) platforms+=("$2"); shift 2 ;;
        --out) out=$2; shift 2 ;;
        --wheel) wheel=$2; shift 2 ;;  # reuse a wheel already built from this checkout
        -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
        *) echo "未知参数：$1（见 --help）" >&2; exit 2 ;;
    esac
done
[ ${#platforms[@]} -gt 0 ] || platforms=("manylinux2014_$(uname -m)")
PY=.venv/bin/python
[ -x "$PY" ] || PY=python3

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
name=dangjian-offline
mkdir -p "$work/$name/wheelhouse" "$out"

if [ -z "$wheel" ]; then
    echo "构建应用 wheel ..."
    "$PY" -m pip wheel -q --no-deps -w "$work/$name/wheelhouse" .
else
    cp "$wheel" "$work/$name/wheelhouse/"
fi
app_wheel=$(ls "$work/$name/wheelhouse"/dangjian-*.whl)
version=$(basename "$app_wheel" | cut -d- -f2)

platform_args=()
for platform in "${platforms[@]}"; do platform_args+=(--platform "$platform"); done
echo "下载依赖（Python $python_version，${platforms[*]}，只要二进制 wheel）..."
# The app comes from its own wheel (never an index: no name confusion); pip resolves the rest
# (gunicorn included) for the target, never for this machine.
"$PY" -m pip download -q --disable-pip-version-check --only-binary=:all: \
    "${platform_args[@]}" --python-version "$python_version" --implementation cp \
    -d "$work/$name/wheelhouse" "$app_wheel[deploy]"

cp scripts/bundle/install.sh scripts/bundle/INSTALL.md "$work/$name/"
mkdir "$work/$name/deploy" && cp docs/deploy/dangjian.service docs/deploy/nginx-dangjian.conf "$work/$name/deploy/"
chmod +x "$work/$name/install.sh"
cat > "$work/$name/BUNDLE.txt" <<INFO
dangjian $version
python $python_version
platform ${platforms[*]}
built $(date -u +%Y-%m-%dT%H:%M:%SZ) from $(git rev-parse --short HEAD 2>/dev/null || echo unknown)
INFO

tag="cp${python_version/./}-${platforms[0]}"
archive="$out/dangjian-$version-offline-$tag.tar.gz"
tar -C "$work" -czf "$archive" "$name"
echo "离线安装包：$archive（$(du -h "$archive" | cut -f1)，$(ls "$work/$name/wheelhouse" | wc -l) 个 wheel）"
