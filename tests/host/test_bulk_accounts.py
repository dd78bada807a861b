"""The searchable member picker and bulk creation of a branch's accounts."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import select

from dangjian.audit.models import AuditEntry
from dangjian.auth.models import User
from dangjian.auth.passwords import verify_password
from dangjian.db import db

from ..factories import make_member, make_user
from ..spreadsheet_checks import SHORT_PAYLOAD, assert_inert
from .test_admin_users import statements

INITIAL = "春风又绿江南岸明月何时照我还"


def users_of(member_ids) -> list[User]:
    db.session.expire_all()
    return db.session.scalars(select(User).where(User.member_id.in_(member_ids)).order_by(User.username)).all()


# The picker ----------------------------------------------------------------


def test_picker_searches_by_name_and_branch_on_the_server(client, world, login_as):
    make_member(world.office, "林志远")
    db.session.commit()
    login_as(world.zy_admin)
    page = client.get("/zy/manage/users/new").get_data(as_text=True)
    assert "周立言" not in page  # no unsearchable list of every name any more
    by_name = client.get("/zy/manage/users/new?q=林").get_data(as_text=True)
    assert "林志远" in by_name
    assert "林晓彤" not in by_name  # already has an account (lxt)
    by_branch = client.get("/zy/manage/users/new?q=办公室").get_data(as_text=True)
    assert "周立言" in by_branch and "林志远" in by_branch
    assert "韩明远" not in client.get("/zy/manage/users/new?q=韩").get_data(as_text=True)  # another court
    assert "没有找到" in client.get("/zy/manage/users/new?q=不存在的人").get_data(as_text=True)


def test_choosing_a_member_prefills_the_form_and_links_the_account(client, world, login_as):
    login_as(world.zy_admin)
    chosen = client.get(f"/zy/manage/users/new?member={world.office_member.id}").get_data(as_text=True)
    assert 'value="zhouliyan"' in chosen and 'value="周立言"' in chosen
    response = client.post(
        "/zy/manage/users/new",
        data={
            "username": "zhouliyan",
            "display_name": "周立言",
            "member_id": world.office_member.id,
            "password": INITIAL,
            "confirm": INITIAL,
        },
    )
    assert response.status_code == 302
    [user] = users_of([world.office_member.id])
    assert user.username == "zhouliyan" and user.must_change_password


def test_picker_refuses_a_member_of_another_court_or_already_linked(client, world, login_as):
    login_as(world.zy_admin)
    for member in (world.wf_member, world.juvenile_member):
        response = client.post(
            "/zy/manage/users/new",
            data={
                "username": f"x{member.id}",
                "display_name": "某",
                "member_id": member.id,
                "password": INITIAL,
                "confirm": INITIAL,
            },
        )
        assert response.status_code == 200
        assert "请从列表中选择" in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.username.like("x%"))) is None


def test_picker_search_query_count_does_not_grow(client, world, login_as, query_counter):
    login_as(world.zy_admin)
    with query_counter() as few:
        client.get("/zy/manage/users/new?q=党员")
    for _ in range(8):
        make_member(world.office)
    db.session.commit()
    with query_counter() as more:
        client.get("/zy/manage/users/new?q=党员")
    assert statements(more) == statements(few)


# Bulk creation -----------------------------------------------------------------


def test_bulk_preview_confirm_result_and_sheet_once(app, client, world, login_as):
    twin = make_member(world.office, "周立言")  # same name: a numbered username
    make_user("zhouliyan2")  # and that number is taken already
    lv = make_member(world.office, "吕绿")
    db.session.commit()
    ids = [world.office_member.id, twin.id, lv.id]
    login_as(world.zy_admin)
    preview = client.get(f"/zy/manage/users/bulk/?branch_id={world.office.id}").get_data(as_text=True)
    assert "zhouliyan" in preview and "zhouliyan3" in preview and "lvlv" in preview
    assert users_of(ids) == []  # nothing is created before the confirmation
    # The confirmation form posts this branch and every listed member, ticked.
    assert preview.count(f'name="branch_id" value="{world.office.id}"') == 1
    assert 'name="branch_id" value=""' not in preview
    for member_id in ids:
        assert f'name="member_id" value="{member_id}" id="m{member_id}" checked' in preview

    result = client.post("/zy/manage/users/bulk/", data={"branch_id": world.office.id, "member_id": ids})
    assert result.status_code == 200
    assert result.headers["Cache-Control"] == "no-store"
    text = result.get_data(as_text=True)
    created = users_of(ids)
    assert sorted(u.username for u in created) == ["lvlv", "zhouliyan", "zhouliyan3"]
    assert all(u.must_change_password and u.court_id == world.zy.id for u in created)
    # Each password is shown once on the page and matches its hash; none is stored in the clear.
    sheet_rows = {}
    for user in created:
        row = text[text.index(f'<td class="font-monospace">{user.username}</td>') :]
        password = row.split('<td class="font-monospace">')[2].split("</td>")[0]
        assert verify_password(user.password_hash, password)
        sheet_rows[user.username] = password
    with client.session_transaction() as session:
        assert not any(password in str(value) for value in session.values() for password in sheet_rows.values())

    token = text.split('name="token" type="hidden" value="')[1].split('"')[0]
    download = client.post("/zy/manage/users/bulk/sheet", data={"token": token})
    assert download.status_code == 200 and download.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(BytesIO(download.data)).active
    rows = {r[2]: r[3] for r in sheet.iter_rows(min_row=2, values_only=True) if r and r[2]}
    assert rows == sheet_rows
    again = client.post("/zy/manage/users/bulk/sheet", data={"token": token})
    assert again.status_code == 302 and "已失效" in client.get("/zy/manage/users/").get_data(as_text=True)

    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.court_id == world.zy.id)).all()
    assert actions.count("user.bulk_created") == 1 and actions.count("user.created") == 3


def test_bulk_only_for_checked_members_of_own_court_without_account(client, world, login_as):
    other = make_member(world.office, "赵一")
    db.session.commit()
    login_as(world.zy_admin)
    client.post(
        "/zy/manage/users/bulk/",
        data={"branch_id": world.office.id, "member_id": [other.id, world.juvenile_member.id, world.wf_member.id]},
    )
    assert [u.username for u in users_of([other.id, world.juvenile_member.id, world.wf_member.id])] == ["lxt", "zhaoyi"]
    # Another court's branch is not offered.
    assert (
        client.post(
            "/zy/manage/users/bulk/", data={"branch_id": world.wf_branch.id, "member_id": [world.wf_member.id]}
        ).status_code
        == 302
    )
    assert users_of([world.wf_member.id]) == []


def test_sheet_token_from_another_session_is_refused(app, client, world, login_as):
    login_as(world.zy_admin)
    text = client.post(
        "/zy/manage/users/bulk/", data={"branch_id": world.office.id, "member_id": [world.office_member.id]}
    ).get_data(as_text=True)
    token = text.split('name="token" type="hidden" value="')[1].split('"')[0]
    login_as(world.zy_admin)  # a new session: the nonce is gone
    assert client.post("/zy/manage/users/bulk/sheet", data={"token": token}).status_code == 302


def test_bulk_is_for_court_admins_only(client, world, login_as):
    login_as(world.juvenile_secretary)
    assert client.get("/zy/manage/users/bulk/").status_code == 403
    login_as(world.wf_admin)
    assert client.get("/zy/manage/users/bulk/").status_code == 403


def test_password_sheet_writes_a_formula_name_as_inert_text(client, world, login_as):
    """Names come from Excel imports: the sheet neutralises them like every export."""
    trap = make_member(world.office, SHORT_PAYLOAD)
    db.session.commit()
    login_as(world.zy_admin)
    result = client.post("/zy/manage/users/bulk/", data={"branch_id": world.office.id, "member_id": [trap.id]})
    token = result.get_data(as_text=True).split('name="token" type="hidden" value="')[1].split('"')[0]
    download = client.post("/zy/manage/users/bulk/sheet", data={"token": token})
    assert download.status_code == 200
    assert_inert(download.data, SHORT_PAYLOAD)
