"""Member roll export: the workbook, its filename, scope, and the round trip."""

from __future__ import annotations

import time
from datetime import date, datetime
from urllib.parse import unquote

from sqlalchemy import select

from dangjian.audit.models import AuditEntry
from dangjian.db import db
from dangjian.members.models import Member
from tests.factories import make_court, make_member, make_org, make_user

from .test_member_import_helpers import HEADERS, id_number, read_sheet, upload

EXPORT = "/zy/manage/members/import/export"
COMPARED = (
    "name",
    "sex",
    "ethnicity",
    "birth_date",
    "education",
    "joined_party_on",
    "full_member_on",
    "status",
    "party_post",
    "admin_post",
    "department",
    "phone",
    "id_number",
    "address",
)


def give_valid_ids(*members):
    for index, member in enumerate(members):
        member.id_number = id_number(member.birth_date, 100 + index)


def test_export_writes_the_roll_with_import_headers_and_real_dates(client, world, login_as):
    login_as(world.zy_admin)
    make_member(world.juvenile, "已转出", left_on=date(2020, 1, 1))
    db.session.commit()
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="members-zy-')
    encoded = disposition.split("filename*=UTF-8''")[1]
    assert unquote(encoded) == f"安阳市中级人民法院党员名册-{date.today():%Y%m%d}.xlsx"
    sheet = read_sheet(response.data)
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    names = [r[0] for r in rows[1:]]
    assert sorted(names) == ["周立言", "林晓彤"]  # not 已转出, not another court's 韩明远
    lin = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "林晓彤")
    birth = lin[HEADERS.index("出生日期")]
    assert birth.is_date and isinstance(birth.value, datetime) and birth.value.date() == date(1985, 3, 14)
    assert lin[HEADERS.index("所在支部")].value == "少年庭党支部"
    assert lin[HEADERS.index("性别")].value == "女" and lin[HEADERS.index("党员类别")].value == "正式党员"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "member.exported"))
    assert entry.detail["count"] == 2 and entry.court_id == world.zy.id and entry.user_id == world.zy_admin.id


def test_export_filtered_by_branch(client, world, login_as):
    login_as(world.zy_admin)
    response = client.get(EXPORT, query_string={"branch": world.office.id})
    names = [r[0] for r in read_sheet(response.data).iter_rows(min_row=2, values_only=True)]
    assert names == ["周立言"]
    assert "%E5%8A%9E%E5%85%AC%E5%AE%A4%E5%85%9A%E6%94%AF%E9%83%A8" in response.headers["Content-Disposition"]
    assert client.get(EXPORT, query_string={"branch": world.wf_branch.id}).status_code == 404
    assert client.get(EXPORT, query_string={"branch": world.zy_committee.id}).status_code == 404


def test_export_needs_a_recent_password_and_the_permission(client, world, login_as):
    login_as(world.zy_admin)
    with client.session_transaction() as session:
        session["auth_at"] = time.time() - 3600  # password typed an hour ago
    response = client.get(EXPORT)
    assert response.status_code == 302 and "/auth/reauth" in response.headers["Location"]
    for user in (world.juvenile_secretary, world.wf_admin):
        login_as(user)
        assert client.get(EXPORT).status_code == 403
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "member.exported")) is None


def test_export_runs_the_same_queries_for_any_roll_size(client, world, login_as, query_counter):
    login_as(world.zy_admin)
    client.get(EXPORT)  # warm up
    with query_counter() as few:
        client.get(EXPORT)
    for index in range(40):
        make_member(world.office, f"批量{index}")
    db.session.commit()
    with query_counter() as many:
        response = client.get(EXPORT)
    assert len(list(read_sheet(response.data).iter_rows(min_row=2))) == 42
    assert len(many) == len(few)


def test_export_then_import_into_another_court_round_trips(client, world, login_as):
    group = make_org(world.zy, "第二党小组", kind="group", parent=world.juvenile, slug="snt-g2")
    rich = make_member(
        world.juvenile,
        "欧阳青",
        sex="male",
        ethnicity="满族",
        birth_date=date(1976, 2, 29),
        education="硕士研究生",
        joined_party_on=date(1999, 7, 1),
        full_member_on=date(2000, 7, 1),
        party_post="支部书记",
        admin_post="庭长",
        department="少年审判庭",
        group_id=group.id,
        phone="0372-5123456",
        address="安阳市文峰区中华路",
        status="full",
    )
    probationary = make_member(
        world.office,
        "预备生",
        birth_date=date(1999, 12, 1),
        joined_party_on=date(2024, 5, 1),
        full_member_on=None,
        status="probationary",
        ethnicity="",
    )
    give_valid_ids(world.juvenile_member, world.office_member, rich, probationary)
    db.session.commit()
    login_as(world.zy_admin)
    exported = client.get(EXPORT).data

    fresh = make_court("lz", "林州市人民法院", parent=world.zy)
    committee = make_org(fresh, "林州法院机关党委", kind="committee", slug="jgdw")
    juvenile = make_org(fresh, "少年庭党支部", parent=committee, slug="snt")
    office = make_org(fresh, "办公室党支部", parent=committee, slug="bgs")
    make_org(fresh, "第二党小组", kind="group", parent=juvenile, slug="snt-g2")
    admin = make_user("lzadmin", roles=[("court_admin", fresh, None)], court=fresh)
    db.session.commit()
    login_as(admin)
    assert upload(client, exported, court="lz", filename="名册.xlsx").status_code == 303
    assert client.post("/lz/manage/members/import/confirm").status_code == 302

    def snapshot(court, branch_names):
        members = db.session.scalars(select(Member).where(Member.court_id == court.id, Member.left_on.is_(None)))
        return {
            m.name: (
                tuple(getattr(m, f) for f in COMPARED),
                branch_names[m.branch_id],
                m.group.name if m.group else None,
            )
            for m in members
        }

    original = snapshot(world.zy, {world.juvenile.id: "少年庭", world.office.id: "办公室"})
    copied = snapshot(fresh, {juvenile.id: "少年庭", office.id: "办公室"})
    assert copied == original and len(copied) == 4
    assert copied["欧阳青"][2] == "第二党小组"
