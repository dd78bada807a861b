"""Evidence for the assessment (党建考评): the participation statistics.

The assessment module declares the hooks (its ``hookspecs.py``); this module
answers them from the rows the 参与统计 page shows (``stats``), so the
numbers behind a score are the page's numbers.  What the two indicators
mean in this module:

- a theme activity (主题活动) is an activity the branch organised, alone or
  with other branches (参观学习 or 主题党日; the study day is the court
  committee's and counts for a branch only where it was named organiser) —
  the page's 组织活动;
- study-day participation (主题党日/学习日参与率) is the share of the
  branch's current members who took part in at least one activity of the
  period (主题党日, 学习日 or 参观学习), counted for the branch they belonged
  to at the time — the page's 参与率.

Optional hooks: the module loads where the assessment plugin is absent.
"""

from __future__ import annotations

from datetime import date

from flask import url_for

from dangjian.api import Court, Indicator, IndicatorType, hookimpl

from . import stats

MODULE = "redculture"
THEME_ACTIVITIES = IndicatorType(
    "redculture.theme_activities",
    "主题活动次数",
    "次",
    MODULE,
    "本期本支部组织（含与其他支部联合组织）的红色教育活动次数，即参观学习、主题党日等，"
    "取自参与统计的“组织活动”；院党委组织的学习日只计入被列为组织支部的支部。",
)
STUDY_DAY_RATE = IndicatorType(
    "redculture.study_day_rate",
    "主题党日/学习日参与率",
    "%",
    MODULE,
    "本期参加过主题党日、学习日或参观学习的本支部党员 ÷ 现有党员，取自参与统计的“参与率”；"
    "按党员参加活动时所在的支部统计。",
)
TYPES = (THEME_ACTIVITIES, STUDY_DAY_RATE)


@hookimpl(optionalhook=True)
def dangjian_assessment_indicator_types(court: Court) -> list[IndicatorType]:
    return list(TYPES)


@hookimpl(optionalhook=True)
def dangjian_assessment_indicators(court: Court, start: date, end: date, branch_ids: list[int]) -> list[Indicator]:
    """Both indicators per branch from one set of statistics rows (four
    statements for any number of branches)."""
    rows, _total = stats.branch_rows_between(court, start, end, set(branch_ids))
    stats_url = url_for("redculture.statistics", court_slug=court.slug, year=start.year)
    values: list[Indicator] = []
    for row in rows:
        assert row.branch_id is not None  # branch rows carry their branch
        links = (
            ("参与统计", stats_url),
            (
                "活动列表",
                url_for("redculture.activities", court_slug=court.slug, year=start.year, branch_id=row.branch_id),
            ),
        )
        values += [
            Indicator(THEME_ACTIVITIES.key, row.branch_id, row.organised, "次", links),
            Indicator(
                STUDY_DAY_RATE.key,
                row.branch_id,
                row.rate if row.members else None,
                "%",
                links,
                f"现有党员 {row.members} 名，参加过活动 {row.people} 名" if row.members else "本支部没有在册党员",
            ),
        ]
    return values
