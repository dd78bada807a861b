"""Demo data of the member appraisal: the intermediate court's round of
last year, closed, with every branch's votes counted and grades decided
(mostly 优秀 and 合格, a few 基本合格).  Votes are written as counts, the
way the service stores them; no ballot exists here either."""

from __future__ import annotations

import random
from datetime import date, datetime

from sqlalchemy import insert, select

from dangjian.api import User, active_branches, court_today, db

from . import appraisal_services as services
from .appraisal_models import (
    BASIC,
    EXCELLENT,
    GRADES,
    QUALIFIED,
    ROUND_CLOSED,
    Appraisal,
    AppraisalResult,
    AppraisalSelf,
    AppraisalTally,
    AppraisalVoter,
)

NOTES = {
    EXCELLENT: "政治坚定，业务突出，先锋模范作用明显。",
    QUALIFIED: "",
    BASIC: "参加组织生活不够经常，已谈心谈话，限期改进。",
}
SELF_TEXT = (
    "本年度认真学习党的创新理论，按时参加“三会一课”和主题党日，按期足额交纳党费。"
    "立足审判岗位，严格依法办案，努力做到案结事了。今后将进一步加强学习、改进作风，更好发挥党员先锋模范作用。"
)


def add_demo_data(court) -> None:
    if court.parent_id is not None:
        return  # the intermediate court only
    year = court_today(court).year - 1
    if db.session.scalar(select(Appraisal.id).where(Appraisal.court_id == court.id, Appraisal.year == year)):
        return
    admin = db.session.scalar(select(User).where(User.username == "demo-zy-admin"))
    try:
        appraisal = services.open_round(
            court,
            {
                "year": year,
                "title": f"{year}年度民主评议党员",
                "starts_on": date(year, 12, 8),
                "ends_on": date(year, 12, 26),
            },
            admin,
        )
    except services.AppraisalRefused:
        return  # e.g. no branches yet
    appraisal.created_at = datetime(year, 12, 8, 1, 0)
    rng = random.Random(f"appraisal-{court.slug}-{year}")
    tallies: list[dict] = []
    voters: list[dict] = []
    selfs: list[dict] = []
    results: list[dict] = []
    for branch in active_branches(court):
        members = services.branch_members(court, branch.id)
        if len(members) < 2:
            continue  # a member alone in a branch has nobody to rate them
        # Each member's standing decides how their peers tend to rate them.
        standing = {m.id: rng.choices((EXCELLENT, QUALIFIED, BASIC), weights=(30, 64, 6))[0] for m in members}
        counts = {m.id: dict.fromkeys(GRADES, 0) for m in members}
        voting = [m for m in members if rng.random() < 0.92]
        for voter in voting:
            for peer in members:
                if peer.id != voter.id:
                    counts[peer.id][_vote(standing[peer.id], rng)] += 1
        voters += [{"appraisal_id": appraisal.id, "member_id": m.id} for m in voting]
        for member in members:
            tallies += [
                {"appraisal_id": appraisal.id, "member_id": member.id, "grade": grade, "votes": votes}
                for grade, votes in counts[member.id].items()
            ]
            if rng.random() < 0.85:
                written = datetime(year, 12, 10, 1, 0)
                selfs.append(
                    {"appraisal_id": appraisal.id, "member_id": member.id, "text": SELF_TEXT, "submitted_at": written}
                )
            got = counts[member.id]
            grade = max(GRADES, key=lambda key: (got[key], key == QUALIFIED))  # a tie: 合格
            results.append(
                {
                    "appraisal_id": appraisal.id,
                    "member_id": member.id,
                    "branch_id": branch.id,
                    "grade": grade,
                    "note": NOTES.get(grade, ""),
                    "decided_by_id": admin.id if admin is not None else None,
                    "decided_at": datetime(year, 12, 29, 2, 0),
                }
            )
    for model, rows in (
        (AppraisalTally, tallies),
        (AppraisalVoter, voters),
        (AppraisalSelf, selfs),
        (AppraisalResult, results),
    ):
        if rows:
            db.session.execute(insert(model), rows)
    appraisal.status = ROUND_CLOSED
    db.session.flush()


def _vote(standing: str, rng: random.Random) -> str:
    """A peer's grade: mostly the member's standing, sometimes one either side."""
    roll = rng.random()
    if standing == EXCELLENT:
        return EXCELLENT if roll < 0.7 else QUALIFIED
    if standing == BASIC:
        return BASIC if roll < 0.55 else QUALIFIED
    return QUALIFIED if roll < 0.8 else (EXCELLENT if roll < 0.95 else BASIC)
