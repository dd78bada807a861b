"""Helpers of the yearly cycle's tests: a small standard built with the
models (2 aspects × 4 items, one indicator item, one deduction item, 100
points), a fake evidence module, and the forms people post."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from sqlalchemy import select

from dangjian.api import Indicator, IndicatorType, hookimpl
from dangjian.db import db
from dangjian_assessment.models import (
    DEDUCTION,
    INDICATOR,
    MANUAL,
    Aspect,
    Assessment,
    BranchEntry,
    Item,
    Standard,
)

RATE_KEY = "fake.on_time_rate"
YEAR = 2025


def build_standard(court, year: int = YEAR, *, total: float = 100, short_by: float = 0) -> Standard:
    """组织建设 (20 manual, 15 from the on-time rate, 10 minus 2 a time, 5
    manual) and 品牌建设 (20, 10, 10, 10 manual): 100 points; ``short_by``
    takes points off the last item so the total is wrong."""
    standard = Standard(court_id=court.id, year=year, title=f"{year}年度党支部考评标准", total_points=total)
    db.session.add(standard)
    db.session.flush()
    first = Aspect(standard_id=standard.id, position=1, name="组织建设", description="")
    second = Aspect(standard_id=standard.id, position=2, name="品牌建设", description="")
    db.session.add_all([first, second])
    db.session.flush()
    items = [
        (first, "按期召开支委会、党员大会，落实“三会一课”", 20, MANUAL, {}),
        (
            first,
            "“三会一课”按期召开率",
            15,
            INDICATOR,
            {
                "indicator_key": RATE_KEY,
                "mapping": {"kind": "thresholds", "steps": [{"min": 90, "points": 15}, {"min": 60, "points": 8}]},
            },
        ),
        (first, "违反组织纪律的情况（每次扣 2 分）", 10, DEDUCTION, {"deduction_per": 2}),
        (first, "党员发展与教育管理", 5, MANUAL, {}),
        (second, "支部品牌“五有”建设", 20, MANUAL, {}),
        (second, "品牌活动开展情况", 10, MANUAL, {}),
        (second, "宣传阵地建设", 10, MANUAL, {}),
        (second, "党建与业务融合成效", 10 - short_by, MANUAL, {}),
    ]
    for position, (aspect, text, points, method, extra) in enumerate(items, start=1):
        db.session.add(
            Item(
                standard_id=standard.id,
                aspect_id=aspect.id,
                position=position,
                text=text,
                points=points,
                method=method,
                evidence_expected="会议记录",
                **extra,
            )
        )
    db.session.commit()
    db.session.refresh(standard)
    return standard


def items_of(standard: Standard) -> dict[str, Item]:
    """The standard's items by a short name."""
    found = list(
        db.session.scalars(select(Item).where(Item.standard_id == standard.id).order_by(Item.aspect_id, Item.position))
    )
    names = ["meetings", "rate", "discipline", "education", "brand", "activities", "media", "fusion"]
    return dict(zip(names, found, strict=True))


class FakeEvidence:
    """An evidence module: the on-time rate of each branch, set by the test."""

    values: ClassVar[dict[int, float]] = {}

    @hookimpl(optionalhook=True)
    def dangjian_assessment_indicator_types(self, court):
        return [IndicatorType(RATE_KEY, "三会一课按期召开率", "%", "fake")]

    @hookimpl(optionalhook=True)
    def dangjian_assessment_indicators(self, court, start, end, branch_ids):
        return [
            Indicator(RATE_KEY, b, self.values[b], "%", links=(("情况统计表", f"/fake/stats/{b}"),))
            for b in branch_ids
            if b in self.values
        ]


def open_form(year: int = YEAR, **overrides) -> dict:
    data = {
        "title": f"{year}年度党支部考评",
        "period_start": f"{year}-01-01",
        "period_end": f"{year}-12-31",
        "self_due": f"{year + 1}-01-31",
        "review_due": f"{year + 1}-02-20",
        "notice_days": "5",
        "star5_min": "90",
        "star5_innovation": "y",
        "star4_min": "80",
        "star3_min": "70",
        "star2_min": "60",
    }
    data.update(overrides)
    return data


