"""Demo-like data in a few seconds: the test world, its history, the
microsite demo and every module's demo data, for the world's two courts
(the full ``dangjian demo`` builds eleven courts and takes a minute)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from dangjian.courts.models import Court
from dangjian.db import db
from dangjian.demo.modules import enable_modules_with_demo_data
from dangjian.demo.sites import build_site_demo
from dangjian.members.models import MemberImportBatch, MemberTransfer
from dangjian.org.models import CommitteeSeat

from .factories import World, build_world


def add_core_history(world: World) -> None:
    """Rows of the core tables the world leaves empty."""
    db.session.add(CommitteeSeat(organisation_id=world.juvenile.id, member_id=world.juvenile_member.id, post="书记"))
    db.session.add(
        MemberTransfer(
            member_id=world.office_member.id,
            from_branch_id=world.juvenile.id,
            to_branch_id=world.office.id,
            transferred_on=date(2025, 3, 1),
            reason="工作调动",
            by_user_id=world.zy_admin.id,
        )
    )
    db.session.add(
        MemberImportBatch(
            court_id=world.zy.id, user_id=world.zy_admin.id, filename="党员名册.xlsx", row_count=1, note="首批导入"
        )
    )


def build_demo_like(today: date = date(2026, 6, 1)) -> World:
    """Needs an app whose modules are usable (their tables exist)."""
    world = build_world()
    add_core_history(world)
    courts = list(db.session.scalars(select(Court).order_by(Court.id)))
    build_site_demo(courts, today=today)
    enable_modules_with_demo_data(courts)
    db.session.commit()
    return world
