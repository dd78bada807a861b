"""Member import: undo, access and tenancy, header variants and date formats."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from dangjian.access.models import RoleAssignment
from dangjian.audit.models import AuditEntry
from dangjian.db import db
from dangjian.members.models import Member, MemberImportBatch, MemberTransfer
from tests.factories import make_user

from .test_member_import_helpers import id_number, row, upload, xlsx

BASE = "/zy/manage/members/import/"


def import_rows(client, *rows) -> MemberImportBatch:
    assert upload(client, xlsx(list(rows))).status_code == 303
    assert client.post(BASE + "confirm").status_code == 302
    return db.session.scalar(select(MemberImportBatch).order_by(MemberImportBatch.id.desc()).limit(1))


def members_of(batch) -> list[Member]:
    return list(db.session.scalars(select(Member).where(Member.import_batch_id == batch.id)))


def test_undo_removes_the_members_of_the_last_batch(client, world, login_as):
    login_as(world.zy_admin)
    batch = import_rows(client, row("撤甲", birth=date(1980, 1, 1)), row("撤乙", birth=date(1980, 1, 2)))
    assert len(members_of(batch)) == 2
    response = client.post(BASE + f"batches/{batch.id}/undo")
    assert response.status_code == 302
    db.session.expire_all()
    assert members_of(batch) == []
    assert batch.undone_at is not None
    assert (
        db.session.scalar(select(AuditEntry).where(AuditEntry.action == "member.import_undone")).detail["deleted"] == 2
    )
    page = client.get(BASE).get_data(as_text=True)
    assert "删除了其导入的党员 2 名" in page and "已撤销" in page
    # Already undone: nothing more to do.
    client.post(BASE + f"batches/{batch.id}/undo")
    assert "已经撤销过了" in client.get(BASE).get_data(as_text=True)


@pytest.mark.parametrize("change", ["edited", "transferred", "account", "left"])
def test_undo_is_refused_when_a_member_was_changed_since(client, world, login_as, change):
    login_as(world.zy_admin)
    batch = import_rows(client, row("改甲", birth=date(1980, 1, 1)), row("改乙", birth=date(1980, 1, 2)))
    member = next(m for m in members_of(batch) if m.name == "改甲")
    if change == "edited":
        member.phone = "13700000000"
        member.updated_at = member.created_at + timedelta(minutes=5)  # edited later on
    elif change == "transferred":
        db.session.add(
            MemberTransfer(
                member_id=member.id,
                from_branch_id=world.juvenile.id,
                to_branch_id=world.office.id,
                transferred_on=date.today(),
            )
        )
    elif change == "account":
        make_user("gaijia", member=member)
    else:
        member.left_on = date.today()
        member.updated_at = member.created_at
    db.session.commit()
    response = client.post(BASE + f"batches/{batch.id}/undo", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "本批次有 1 名党员在导入后已被修改、转接或关联了账号（改甲）" in page
    db.session.expire_all()
    assert len(members_of(batch)) == 2 and batch.undone_at is None


def test_only_the_newest_batch_can_be_undone(client, world, login_as):
    login_as(world.zy_admin)
    first = import_rows(client, row("先导", birth=date(1980, 1, 1)))
    second = import_rows(client, row("后导", birth=date(1980, 1, 2)))
    client.post(BASE + f"batches/{first.id}/undo")
    assert "只能撤销本院最近一次尚未撤销的导入批次" in client.get(BASE).get_data(as_text=True)
    assert len(members_of(first)) == 1
    client.post(BASE + f"batches/{second.id}/undo")
    client.post(BASE + f"batches/{first.id}/undo")
    db.session.expire_all()
    assert members_of(first) == [] and members_of(second) == []


def test_import_pages_need_the_court_admin_of_that_court(client, world, login_as):
    paths = ["", "preview", "template.xlsx", "export"]
    for path in paths:
        assert client.get(BASE + path).status_code == 302  # anonymous → login
    for user in (world.juvenile_secretary, world.juvenile_editor, world.member_user, world.wf_admin):
        login_as(user)
        for path in paths:
            assert client.get(BASE + path).status_code == 403, (user, path)
        assert upload(client, xlsx([row("越权")])).status_code == 403
        assert client.post(BASE + "confirm").status_code == 403
    # The 中院 admin oversees 文峰 but may not import into it.
    login_as(world.zy_admin)
    assert client.get("/wf/manage/members/import/").status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Member).where(Member.name == "越权")) == 0


def test_batches_of_another_court_are_404(client, world, login_as):
    login_as(world.zy_admin)
    batch = import_rows(client, row("本院甲"))
    login_as(world.wf_admin)
    assert client.post(f"/wf/manage/members/import/batches/{batch.id}/undo").status_code == 404
    assert "本院甲" not in client.get("/wf/manage/members/import/").get_data(as_text=True)
    db.session.expire_all()
    assert batch.undone_at is None and len(members_of(batch)) == 1


def test_a_pending_upload_belongs_to_its_court(client, world, login_as):
    login_as(world.platform_admin)
    assert upload(client, xlsx([row("跨院")])).status_code == 303
    assert client.get("/wf/manage/members/import/preview").status_code == 302
    client.post("/wf/manage/members/import/confirm")
    assert db.session.scalar(select(func.count()).select_from(MemberImportBatch)) == 0
    assert "跨院" in client.get(BASE + "preview").get_data(as_text=True)


def test_branches_match_this_court_only_and_not_dissolved_ones(client, world, login_as):
    login_as(world.zy_admin)
    world.office.dissolved_at = world.office.created_at
    db.session.commit()
    upload(
        client,
        xlsx([row("外院", branch="立案庭党支部"), row("撤销支部", branch="办公室党支部", birth=date(1970, 2, 2))]),
    )
    page = client.get(BASE + "preview").get_data(as_text=True)
    assert "所在支部“立案庭党支部”不是本院现有的党支部" in page
    assert "所在支部“办公室党支部”不是本院现有的党支部" in page


def test_header_variants_title_rows_and_date_formats(client, world, login_as):
    login_as(world.zy_admin)
    headers = [
        "序号",
        "姓 名",
        "性别",
        "民族",
        "出生年月",
        "文化程度",
        "入党日期",
        "转正日期",
        "身份",
        "职务",
        "所在部门",
        "党支部",
        "手机",
        "公民身份号码",
        "住址（现居）",
    ]
    dates = ["2015-07-01", "2015/7/1", "2015.07", "2015年7月1日", "201507", date(2015, 7, 1), 2015.07]
    rows = []
    for index, value in enumerate(dates):
        birth = date(1980, 1, index + 1)
        rows.append(
            [
                index + 1,
                f"变体{index}",
                "女",
                "回族",
                birth,
                "硕士研究生",
                value,
                "2016-07-01",
                "正式党员",
                "审判员",
                "少年审判庭",
                "少年庭",
                "13800001111",
                id_number(birth, 20 + index),
                "安阳",
            ]
        )
    data = xlsx(rows, headers=headers, before=[["安阳中院党员花名册（2024年）"], []])
    assert upload(client, data).status_code == 303
    page = client.get(BASE + "preview").get_data(as_text=True)
    assert "全部 7 行校验通过" in page and "表头在第 3 行" in page
    assert "序号" in page  # listed among the ignored columns
    client.post(BASE + "confirm")
    members = list(db.session.scalars(select(Member).where(Member.name.like("变体%")).order_by(Member.name)))
    assert len(members) == 7
    for member in members:
        assert member.joined_party_on == date(2015, 7, 1), member.name
        assert member.full_member_on == date(2016, 7, 1)
        assert (member.sex, member.ethnicity, member.education, member.status) == (
            "female",
            "回族",
            "硕士研究生",
            "full",
        )
        assert (member.admin_post, member.department, member.branch_id) == ("审判员", "少年审判庭", world.juvenile.id)
        assert member.phone == "13800001111" and member.address == "安阳" and len(member.id_number) == 18
    assert members[0].birth_date == date(1980, 1, 1)


def test_status_is_inferred_when_the_column_is_missing(client, world, login_as):
    login_as(world.zy_admin)
    headers = ["姓名", "所在支部", "入党时间", "转正时间"]
    data = xlsx(
        [["预备甲", "少年庭", "2024-03-01", None], ["正式乙", "少年庭", "2010-03-01", "2011-03-01"]], headers=headers
    )
    upload(client, data)
    client.post(BASE + "confirm")
    statuses = dict(
        db.session.execute(select(Member.name, Member.status).where(Member.name.in_(["预备甲", "正式乙"]))).all()
    )
    assert statuses == {"预备甲": "probationary", "正式乙": "full"}


def test_platform_admin_role_assignment_is_not_needed_for_court_admins(client, world, login_as):
    # A second court admin of the same court sees the batches and can undo them.
    other = make_user("zyadmin2", court=world.zy)
    db.session.add(RoleAssignment(user_id=other.id, role="court_admin", court_id=world.zy.id))
    db.session.commit()
    login_as(world.zy_admin)
    batch = import_rows(client, row("同院甲"))
    login_as(other)
    page = client.get(BASE).get_data(as_text=True)
    assert "zyadmin" in page and "撤销导入" in page
    client.post(BASE + f"batches/{batch.id}/undo")
    db.session.expire_all()
    assert batch.undone_at is not None
