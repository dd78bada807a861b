"""Demo data of the yearly cycle: a court's assessment of last year,
finished and published (stars on the brand wall, five-star honours on the
microsites) — the intermediate court's, and that of the basic court that
adopted the city's standard.  Needs last year's standard (the standard's own
demo builds it first); without one, or with one whose items do not add up
to its total, nothing is added."""

from __future__ import annotations

import random
from datetime import date, datetime

from sqlalchemy import select

from dangjian.api import User, court_today, db, utcnow

from . import cycle_services, notice_services
from .models import DEDUCTION, SUBMITTED, Assessment, BranchEntry, ItemScore

INNOVATIONS = (
    "“法官进校园”普法护航青春行动",
    "“党建+诉源治理”家门口调解站",
    "“红色审判”案例研学课堂",
    "“一庭一品”党员先锋岗",
)


def add_demo_data(court) -> None:
    year = court_today(court).year - 1
    standard = cycle_services.standard_for(court, year)
    if standard is None or abs(standard.items_total - float(standard.total_points)) > 0.005:
        return
    if db.session.scalar(select(Assessment.id).where(Assessment.standard_id == standard.id)) is not None:
        return
    admin = db.session.scalar(select(User).where(User.username == f"demo-{court.slug}-admin"))
    try:
        assessment = cycle_services.open_assessment(
            court,
            {
                "title": f"{year}年度党支部考评",
                "period_start": date(year, 1, 1),
                "period_end": date(year, 12, 31),
                "self_due": date(year + 1, 1, 31),
                "review_due": date(year + 1, 2, 20),
                "notice_days": 5,
            },
            admin,
        )
    except cycle_services.CycleRefused:
        return  # e.g. no branches yet
    rng = random.Random(f"assessment-{court.slug}-{year}")
    entries = list(db.session.scalars(select(BranchEntry).where(BranchEntry.assessment_id == assessment.id)))
    items = {item.id: item for aspect in standard.aspects for item in aspect.items}
    for index, entry in enumerate(entries):
        quality = 0.97 - (index % 7) * 0.06  # a spread from five stars down to two
        for score in db.session.scalars(select(ItemScore).where(ItemScore.entry_id == entry.id)):
            _score(score, items[score.item_id], quality, rng)
        if index % 7 <= 1 or index % 5 == 3:  # the strong branches, and a few others
            entry.innovation = INNOVATIONS[index % len(INNOVATIONS)]
        entry.status, entry.submitted_at = SUBMITTED, utcnow()
    db.session.flush()
    _review(entries[:3], items, admin)
    cycle_services.close_self(court, assessment, admin)
    notice_services.finalise(court, assessment, admin, today=date(year + 1, 3, 1))
    notice_services.publish(court, assessment, admin, today=date(year + 1, 3, 10))
    # The demo's cycle ran in last year's first quarter, not the moment it was loaded.
    assessment.notice_started_at = datetime(year + 1, 3, 1, 1, 0)
    assessment.published_at = datetime(year + 1, 3, 10, 1, 0)
    db.session.flush()


def _score(score: ItemScore, item, quality: float, rng: random.Random) -> None:
    maximum = float(item.points)
    if item.method == DEDUCTION:
        per = float(item.deduction_per or 0)
        score.occurrences = 0 if rng.random() < quality else 1
        score.self_points = max(round(maximum - per * score.occurrences, 2), 0.0)
        score.self_note = "全年无此类情况。" if not score.occurrences else "发生 1 次，已整改。"
        return
    share = min(max(quality + rng.uniform(-0.05, 0.04), 0.3), 1.0)
    score.self_points = round(round(maximum * share * 2) / 2, 2)  # to the half point, as scorers write it
    score.self_note = "按要求完成，材料齐全。" if share > 0.85 else "基本完成，个别材料欠缺。"


def _review(entries: list[BranchEntry], items, reviewer) -> None:
    """A reviewer took half a point off one item of a few branches, with a reason."""
    now = utcnow()
    for entry in entries:
        scores = sorted(entry.scores, key=lambda s: s.item_id)
        for score in scores:
            score.review_points, score.reviewed_at = score.self_points, now
            score.reviewer_id = reviewer.id if reviewer is not None else None
        first = next((s for s in scores if items[s.item_id].method != DEDUCTION and (s.self_points or 0) >= 0.5), None)
        if first is not None:
            first.review_points = round(float(first.self_points or 0) - 0.5, 2)
            first.review_note = "会议记录缺少一次参会人员签到，酌减 0.5 分。"
        entry.review_total = round(sum(float(s.review_points or 0) for s in scores), 2)
        entry.status = "reviewed"
    db.session.flush()
