"""What the study module puts in a member's inbox: assigned materials not
yet studied.  Dated ones one by one (the due date orders the inbox and shows
the days left); undated ones as one line, so they are not forgotten but do
not crowd out what has a deadline."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from dangjian.api import Todo, can, db

from . import services
from .models import StudyCheckin, StudyMaterial


def pending_materials(member):
    """``(id, title, due_on)`` of the materials assigned to ``member`` and
    not checked in, dated first by due date: one statement."""
    done = select(StudyCheckin.material_id).where(
        StudyCheckin.member_id == member.id, StudyCheckin.material_id.isnot(None)
    )
    return db.session.execute(
        select(StudyMaterial.id, StudyMaterial.title, StudyMaterial.due_on)
        .where(services.assigned_to(member), StudyMaterial.id.not_in(done))
        .order_by(StudyMaterial.due_on.is_(None), StudyMaterial.due_on, StudyMaterial.created_at.desc())
    ).all()


def todos(court, user) -> list[Todo]:
    member = services.member_of(user, court)
    if member is None or not can("study.view", court):
        return []
    rows = pending_materials(member)
    items = [
        Todo(
            "study.due",
            "待学资料",
            row.title,
            url_for("study.material", material_id=row.id),
            due=row.due_on,
            detail="学习后在资料页打卡，写下心得。",
        )
        for row in rows
        if row.due_on is not None
    ]
    undated = sum(1 for row in rows if row.due_on is None)
    if undated:
        items.append(
            Todo("study.undated", "待学资料", f"{undated} 份学习资料尚未学习（无截止日期）", url_for("study.index"))
        )
    return items
