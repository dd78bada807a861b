"""Evidence for the assessment (党建考评): a branch's honours by level.

The assessment module declares the hooks (its ``hookspecs.py``); this module
answers them with the count the brand wall shows (``walls.honour_levels``:
the published honours on the branch's microsite), limited to those awarded
in the period.  Optional hooks: the module loads where the assessment plugin
is absent.
"""

from __future__ import annotations

from datetime import date

from flask import url_for

from dangjian.api import HONOUR_LEVELS, Court, Indicator, IndicatorType, active_branches, hookimpl

from . import walls

MODULE = "showcase"
# 国家级, 省级, 市级: every level down to the city's, in HONOUR_LEVELS' order.
CITY_OR_HIGHER = tuple(HONOUR_LEVELS)[: tuple(HONOUR_LEVELS).index("city") + 1]
HONOURS = IndicatorType(
    "showcase.honours",
    "荣誉数",
    "项",
    MODULE,
    "本期获得的支部荣誉（支部网站上已发布、填写了获得日期的荣誉，各级合计）。",
)
CITY_OR_HIGHER_HONOURS = IndicatorType(
    "showcase.honours_city_or_higher",
    "市级及以上荣誉",
    "项",
    MODULE,
    "本期获得的国家级、省级、市级支部荣誉（支部网站上已发布、填写了获得日期的荣誉）。",
)
TYPES = (HONOURS, CITY_OR_HIGHER_HONOURS)


def _by_level(levels: dict[str, int]) -> str:
    parts = [f"{label} {levels[key]} 项" for key, label in HONOUR_LEVELS.items() if levels.get(key)]
    return "，".join(parts) if parts else "本期没有获得荣誉"


@hookimpl(optionalhook=True)
def dangjian_assessment_indicator_types(court: Court) -> list[IndicatorType]:
    return list(TYPES)


@hookimpl(optionalhook=True)
def dangjian_assessment_indicators(court: Court, start: date, end: date, branch_ids: list[int]) -> list[Indicator]:
    """Both indicators per branch in two statements (the branches, the
    honours grouped by branch and level)."""
    ids = [branch.id for branch in active_branches(court, within=set(branch_ids))]
    counts = walls.honour_levels(ids, start, end)
    room_url = url_for("showcase.honours", court_slug=court.slug, year=start.year)
    values: list[Indicator] = []
    for branch_id in ids:
        levels = counts.get(branch_id, {})
        links = (
            ("荣誉室", room_url),
            ("支部品牌", url_for("showcase.brand", court_slug=court.slug, org_id=branch_id)),
        )
        note = _by_level(levels)
        values += [
            Indicator(HONOURS.key, branch_id, sum(levels.values()), "项", links, note),
            Indicator(
                CITY_OR_HIGHER_HONOURS.key,
                branch_id,
                sum(levels.get(level, 0) for level in CITY_OR_HIGHER),
                "项",
                links,
                note,
            ),
        ]
    return values
