"""Fixtures of the archives module's tests."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from sqlalchemy import select

from dangjian.db import db
from dangjian.modules import services as modules
from tests.factories import make_member


@pytest.fixture
def archives(world):
    """The module switched on in both courts; defaults created by the event."""
    modules.set_enabled(world.zy, "archives", True)
    modules.set_enabled(world.wf, "archives", True)
    db.session.commit()
    return world


def meeting_type(court, code):
    from dangjian_archives.models import MeetingType

    return db.session.scalar(select(MeetingType).where(MeetingType.court_id == court.id, MeetingType.code == code))


def add_meeting(branch, code, held_on: date, *, status="filed", late=False, present=None, absent=0, title=None):
    """A reported meeting written straight to the database (fixture years)."""
    from dangjian_archives.models import Meeting

    meeting = Meeting(
        court_id=branch.court_id,
        branch_id=branch.id,
        type_id=meeting_type(branch.court, code).id,
        title=title or f"{code} {held_on}",
        held_on=held_on,
        status=status,
        late=late,
        expected_count=(present or 0) + absent,
        present_count=present or 0,
        filed_at=datetime.combine(held_on, datetime.min.time()) if status != "draft" else None,
    )
    db.session.add(meeting)
    db.session.flush()
    return meeting


def roster(branch, count, **fields):
    return [make_member(branch, **fields) for _ in range(count)]


def upload(data: bytes, name: str):
    return (io.BytesIO(data), name)


# The smallest valid PDF the sniffer accepts.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
