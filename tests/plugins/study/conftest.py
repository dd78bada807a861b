"""Fixtures for the study module: the module switched on in both courts."""

from __future__ import annotations

from datetime import date

import pytest

from dangjian.db import db
from dangjian.modules import services as modules
from dangjian_study.models import StudyCheckin, StudyMaterial, StudyMaterialBranch


@pytest.fixture
def study(app, world):
    modules.set_enabled(world.zy, "study", True)
    modules.set_enabled(world.wf, "study", True)
    db.session.commit()
    return world


def set_study_settings(court, **values):
    current = modules.module_settings("study", court)
    current.update(values)
    modules.save_settings(court, "study", current)
    db.session.commit()


def make_material(court, title="学习党章", scope="court", branches=(), group=None, owner=None, minutes=60, due_on=None):
    material = StudyMaterial(
        court_id=court.id,
        title=title,
        kind="article",
        body_html="<p>正文</p>",
        scope=scope,
        group_id=group.id if group else None,
        branch_id=owner.id if owner else None,
        minutes=minutes,
        due_on=due_on,
        targets=[StudyMaterialBranch(branch_id=b.id) for b in branches],
    )
    db.session.add(material)
    db.session.commit()
    return material


def make_checkin(member, studied_on: date, material=None, topic="自学", minutes=30, reflection="", show_on_site=False):
    checkin = StudyCheckin(
        court_id=member.court_id,
        member_id=member.id,
        material_id=material.id if material else None,
        dedupe_key=f"m{material.id}" if material else f"d{studied_on.isoformat()}",
        topic=material.title if material else topic,
        studied_on=studied_on,
        minutes=minutes,
        reflection=reflection,
        show_on_site=show_on_site,
    )
    db.session.add(checkin)
    db.session.commit()
    return checkin


REFLECTION = "通过这次学习，我对党员的义务有了更深的认识，今后要在办案中践行司法为民的宗旨。"
