"""Evidence for the assessment (党建考评): hours against the yearly target.

The assessment module declares the hooks (its ``hookspecs.py``); this module
answers them from the statistics page's own per-member figures
(``stats.grouped``: check-ins plus sessions attended, members on the roll)
and the targets the statistics page shows (``services.target_hours``).
Optional hooks: the module loads where the assessment plugin is absent.
"""

from __future__ import annotations

from datetime import date

from flask import url_for
from sqlalchemy import select

from dangjian.api import Court, Indicator, IndicatorType, Member, active_branches, db, hookimpl

from . import services, stats

MODULE = "study"
TARGET_SHARE = IndicatorType(
    "study.target_share",
    "达到年度学时要求的党员比例",
    "%",
    MODULE,
    "本期学时（个人学习打卡加集中学习）达到年度学时目标的在册党员 ÷ 在册党员；书记、委员按其目标。"
    "期间不足一年时目标按月数折算（半年为一半）。",
)
AVERAGE = IndicatorType(
    "study.average_hours",
    "人均学时",
    "学时",
    MODULE,
    "本期在册党员的学时合计 ÷ 在册党员人数，与学习统计页相同。",
)
TYPES = (TARGET_SHARE, AVERAGE)


def _months(start, end) -> int:
    return max((end.year - start.year) * 12 + end.month - start.month + 1, 1)


@hookimpl(optionalhook=True)
def dangjian_assessment_indicator_types(court: Court) -> list[IndicatorType]:
    return list(TYPES)


@hookimpl(optionalhook=True)
def dangjian_assessment_indicators(court: Court, start: date, end: date, branch_ids: list[int]) -> list[Indicator]:
    """Two indicators per branch in a fixed number of statements: the
    branches, the members, the statistics' grouped figures per member."""
    branches = active_branches(court, within=set(branch_ids))
    ids = [branch.id for branch in branches]
    members = list(
        db.session.scalars(
            select(Member).where(
                Member.court_id == court.id, Member.branch_id.in_(ids or [-1]), Member.left_on.is_(None)
            )
        )
    )
    figures = stats.grouped(Member.id, [Member.court_id == court.id, Member.branch_id.in_(ids or [-1])], start, end)
    settings = services.settings(court)  # read once, not once per member
    share_of_year = _months(start, end) / 12
    by_branch: dict[int, list[tuple[int, float]]] = {branch_id: [] for branch_id in ids}
    for member in members:
        minutes = figures[member.id].minutes if member.id in figures else 0
        target = services.target_hours(court, member, settings) * share_of_year
        by_branch[member.branch_id].append((minutes, target))
    values: list[Indicator] = []
    for branch_id in ids:
        rows = by_branch[branch_id]
        links = (
            (
                "学习统计",
                url_for(
                    "study.statistics",
                    court_slug=court.slug,
                    start=start.isoformat(),
                    end=end.isoformat(),
                    branch=branch_id,
                ),
            ),
        )
        if not rows:
            values += [
                Indicator(key, branch_id, None, unit, links, "本支部没有在册党员")
                for key, unit in ((TARGET_SHARE.key, "%"), (AVERAGE.key, "学时"))
            ]
            continue
        reached = sum(1 for minutes, target in rows if minutes >= target * 60)
        total = sum(minutes for minutes, _ in rows)
        values += [
            Indicator(
                TARGET_SHARE.key,
                branch_id,
                round(reached * 100 / len(rows), 1),
                "%",
                links,
                f"在册党员 {len(rows)} 名，达到要求 {reached} 名",
            ),
            Indicator(
                AVERAGE.key,
                branch_id,
                round(total / 60 / len(rows), 1),
                "学时",
                links,
                f"在册党员 {len(rows)} 名，学时合计 {round(total / 60, 1)}",
            ),
        ]
    return values
