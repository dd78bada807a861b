"""Deployment figures: wheel and bundle size, installation from the bundle,
start-up time, memory per gunicorn worker after mixed traffic.

    .venv/bin/python bench/deploy.py [--requests 1000] [--workers 2] [--port 8110]

Builds the wheel and an offline bundle for this machine (needs the package
index once), installs the bundle into a temporary folder with pip --no-index,
loads the demo, runs ``dangjian serve`` and sends anonymous (portal, court
home, microsite) and signed-in (member roll, study, archives, microsite
editor) requests from four client threads.  Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ANONYMOUS = ["/", "/zy/", "/zy/s/snt/", "/wenfeng/"]
SIGNED_IN = ["/zy/manage/members/", "/zy/study/materials", "/zy/archives/", "/zy/redculture/", "/zy/"]


def run(command, **kwargs) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, **kwargs)
    return time.perf_counter() - started


def mib(path: Path) -> str:
    return f"{path.stat().st_size / 2**20:.1f} MiB"


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(p) for p in (task / "children").read_text().split()]
    return found


class Client:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> int:
        try:
            with self.opener.open(self.base + path, timeout=60) as response:
                response.read()
                # A redirect followed elsewhere (e.g. to the login page) is not a page served.
                return response.status if urllib.parse.urlsplit(response.url).path == path else 302
        except urllib.error.HTTPError as error:
            return error.code

    def login(self, username: str, password: str) -> None:
        with self.opener.open(self.base + "/auth/login", timeout=60) as response:
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', response.read().decode()).group(1)
        data = urllib.parse.urlencode({"csrf_token": token, "username": username, "password": password}).encode()
        self.opener.open(self.base + "/auth/login", data=data, timeout=60).read()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8110)
    args = parser.parse_args()
    python = sys._base_executable
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        built = run(
            [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(work / "dist"), "."], cwd=ROOT, **quiet
        )
        wheel = next((work / "dist").glob("dangjian-*.whl"))
        bundled = run(
            ["bash", "scripts/build_bundle.sh", "--wheel", str(wheel), "--out", str(work / "bundle")], cwd=ROOT, **quiet
        )
        bundle = next((work / "bundle").glob("*.tar.gz"))
        print(f"wheel:  {mib(wheel)}  (built in {built:.0f} s)")
        print(f"bundle: {mib(bundle)}  (built in {bundled:.0f} s, dependencies downloaded)")

        with tarfile.open(bundle) as archive:
            archive.extractall(work / "unpacked")
        wheelhouse = work / "unpacked" / "dangjian-offline" / "wheelhouse"
        prefix = work / "prefix"
        env = dict(
            os.environ,
            PIP_CONFIG_FILE=os.devnull,
            PIP_NO_INDEX="1",
            DANGJIAN_INSTANCE_PATH=str(work / "instance"),
            DANGJIAN_DISABLED_PLUGINS="",
        )
        env.pop("DATABASE_URL", None)
        venv = run([python, "-m", "venv", str(prefix)], **quiet)
        pip = run(
            [
                str(prefix / "bin" / "python"),
                "-m",
                "pip",
                "install",
                "-q",
                "--no-index",
                "--find-links",
                str(wheelhouse),
                f"{next(wheelhouse.glob('dangjian-*.whl'))}[deploy]",
            ],
            env=env,
            **quiet,
        )
        print(f"install from the bundle: {venv + pip:.1f} s (venv {venv:.1f} s + pip --no-index {pip:.1f} s)")
        dangjian = str(prefix / "bin" / "dangjian")
        init = run([dangjian, "init"], env=env, **quiet)
        print(f"dangjian init (empty SQLite, all migrations): {init:.1f} s")

        startup = []
        for _ in range(3):
            out = subprocess.run(
                [
                    str(prefix / "bin" / "python"),
                    "-c",
                    "import time; t = time.perf_counter(); from dangjian.app import create_app; "
                    "app = create_app(); print(time.perf_counter() - t, len(app.blueprints))",
                ],
                env=env,
                check=True,
                capture_output=True,
                text=True,
                cwd=tmp,
            ).stdout.split()
            startup.append(float(out[0]))
        print(
            f"start-up, import + create_app with all plugins ({out[1]} blueprints): "
            f"median {statistics.median(startup):.2f} s of {', '.join(f'{s:.2f}' for s in startup)}"
        )

        demo = subprocess.run([dangjian, "demo", "--json"], env=env, check=True, capture_output=True, text=True)
        accounts = {a["username"]: a["password"] for a in json.loads(demo.stdout)}
        server = subprocess.Popen(
            [
                dangjian,
                "serve",
                "--bind",
                f"127.0.0.1:{args.port}",
                "--workers",
                str(args.workers),
                "--",
                "--max-requests",
                "0",
            ],
            env=env,
            cwd=tmp,
            **quiet,
        )
        try:
            base = f"http://127.0.0.1:{args.port}"
            started = time.perf_counter()
            while True:
                try:
                    if Client(base).get("/") == 200:
                        break
                except OSError:  # not listening yet
                    if server.poll() is not None:
                        raise SystemExit("dangjian serve exited") from None
                time.sleep(0.2)
            print(f"dangjian serve: first page {time.perf_counter() - started:.1f} s after start")
            workers = children(server.pid)
            booted = {pid: rss_kib(pid) for pid in workers}
            clients = []
            for index in range(4):
                client = Client(base)
                if index % 2:
                    client.login("demo-zy-admin", accounts["demo-zy-admin"])
                clients.append(client)

            def one(i: int) -> int:
                client = clients[i % 4]
                paths = SIGNED_IN if i % 4 % 2 else ANONYMOUS
                return client.get(paths[i // 4 % len(paths)])

            started = time.perf_counter()
            with ThreadPoolExecutor(4) as pool:
                statuses = list(pool.map(one, range(args.requests)))
            elapsed = time.perf_counter() - started
            ok = sum(status == 200 for status in statuses)
            print(
                f"{args.requests} mixed requests, 4 clients: {elapsed:.1f} s ({args.requests / elapsed:.0f} req/s), "
                f"{ok} answered 200 at the requested URL"
            )
            master = rss_kib(server.pid)
            for pid in workers:
                print(
                    f"  worker {pid}: RSS {booted[pid] / 1024:.0f} MiB after boot → {rss_kib(pid) / 1024:.0f} MiB "
                    f"after the requests"
                )
            print(f"  master {server.pid}: RSS {master / 1024:.0f} MiB")
        finally:
            server.terminate()
            server.wait(timeout=60)


if __name__ == "__main__":
    main()
