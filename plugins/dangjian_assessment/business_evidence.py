"""The assessment's own evidence: the business indicators a court imports
(党建与业务融合), offered through the same hooks as every other module's,
so the standard scores them like any indicator.

A period takes the values of its year (a half-year uses its year's
values: the figures are yearly).  Where the year has not been imported the
value is ``None`` with the reason, and the link leads to the import page.
"""

from __future__ import annotations

from datetime import date

from flask import url_for
from sqlalchemy import and_, select

from dangjian.api import Court, Indicator, IndicatorType, Organisation, db, hookimpl, to_local

from .business_keys import KEYS
from .models import BusinessValue

MODULE = "assessment"
NOT_IMPORTED = "尚未导入本年度业务数据"
TYPES = tuple(
    IndicatorType(
        key,
        label,
        unit,
        MODULE,
        f"法院管理员每年从 Excel 导入的各支部{label}（党建与业务融合），半年度考评取当年数值。",
    )
    for key, (label, unit) in KEYS.items()
)


@hookimpl(optionalhook=True)
def dangjian_assessment_indicator_types(court: Court) -> list[IndicatorType]:
    return list(TYPES)


@hookimpl(optionalhook=True)
def dangjian_assessment_indicators(court: Court, start: date, end: date, branch_ids: list[int]) -> list[Indicator]:
    """Three indicators per active branch of ``court`` among ``branch_ids``
    (one statement for any number of branches)."""
    year = start.year
    found = db.session.execute(
        select(Organisation.id, BusinessValue.key, BusinessValue.value, BusinessValue.imported_at)
        .outerjoin(
            BusinessValue,
            and_(
                BusinessValue.branch_id == Organisation.id,
                BusinessValue.court_id == court.id,
                BusinessValue.year == year,
            ),
        )
        .where(
            Organisation.court_id == court.id,
            Organisation.kind == "branch",
            Organisation.dissolved_at.is_(None),
            Organisation.id.in_(list(branch_ids) or [-1]),
        )
    ).all()
    branches = sorted({row[0] for row in found})
    values = {(branch, key): (value, at) for branch, key, value, at in found if key is not None}
    links = (("业务指标导入", url_for("assessment.business", court_slug=court.slug, year=year)),)
    result: list[Indicator] = []
    for branch in branches:
        for key, (_label, unit) in KEYS.items():
            value, imported_at = values.get((branch, key), (None, None))
            note = (
                f"{year} 年度导入数据（{to_local(court, imported_at):%Y-%m-%d} 导入）"
                if imported_at is not None
                else NOT_IMPORTED
            )
            result.append(Indicator(key, branch, value, unit, links, note))
    return result
