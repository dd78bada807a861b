"""Collective sessions recorded by other modules (see hookspecs.py): one per source and key."""

from __future__ import annotations

from typing import cast

from flask import url_for
from sqlalchemy import Table, delete, select

from dangjian.api import Member, db

from .models import StudySession, StudySessionAttendee

# A session longer than a working day is a typing error upstream.
MAX_MINUTES = 8 * 60


def _find(court, source: str, key: str) -> StudySession | None:
    return db.session.scalar(
        select(StudySession).where(
            StudySession.court_id == court.id, StudySession.source == source, StudySession.source_key == key
        )
    )


def record_session(court, offered: dict) -> dict:
    source, key = str(offered["source"])[:40], str(offered["source_key"])[:80]
    branch = offered["branch"]
    if not source or not key:
        raise ValueError("source and source_key are required")
    if branch.court_id != court.id or branch.kind != "branch":
        raise ValueError("branch is not a branch of this court")
    minutes = int(offered["minutes"])
    if not 0 < minutes <= MAX_MINUTES:
        raise ValueError(f"minutes out of range: {minutes}")
    wanted = {int(i) for i in offered.get("attendee_ids") or ()}
    members = set(
        db.session.scalars(select(Member.id).where(Member.court_id == court.id, Member.id.in_(wanted or [-1])))
    )
    session = _find(court, source, key)
    created = session is None
    if session is None:
        session = StudySession(court_id=court.id, source=source, source_key=key)
        db.session.add(session)
    session.branch_id, session.held_on = branch.id, offered["held_on"]
    session.topic, session.minutes = str(offered["topic"])[:120], minutes
    session.source_url = str(offered.get("url") or "")[:300]
    db.session.flush()
    # Replace the attendees in two statements rather than row by row.
    db.session.execute(delete(StudySessionAttendee).where(StudySessionAttendee.session_id == session.id))
    if members:
        db.session.execute(
            cast(Table, StudySessionAttendee.__table__).insert(),  # a mapped class's table is a Table
            [{"session_id": session.id, "member_id": m} for m in sorted(members)],
        )
    db.session.expire(session, ["attendees"])
    url = url_for("study.session", court_slug=court.slug, session_id=session.id)
    return {"id": session.id, "url": url, "created": created}


def withdraw_session(court, source: str, key: str) -> dict:
    session = _find(court, str(source)[:40], str(key)[:80])
    if session is not None:
        db.session.delete(session)
        db.session.flush()
    return {"withdrawn": session is not None}
