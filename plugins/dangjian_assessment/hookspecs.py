"""Hooks the assessment module declares for other modules (evidence).

A module offers what it already computes for its own statistics — one
computation, two uses.  Implement them with ``@hookimpl(optionalhook=True)``
so the module still loads where the assessment plugin is not installed; the
assessment module calls them through ``dangjian.api.court_hooks``, so only
modules enabled in that court answer.  Pass every argument by keyword.
"""

# Specifications have no body, only their docstring: mypy's empty-body check
# does not apply to them.
# mypy: disable-error-code="empty-body"

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from dangjian.api import hookspec

if TYPE_CHECKING:
    from dangjian.api import Court, Indicator, IndicatorType


# Names of these hooks on the platform's modules page (平台管理 → 插件与模块).
HOOK_LABELS = {
    "dangjian_assessment_indicator_types": "向党建考评提供指标类型",
    "dangjian_assessment_indicators": "向党建考评提供指标数值",
}


@hookspec
def dangjian_assessment_indicator_types(court: Court) -> list[IndicatorType]:
    """The indicators this module can compute, for the standard editor.

    Arguments: ``court``.  Returns a list of ``dangjian.api.IndicatorType``
    (key ``"<module>.<what>"``, Chinese label, unit, module name,
    description).  Keys are stable: a court's standard refers to them.

    Example::

        @hookimpl(optionalhook=True)
        def dangjian_assessment_indicator_types(court):
            return [IndicatorType("archives.on_time_rate", "三会一课按期召开率", "%", "archives")]
    """


@hookspec
def dangjian_assessment_indicators(court: Court, start: date, end: date, branch_ids: list[int]) -> list[Indicator]:
    """Indicator values per branch for a period.

    Arguments: ``court``; ``start``, ``end`` (dates, inclusive, in the
    court's zone: a year or a half-year); ``branch_ids`` (list of branch
    ids).  Returns a list of ``dangjian.api.Indicator`` (key, branch_id,
    value, unit, links to the records behind it as ``(label, url)``).  Cost:
    a constant number of SQL statements for all branches together.

    Example::

        @hookimpl(optionalhook=True)
        def dangjian_assessment_indicators(court, start, end, branch_ids):
            rates = on_time_rates(court, start, end, branch_ids)
            return [Indicator("archives.on_time_rate", b, rates[b], "%",
                              links=(("情况统计表", url_for("archives.stats", year=start.year)),))
                    for b in branch_ids]
    """
