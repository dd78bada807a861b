"""One way to read numbers and dates that come from a request.

Every value a visitor can type into a URL is untrusted: ``page=9223372036854775807``
overflows an SQL OFFSET, ``99999999999999999999`` overflows a database integer,
``year=10000`` or a date in year 1 overflows date arithmetic, and ``str.isdigit``
accepts "²", which ``int`` refuses.  Numbers here are ASCII digits within the
range of a database INTEGER, years and dates within 1900–2100.
"""

from __future__ import annotations

import re
from datetime import date

from flask import abort, request
from werkzeug.routing import IntegerConverter

MAX_INT = 2**31 - 1  # PostgreSQL INTEGER: every id and count fits
MIN_YEAR, MAX_YEAR = 1900, 2100
MAX_PAGE = 100_000  # with at most 200 rows a page, OFFSET stays far below any limit
_INTEGER = re.compile(r"-?[0-9]{1,10}")


class BoundedIntConverter(IntegerConverter):
    """Replaces Werkzeug's ``int`` converter for every route (host and plugins):
    ASCII digits only and at most :data:`MAX_INT`, else 404."""

    regex = r"[0-9]+"

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_INT, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=False)


def parse_int(text, *, minimum: int = 0, maximum: int = MAX_INT) -> int | None:
    """The integer ``text`` spells in ASCII digits within the bounds, else None."""
    if not isinstance(text, str) or not _INTEGER.fullmatch(text.strip()):
        return None
    value = int(text)
    return value if minimum <= value <= maximum else None


def parse_date(text) -> date | None:
    """An ISO date (YYYY-MM-DD) between 1900 and 2100, else None."""
    if not isinstance(text, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text.strip()):
        return None
    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        return None
    return value if MIN_YEAR <= value.year <= MAX_YEAR else None


def _given(name: str) -> str | None:
    raw = request.args.get(name)
    return raw if raw is not None and raw.strip() else None  # "全部" in a filter form sends an empty value


def int_arg(name: str, default=None, *, minimum: int = 1, maximum: int = MAX_INT):
    """A whole-number query parameter; absent or empty gives ``default``,
    anything else that is not a number within the bounds answers 404."""
    raw = _given(name)
    if raw is None:
        return default
    value = parse_int(raw, minimum=minimum, maximum=maximum)
    if value is None:
        abort(404)
    return value


def year_arg(name: str = "year", default=None):
    """A year query parameter (1900–2100); absent gives ``default``, anything else 404."""
    return int_arg(name, default, minimum=MIN_YEAR, maximum=MAX_YEAR)


def page_arg(name: str = "page") -> int:
    """The page number for ``db.paginate(..., page=page_arg())``; absent gives 1, nonsense 404."""
    return int_arg(name, 1, maximum=MAX_PAGE)


def date_arg(name: str, default=None):
    """An ISO date query parameter (see ``parse_date``); absent gives ``default``, anything else 404."""
    raw = _given(name)
    if raw is None:
        return default
    value = parse_date(raw)
    if value is None:
        abort(404)
    return value
