"""Helpers of the evidence tests (part "evidence from the modules"): ask the
assessment module for what the enabled modules offer, the way its scorecard
does — through ``dangjian_assessment.scoring`` — inside a request context,
because the links are built with url_for.  Each call is a request of its
own (a fresh app context: the court's enabled modules are cached per
request, and a test switches them between calls)."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

from dangjian.db import db
from tests.factories import make_org

YEAR_START, YEAR_END = date(2025, 1, 1), date(2025, 12, 31)


@contextmanager
def request(app):
    with app.app_context(), app.test_request_context():
        yield


def offered(app, court, start=YEAR_START, end=YEAR_END, branch_ids=()):
    """``{(branch_id, key): Indicator}`` as the scorecard gets it."""
    from dangjian_assessment import scoring

    with request(app):
        return scoring.indicator_values(court, start, end, list(branch_ids))


def types(app, court):
    from dangjian_assessment import scoring

    with request(app):
        return scoring.indicator_types(court)


def values(found, branch, prefix: str) -> dict:
    """The values one branch got from one module: ``{key: value}``."""
    return {key: v.value for (branch_id, key), v in found.items() if branch_id == branch.id and key.startswith(prefix)}


def keys_of(found, prefix: str) -> set[str]:
    return {key for (_branch, key) in found if key.startswith(prefix)}


def more_branches(world, count: int = 3):
    """Extra branches of the 中院, so that five can be asked for at once."""
    branches = [make_org(world.zy, f"第{n}党支部", parent=world.zy_committee, slug=f"extra{n}") for n in range(count)]
    db.session.commit()
    return branches


def statement_counts(app, query_counter, court, few, many, start=YEAR_START, end=YEAR_END) -> tuple[int, int]:
    """SQL statements for ``few`` branches and for ``many``, after one call
    that warms the per-request caches (the court's modules, settings)."""
    from dangjian_assessment import scoring

    with request(app):
        scoring.indicator_values(court, start, end, [b.id for b in many])
        with query_counter() as small:
            scoring.indicator_values(court, start, end, [b.id for b in few])
        with query_counter() as large:
            scoring.indicator_values(court, start, end, [b.id for b in many])
    return len(small), len(large)
