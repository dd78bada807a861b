"""Members' votes in a showcase review: one per member per entry."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from dangjian.api import db

from .models import Entry, Review, Vote
from .reviews import ReviewError


def vote(entry: Entry, member) -> None:
    """One vote per member per entry (a unique constraint backs the check)."""
    review = entry.review
    if not review.votes_enabled:
        raise ReviewError("本次展评未开放党员投票。")
    if not review.is_open or entry.submitted_at is None:
        raise ReviewError("投票已结束。")
    if member is None or member.court_id != entry.court_id or member.left_on is not None:
        raise ReviewError("只有本院党员可以投票。")
    exists = db.session.scalar(select(Vote.id).where(Vote.entry_id == entry.id, Vote.member_id == member.id))
    if exists is not None:
        raise ReviewError("您已经为这件作品投过票了。")
    db.session.add(Vote(entry_id=entry.id, member_id=member.id))
    try:
        db.session.flush()
    except IntegrityError:  # a double click that got past the check; the view rolls back
        raise ReviewError("您已经为这件作品投过票了。") from None


def voted_entry_ids(review: Review, member) -> set[int]:
    if member is None:
        return set()
    return set(
        db.session.scalars(
            select(Vote.entry_id)
            .join(Entry, Entry.id == Vote.entry_id)
            .where(Entry.review_id == review.id, Vote.member_id == member.id)
        )
    )
