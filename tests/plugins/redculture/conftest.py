"""Fixtures of the red-culture module's tests."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest

from dangjian.db import db
from dangjian.modules import services as modules
from dangjian_redculture.models import Activity, ActivityBranch, ActivityPhoto, Base, Participant


@pytest.fixture
def red(app, world):
    """The module switched on in both courts."""
    modules.set_enabled(world.zy, "redculture", True)
    modules.set_enabled(world.wf, "redculture", True)
    db.session.commit()
    return world


def enable(court, name, on=True):
    modules.set_enabled(court, name, on)
    db.session.commit()


def make_base(court, name="红旗渠纪念馆"):
    base = Base(court_id=court.id, name=name, place="林州市", themes="红旗渠精神、艰苦创业", description="介绍")
    db.session.add(base)
    db.session.commit()
    return base


def make_activity(
    court,
    title="参观红旗渠",
    branches=(),
    kind="visit",
    held_on=date(2025, 5, 8),
    base=None,
    attended=(),
    deadline: datetime | None = None,
):
    activity = Activity(
        court_id=court.id,
        kind=kind,
        title=title,
        held_on=held_on,
        place="" if base else "林州",
        base_id=base.id if base else None,
        signup_deadline=deadline,
        archive_links={},
        organisers=[ActivityBranch(branch_id=b.id) for b in branches],
    )
    for member in attended:
        activity.participants.append(Participant(member_id=member.id, branch_id=member.branch_id, attended=True))
    db.session.add(activity)
    db.session.commit()
    return activity


def add_photo(activity, on_site=False):
    from werkzeug.datastructures import FileStorage

    from dangjian.files.services import save_upload
    from dangjian.files.sniffing import IMAGES

    stored = save_upload(
        FileStorage(io.BytesIO(png_bytes()), filename="合影.png"),
        allowed=IMAGES,
        max_bytes=10**7,
        court=activity_court(activity),
    )
    photo = ActivityPhoto(activity_id=activity.id, file_id=stored.id, caption="合影", on_site=on_site)
    db.session.add(photo)
    db.session.commit()
    return photo


def activity_court(activity):
    from dangjian.courts.models import Court

    return db.session.get(Court, activity.court_id)


def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (184, 20, 27)).save(out, format="PNG")
    return out.getvalue()


MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 4096
