"""The hooks the showcase module declares for other modules.

The big screen (大屏) shows headline numbers of every module enabled in
the court, and a module that rates branches (the assessment's published
stars) may decide the stars on the wall.  A module implements these hooks;
the showcase calls them through ``dangjian.api.court_hooks``, so a module
never imports another.
"""

# Specifications have no body, only their docstring: mypy's empty-body check
# does not apply to them.
# mypy: disable-error-code="empty-body"

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dangjian.api import hookspec

if TYPE_CHECKING:
    from dangjian.api import Court


# Names of these hooks on the platform's modules page (平台管理 → 插件与模块).
HOOK_LABELS = {
    "dangjian_showcase_numbers": "大屏展示数字",
    "dangjian_showcase_star_ratings": "向品牌展示提供支部星级",
}


@hookspec
def dangjian_showcase_numbers(court: Court) -> list[dict[str, Any]]:
    """Headline numbers for the court's big screen.

    Arguments: ``court``.  Returns a list of dicts ``{"label": str,
    "value": int or str, "unit": str (optional), "order": int (optional,
    smaller first)}``; keep them few (the screen shows at most eight) and
    cheap (a couple of queries: the screen reloads every few minutes).
    Numbers about people are counts, never names.

    Example (the study module)::

        @hookimpl
        def dangjian_showcase_numbers(court):
            return [{"label": "今年学习心得", "value": reflections_this_year(court), "unit": "篇", "order": 50}]
    """


@hookspec(firstresult=True)
def dangjian_showcase_star_ratings(court: Court, branch_ids: list[int]) -> dict[str, Any] | None:
    """Star ratings another module decides for the court's branches (the
    assessment module: its latest published results).

    Arguments: ``court``; ``branch_ids`` (the branches on the page).
    Returns ``None`` where the module does not decide the court's stars (yet),
    else ``{"source": str (the module's Chinese name), "title": str (what
    decided them), "year": int, "stars": {branch_id: 1..5}}`` — a branch
    missing from ``stars`` is unrated.  Once a module answers for a court,
    the wall, the brand page and the big screen show these stars instead of
    the hand-set ones, and the hand-set stars page is read-only there.  The
    first answer counts.  Cost: a constant number of SQL statements for all
    branches together (the wall counts its statements).

    Example (the assessment module)::

        @hookimpl(optionalhook=True)
        def dangjian_showcase_star_ratings(court, branch_ids):
            return published_stars(court, branch_ids)
    """
