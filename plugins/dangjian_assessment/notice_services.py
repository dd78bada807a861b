"""Results: finalising (totals, ranks, stars), the public notice (公示)
with members' objections and the admin's answers, and publishing — which
gives each five-star branch its honour on the microsite."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from dangjian.api import (
    SiteHonour,
    audit,
    create_site_honour,
    db,
    ensure_site,
    publish_site_item,
    utcnow,
)

from . import scorecard
from .cycle_services import CycleRefused, ensure_not_closed, today_in
from .models import NOTICE, PUBLISHED, REVIEWING, Assessment, BranchEntry, ItemScore, Objection, Standard
from .scorecard import points_text

MAX_OBJECTION = 1000


def finalise(court, assessment: Assessment, user, today: date | None = None) -> list[BranchEntry]:
    """Totals (the review score where given, else the self-score), ranks and
    stars; the public notice starts today and runs ``notice_days`` days."""
    ensure_not_closed(assessment)
    if assessment.status != REVIEWING:
        raise CycleRefused("请先截止支部自评、完成评审，再评定星级。")
    entries = scorecard.entries(assessment)
    by_entry: dict[int, list[ItemScore]] = {}
    for score in db.session.scalars(
        select(ItemScore)
        .join(BranchEntry, BranchEntry.id == ItemScore.entry_id)
        .where(BranchEntry.assessment_id == assessment.id)
    ):
        by_entry.setdefault(score.entry_id, []).append(score)
    thresholds = scorecard.thresholds_of(assessment)
    totals = {}
    for entry in entries:
        scores = by_entry.get(entry.id, [])
        entry.self_total = round(sum(float(s.self_points or 0) for s in scores), 2)
        reviewed = [s for s in scores if s.review_points is not None]
        entry.review_total = round(sum(float(s.review_points or 0) for s in reviewed), 2) if reviewed else None
        entry.final_total = round(sum(scorecard.final_points(s) for s in scores), 2)
        entry.stars = scorecard.star_level(entry.final_total, entry.innovation, thresholds)
        totals[entry.id] = entry.final_total
    ranks = scorecard.competition_ranks(totals)
    for entry in entries:
        entry.rank = ranks[entry.id]
    day = today_in(court, today)
    assessment.status = NOTICE
    assessment.notice_started_at = utcnow()
    assessment.notice_ends_on = day + timedelta(days=max(int(assessment.notice_days), 1) - 1)
    db.session.flush()
    five = sum(1 for e in entries if e.stars == 5)
    audit(
        "assessment.finalised",
        f"“{assessment.title}”评定星级（五星级 {five} 个）并公示至 {assessment.notice_ends_on.isoformat()}",
        target=assessment,
        court=court,
        user=user,
    )
    return entries


def notice_running(court, assessment: Assessment, today: date | None = None) -> bool:
    return (
        assessment.status == NOTICE
        and assessment.notice_ends_on is not None
        and today_in(court, today) <= assessment.notice_ends_on
    )


def objections(assessment: Assessment) -> list[Objection]:
    return list(
        db.session.scalars(
            select(Objection)
            .where(Objection.assessment_id == assessment.id)
            .options(joinedload(Objection.entry).joinedload(BranchEntry.branch), joinedload(Objection.user))
            .order_by(Objection.answered_at.is_not(None), Objection.created_at)
        )
    )


def unanswered_count(assessment: Assessment) -> int:
    return (
        db.session.scalar(
            select(func.count(Objection.id)).where(
                Objection.assessment_id == assessment.id, Objection.answered_at.is_(None)
            )
        )
        or 0
    )


def raise_objection(court, assessment: Assessment, entry: BranchEntry, text: str, user, today=None) -> Objection:
    ensure_not_closed(assessment)
    if assessment.status != NOTICE:
        raise CycleRefused("考评结果尚未公示，暂不能提出异议。")
    if not notice_running(court, assessment, today):
        raise CycleRefused("公示期已结束，不能再提出异议。")
    body = (text or "").strip()
    if not body:
        raise CycleRefused("请写明异议的内容和理由。", field="text")
    if len(body) > MAX_OBJECTION:
        raise CycleRefused(f"异议不超过 {MAX_OBJECTION} 个字（现在 {len(body)} 个字）。", field="text")
    objection = Objection(assessment_id=assessment.id, entry_id=entry.id, user_id=user.id, text=body, answer="")
    db.session.add(objection)
    db.session.flush()
    audit(
        "assessment.objection_raised",
        f"对{entry.branch.name}“{assessment.title}”结果提出异议",
        target=objection,
        court=court,
        user=user,
    )
    return objection


def answer_objection(court, assessment: Assessment, objection: Objection, text: str, user) -> None:
    ensure_not_closed(assessment)
    if assessment.status != NOTICE:
        raise CycleRefused("只能在公示期间答复异议。")
    body = (text or "").strip()
    if not body:
        raise CycleRefused("请填写答复。", field="answer")
    if len(body) > 2000:
        raise CycleRefused(f"答复不超过 2000 个字（现在 {len(body)} 个字）。", field="answer")
    objection.answer, objection.answered_at, objection.answered_by_id = body, utcnow(), user.id
    db.session.flush()
    audit(
        "assessment.objection_answered",
        f"答复对{objection.entry.branch.name}“{assessment.title}”结果的异议",
        target=objection,
        court=court,
        user=user,
    )


def publish(court, assessment: Assessment, user, today: date | None = None) -> int:
    """Publish the results once the notice period is over and every
    objection answered; returns how many five-star honours were recorded."""
    ensure_not_closed(assessment)
    if assessment.status != NOTICE:
        raise CycleRefused("请先评定星级并公示，公示期满后再发布。")
    if notice_running(court, assessment, today):
        ends = assessment.notice_ends_on
        assert ends is not None  # a running notice has its end
        raise CycleRefused(f"公示期至 {ends.year}年{ends.month}月{ends.day}日，期满后方可发布结果。")
    open_count = unanswered_count(assessment)
    if open_count:
        raise CycleRefused(f"还有 {open_count} 条异议没有答复，答复后方可发布结果。")
    assessment.status, assessment.published_at = PUBLISHED, utcnow()
    db.session.flush()
    year = db.session.scalar(select(Standard.year).where(Standard.id == assessment.standard_id))
    day = today_in(court, today)
    honours = 0
    for entry in scorecard.entries(assessment):
        if entry.stars == 5:
            five_star_honour(court, entry, int(year or assessment.period_end.year), day, user)
            honours += 1
    audit(
        "assessment.published",
        f"发布“{assessment.title}”考评结果（五星级党支部 {honours} 个）",
        target=assessment,
        court=court,
        user=user,
    )
    db.session.flush()
    return honours


def honour_title(year: int) -> str:
    return f"五星级党支部（{year}年度）"


def five_star_honour(court, entry: BranchEntry, year: int, day: date, user) -> SiteHonour:
    """The branch's honour on its microsite, once: the same title on the
    same site is the same honour (publishing again adds nothing)."""
    site = ensure_site(entry.branch)
    title = honour_title(year)
    honour = db.session.scalar(select(SiteHonour).where(SiteHonour.site_id == site.id, SiteHonour.title == title))
    if honour is None:
        honour = create_site_honour(
            site,
            {
                "title": title,
                "level": "court",
                "awarding_body": f"{court.display_name}机关党委",
                "awarded_on": day,
            },
            user=user,
        )
    publish_site_item(honour, True, user=user)
    return honour


def summary(entry: BranchEntry) -> str:
    return f"{points_text(entry.final_total)} 分，{scorecard.STAR_LABELS.get(entry.stars or 0, '')}"
