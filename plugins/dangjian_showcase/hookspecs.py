"""The hook the showcase module declares for other modules.

The big screen (大屏) shows headline numbers of every module enabled in
the court.  A module offers its numbers by implementing this hook; the
showcase calls it through ``dangjian.api.court_hooks``, so a module never
imports another.
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
