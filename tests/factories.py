"""Small factories that write real rows (no mocks)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dangjian.auth.models import User
from dangjian.courts.models import Court
from dangjian.db import db
from dangjian.members.models import Member
from dangjian.org.models import Organisation
from dangjian.testing import DEFAULT_PASSWORD, make_court, make_member, make_user
from dangjian.testing import make_organisation as make_org

__all__ = [
    "DEFAULT_PASSWORD",
    "World",
    "build_world",
    "court_date",
    "make_court",
    "make_member",
    "make_org",
    "make_user",
]


@dataclass
class World:
    zy: Court  # 中院
    wf: Court  # a basic court under it
    zy_committee: Organisation
    juvenile: Organisation  # 少年庭党支部
    office: Organisation  # 办公室党支部
    wf_branch: Organisation
    juvenile_member: Member
    office_member: Member
    wf_member: Member
    platform_admin: User
    zy_admin: User
    wf_admin: User
    juvenile_secretary: User
    juvenile_editor: User
    office_editor: User
    member_user: User  # the juvenile branch member's own account


def build_world() -> World:
    zy = make_court("zy", "安阳市中级人民法院")
    wf = make_court("wf", "安阳市文峰区人民法院", parent=zy)
    zy_committee = make_org(zy, "安阳中院机关党委", kind="committee", slug="jgdw")
    juvenile = make_org(zy, "少年庭党支部", parent=zy_committee, slug="snt", department="少年审判庭")
    office = make_org(zy, "办公室党支部", parent=zy_committee, slug="bgs", department="办公室")
    wf_committee = make_org(wf, "文峰区法院机关党委", kind="committee", slug="jgdw")
    wf_branch = make_org(wf, "立案庭党支部", parent=wf_committee, slug="lat", department="立案庭")
    juvenile_member = make_member(juvenile, "林晓彤")
    office_member = make_member(office, "周立言")
    wf_member = make_member(wf_branch, "韩明远")
    world = World(
        zy=zy,
        wf=wf,
        zy_committee=zy_committee,
        juvenile=juvenile,
        office=office,
        wf_branch=wf_branch,
        juvenile_member=juvenile_member,
        office_member=office_member,
        wf_member=wf_member,
        platform_admin=make_user("platform", roles=[("platform_admin", None, None)]),
        zy_admin=make_user("zyadmin", roles=[("court_admin", zy, None)], court=zy),
        wf_admin=make_user("wfadmin", roles=[("court_admin", wf, None)], court=wf),
        juvenile_secretary=make_user("sntsj", roles=[("branch_secretary", zy, juvenile)], court=zy),
        juvenile_editor=make_user("sntbj", roles=[("branch_editor", zy, juvenile)], court=zy),
        office_editor=make_user("bgsbj", roles=[("branch_editor", zy, office)], court=zy),
        member_user=make_user("lxt", member=juvenile_member),
    )
    db.session.commit()
    return world


def court_date() -> date:
    """Today where the test courts are (Asia/Shanghai, the default zone): from
    16:00 UTC on, the host's ``date.today()`` is still yesterday there."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    return datetime.now(UTC).astimezone(ZoneInfo("Asia/Shanghai")).date()
