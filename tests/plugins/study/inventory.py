"""Objects of the 中院 for the route inventory (tests/host/test_route_inventory.py):
one of each thing the study module's URLs take."""

from __future__ import annotations

from datetime import date

from dangjian.db import db
from dangjian_study.models import StudyCheckin, StudyMaterial, StudyPlan, StudySession, StudySessionAttendee


def route_objects(world) -> dict[str, int]:
    material = StudyMaterial(court_id=world.zy.id, title="学习党章", kind="article", scope="court", minutes=60)
    db.session.add(material)
    db.session.flush()
    checkin = StudyCheckin(
        court_id=world.zy.id,
        member_id=world.juvenile_member.id,
        material_id=material.id,
        dedupe_key=f"m{material.id}",
        topic=material.title,
        studied_on=date(2025, 3, 2),
        minutes=60,
        reflection="学习心得",
    )
    session = StudySession(
        court_id=world.zy.id,
        branch_id=world.juvenile.id,
        held_on=date(2025, 3, 10),
        topic="集中学习",
        minutes=60,
        attendees=[StudySessionAttendee(member_id=world.juvenile_member.id)],
    )
    plan = StudyPlan(court_id=world.zy.id, branch_id=world.juvenile.id, month="2025-03")
    db.session.add_all([checkin, session, plan])
    db.session.commit()
    return {"material_id": material.id, "checkin_id": checkin.id, "session_id": session.id, "plan_id": plan.id}
