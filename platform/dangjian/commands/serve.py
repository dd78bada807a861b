"""``dangjian serve``: production server (gunicorn with the packaged config)."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import click

from ..gunicorn_conf import default_workers

CONFIG = Path(__file__).resolve().parents[1] / "gunicorn_conf.py"
APP = "dangjian:create_app()"


def gunicorn_argv(bind: str | None, workers: int | None, extra: tuple[str, ...]) -> list[str]:
    argv = [sys.executable, "-m", "gunicorn", "--config", str(CONFIG)]
    if bind:
        argv += ["--bind", bind]
    if workers:
        argv += ["--workers", str(workers)]
    return argv + list(extra) + [APP]


@click.command("serve", context_settings={"ignore_unknown_options": True})
@click.option(
    "--bind",
    "-b",
    metavar="HOST:PORT",
    help="监听地址，默认 127.0.0.1:8000（或环境变量 DANGJIAN_BIND）；可写 unix:/run/dangjian.sock。",
)
@click.option(
    "--workers",
    "-w",
    type=click.IntRange(1, 64),
    help="工作进程数，默认取 WEB_CONCURRENCY，否则为 2×CPU 核数+1（最多 8）。",
)
@click.option("--dry-run", is_flag=True, help="只打印将要执行的 gunicorn 命令，不启动。")
@click.argument("gunicorn_args", nargs=-1, type=click.UNPROCESSED)
def serve_command(bind: str | None, workers: int | None, dry_run: bool, gunicorn_args: tuple[str, ...]) -> None:
    """用 gunicorn 启动生产服务（配置随软件包提供：超时、日志输出到标准输出）。

    其余参数原样传给 gunicorn，例如：dangjian serve -b 0.0.0.0:8000 -- --timeout 120
    """
    argv = gunicorn_argv(bind, workers, gunicorn_args)
    if dry_run:
        click.echo(" ".join(argv))
        return
    if importlib.util.find_spec("gunicorn") is None:
        raise click.ClickException(
            "未安装 gunicorn，无法启动生产服务。请安装部署依赖：pip install 'dangjian[deploy]'"
            "（离线安装包已包含 gunicorn）；开发调试可用 dangjian run。"
        )
    if workers:
        # `dangjian check` and the rate-limit warning read the worker count from here.
        os.environ["WEB_CONCURRENCY"] = str(workers)
    elif not os.environ.get("WEB_CONCURRENCY"):
        os.environ["WEB_CONCURRENCY"] = str(default_workers())
    os.execv(sys.executable, argv)
