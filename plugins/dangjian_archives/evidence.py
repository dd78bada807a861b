"""Evidence for the assessment (党建考评): the statistics table's figures.

The assessment module declares the hooks (its ``hookspecs.py``); this module
answers them from the same cells the 情况统计表 shows (``services.stats``),
so a branch's score and its table can never disagree.  Optional hooks: the
module loads where the assessment plugin is not installed.
"""

from __future__ import annotations

from datetime import date

from flask import url_for

from dangjian.api import Court, Indicator, IndicatorType, court_today, hookimpl

from .services import stats

MODULE = "archives"
COMPLETION = IndicatorType(
    "archives.completion_rate",
    "三会一课完成率",
    "%",
    MODULE,
    "已开 ÷ 应开（按时与补开补报都算已开），各类会议合计，取自情况统计表；未结束且未开会的周期不计入应开。",
)
ON_TIME = IndicatorType(
    "archives.on_time_rate",
    "按期召开率",
    "%",
    MODULE,
    "按时召开 ÷ 应开，各类会议合计，取自情况统计表（补开补报不算按时）。",
)
ATTENDANCE = IndicatorType(
    "archives.attendance_rate",
    "参会率",
    "%",
    MODULE,
    "本期已报送会议的实到人数 ÷ 应到人数，取自情况统计表。",
)
MISSED = IndicatorType(
    "archives.missed_count",
    "缺开次数",
    "次",
    MODULE,
    "应开而未开的会议次数（各类会议合计），取自情况统计表的“未开”；可按次扣分。",
)
TYPES = (COMPLETION, ON_TIME, ATTENDANCE, MISSED)


def _percent(part: int, whole: int) -> float | None:
    return round(part * 100 / whole, 1) if whole else None


@hookimpl(optionalhook=True)
def dangjian_assessment_indicator_types(court: Court) -> list[IndicatorType]:
    return list(TYPES)


@hookimpl(optionalhook=True)
def dangjian_assessment_indicators(court: Court, start: date, end: date, branch_ids: list[int]) -> list[Indicator]:
    """Four indicators per branch from one build of the table's rows (three
    statements for any number of branches)."""
    rows = stats.branch_rows(court, start, end, court_today(court), branch_ids)
    table_url = url_for("archives.stats_table", court_slug=court.slug, year=start.year)
    values: list[Indicator] = []
    for row in rows:
        assert row.branch is not None  # branch rows carry their branch
        branch_id = row.branch.id
        cell = row.total
        links = (
            ("情况统计表", table_url),
            ("会议记录", url_for("archives.index", court_slug=court.slug, branch=branch_id, year=start.year)),
        )
        held = cell.on_time + cell.late
        counted = f"应开 {cell.required} 次：按时 {cell.on_time}，补开补报 {cell.late}，未开 {cell.missing}"
        none_due = "本期无应开会议"
        values += [
            Indicator(
                COMPLETION.key,
                branch_id,
                _percent(held, cell.required),
                "%",
                links,
                counted if cell.required else none_due,
            ),
            Indicator(
                ON_TIME.key,
                branch_id,
                _percent(cell.on_time, cell.required),
                "%",
                links,
                counted if cell.required else none_due,
            ),
            Indicator(
                ATTENDANCE.key,
                branch_id,
                cell.rate,
                "%",
                links,
                f"应到 {cell.expected} 人次，实到 {cell.present} 人次" if cell.expected else "本期没有已报送的会议",
            ),
            Indicator(MISSED.key, branch_id, cell.missing, "次", links, counted),
        ]
    return values
