"""Printing for the commands: aligned tables with Chinese text, JSON, errors."""

from __future__ import annotations

import functools
import json
import unicodedata
from typing import NoReturn

import click
from sqlalchemy.exc import OperationalError, ProgrammingError


def display_width(text: str) -> int:
    # CJK characters take two terminal columns; str.ljust counts them as one.
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def table(headers: list[str], rows: list[list[str]]) -> str:
    cells = [[cell if cell else "—" for cell in row] for row in rows]
    widths = [max(display_width(line[i]) for line in [headers, *cells]) for i in range(len(headers))]
    rule = "  ".join("-" * width for width in widths)
    lines = [
        "  ".join(_pad(text, width) for text, width in zip(line, widths, strict=True)).rstrip()
        for line in [headers, *cells]
    ]
    return "\n".join([lines[0], rule, *lines[1:]])


def echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def fail(message: str, code: int = 1) -> NoReturn:
    """Print a Chinese error to stderr and exit (click's own prefix is English)."""
    click.echo(f"错误：{message}", err=True)
    raise click.exceptions.Exit(code)


def safe_database_url(engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def explains_database_errors(command):
    """A missing table or an unreachable server becomes a Chinese hint, not a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (OperationalError, ProgrammingError) as error:
            reason = str(getattr(error, "orig", error)).strip().splitlines()[0]
            fail(f"数据库无法使用（{reason}）。请确认数据库可以连接，并已运行 dangjian init。")

    return wrapper