def open_assessment(client, court_slug: str = "zy", year: int = YEAR, **overrides) -> Assessment:
    response = client.post(f"/{court_slug}/assessment/cycles/new", data=open_form(year, **overrides))
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalars(select(Assessment).order_by(Assessment.id.desc())).first()


def entry_of(assessment: Assessment, branch) -> BranchEntry:
    db.session.expire_all()
    return db.session.scalar(
        select(BranchEntry).where(BranchEntry.assessment_id == assessment.id, BranchEntry.branch_id == branch.id)
    )


def sheet_url(assessment: Assessment, entry: BranchEntry, court_slug: str = "zy") -> str:
    return f"/{court_slug}/assessment/cycles/{assessment.id}/entries/{entry.id}/sheet"


def sheet_data(
    items: dict[str, Item], points: dict[str, str], *, occurrences: str = "0", innovation: str = "", **extra
):
    """A sheet as the secretary posts it: ``points`` by item name (hand-scored
    items), each with an explanation."""
    data = {"innovation": innovation, f"occurrences-{items['discipline'].id}": occurrences}
    for name, value in points.items():
        data[f"points-{items[name].id}"] = value
        data[f"note-{items[name].id}"] = f"{items[name].text}：已按要求落实。"
    data.update(extra)
    return data


# Hand-scored points of a strong branch (the rate item by hand when the
# evidence module is off): 20 + 15 + 10 + 5 + 18 + 9 + 9 + 9 = 95 with no occurrences.
STRONG = {
    "meetings": "20",
    "rate": "15",
    "education": "5",
    "brand": "18",
    "activities": "9",
    "media": "9",
    "fusion": "9",
}
# 14 + 8 + 6 + 3 + 12 + 6 + 6 + 6 = 61 with 2 occurrences (10 - 4 = 6).
WEAK = {
    "meetings": "14",
    "rate": "8",
    "education": "3",
    "brand": "12",
    "activities": "6",
    "media": "6",
    "fusion": "6",
}


def review_data(items: dict[str, Item], points: dict[str, str], reasons: dict[str, str] | None = None) -> dict:
    data = {}
    for name, item in items.items():
        if name in points:
            data[f"review-{item.id}"] = points[name]
        if reasons and name in reasons:
            data[f"reason-{item.id}"] = reasons[name]
    return data


def notice_over(assessment: Assessment) -> None:
    """The notice period has run its course (as days pass in the court)."""
    db.session.expire_all()
    row = db.session.get(Assessment, assessment.id)
    row.notice_ends_on = date(2000, 1, 1)
    db.session.commit()


def base(cycle: Assessment, court_slug: str = "zy") -> str:
    return f"/{court_slug}/assessment/cycles/{cycle.id}"


def submitted_cycle(client, login_as, world, *, innovation: str = "法官进校园") -> tuple[Assessment, dict[str, Item]]:
    """The court admin opens 2025's assessment and submits both 中院 sheets
    (少年庭 95 with an innovation project, 办公室 61)."""
    items = items_of(build_standard(world.zy))
    login_as(world.zy_admin)
    cycle = open_assessment(client)
    for branch, points, occurrences, project in (
        (world.juvenile, STRONG, "0", innovation),
        (world.office, WEAK, "2", ""),
    ):
        entry = entry_of(cycle, branch)
        response = client.post(
            sheet_url(cycle, entry),
            data=sheet_data(items, points, occurrences=occurrences, innovation=project, action="submit"),
        )
        assert response.status_code == 302
    return cycle, items


def noticed_cycle(client, login_as, world, **kwargs) -> tuple[Assessment, dict[str, Item]]:
    """Submitted, self-assessment closed and finalised: the notice runs."""
    cycle, items = submitted_cycle(client, login_as, world, **kwargs)
    client.post(f"{base(cycle)}/close-self")
    client.post(f"{base(cycle)}/finalise")
    db.session.expire_all()
    return db.session.get(Assessment, cycle.id), items


def published_cycle(client, login_as, world, **kwargs) -> tuple[Assessment, dict[str, Item]]:
    cycle, items = noticed_cycle(client, login_as, world, **kwargs)
    notice_over(cycle)
    assert client.post(f"{base(cycle)}/publish").status_code == 302
    db.session.expire_all()
    cycle = db.session.get(Assessment, cycle.id)
    assert cycle.status == "published"
    return cycle, items
