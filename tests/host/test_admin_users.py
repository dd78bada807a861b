"""Court administration of accounts and their roles (/<court>/manage/users/)."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import func, select

from dangjian.access.models import RoleAssignment
from dangjian.audit.models import AuditEntry
from dangjian.auth.models import User
from dangjian.auth.passwords import verify_password
from dangjian.db import db, utcnow

from ..conftest import sign_in
from ..factories import build_world, make_member, make_org, make_user

STRONG = "春风又绿江南岸明月何时照我还"


def statements(executed: list[str]) -> int:
    """SQL statements that read or write (transaction control left out)."""
    return sum(1 for sql in executed if sql.split()[0].upper() not in ("BEGIN", "COMMIT", "ROLLBACK"))


def reload(user_id: int) -> User:
    db.session.expire_all()
    return db.session.get(User, user_id)


def audit_actions() -> list[str]:
    return db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()


# Listing ---------------------------------------------------------------------


def test_list_shows_only_this_courts_accounts_with_roles_and_members(client, world, login_as):
    login_as(world.zy_admin)
    page = client.get("/zy/manage/users/")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    for username in ("zyadmin", "sntsj", "sntbj", "bgsbj", "lxt"):
        assert username in text
    assert "wfadmin" not in text  # another court's account
    assert "platform" not in text  # platform-level account
    assert "支部书记 · 少年庭党支部" in text
    assert "林晓彤" in text  # lxt is linked to this member


def test_search_by_username_display_name_and_member(client, world, login_as):
    login_as(world.zy_admin)
    text = client.get("/zy/manage/users/?q=sntsj").get_data(as_text=True)
    assert "sntsj" in text and "bgsbj" not in text
    text = client.get("/zy/manage/users/?q=林晓").get_data(as_text=True)
    assert "lxt" in text and "sntsj" not in text
    text = client.get("/zy/manage/users/?q=nobody-here").get_data(as_text=True)
    assert "没有符合条件的账号" in text


def test_filter_by_status_and_role(client, world, login_as):
    login_as(world.zy_admin)
    world.office_editor.is_enabled = False
    world.juvenile_editor.locked_until = utcnow() + timedelta(minutes=10)
    db.session.commit()
    text = client.get("/zy/manage/users/?status=disabled").get_data(as_text=True)
    assert "bgsbj" in text and "sntsj" not in text and "停用" in text
    text = client.get("/zy/manage/users/?status=locked").get_data(as_text=True)
    assert "sntbj" in text and "bgsbj" not in text and "已锁定" in text
    text = client.get("/zy/manage/users/?role=branch_secretary").get_data(as_text=True)
    assert "sntsj" in text and "sntbj" not in text


def test_list_is_paginated_and_query_count_does_not_grow(client, world, login_as, query_counter):
    login_as(world.zy_admin)
    branch = world.juvenile

    def add_accounts(count, start):
        for number in range(start, start + count):
            member = make_member(branch, f"测试{number}")
            make_user(f"user{number:03d}", roles=[("branch_editor", world.zy, branch)], member=member, court=world.zy)
        db.session.commit()

    add_accounts(3, 0)
    with query_counter() as few:
        assert client.get("/zy/manage/users/").status_code == 200
    add_accounts(30, 3)
    with query_counter() as many:
        page = client.get("/zy/manage/users/")
    assert page.status_code == 200
    assert statements(many) == statements(few)
    text = client.get("/zy/manage/users/?page=2").get_data(as_text=True)
    assert "第 2 / 2 页" in text


def test_other_courts_accounts_are_404(client, world, login_as):
    login_as(world.wf_admin)
    assert client.get(f"/wf/manage/users/{world.zy_admin.id}/").status_code == 404
    assert client.post(f"/wf/manage/users/{world.juvenile_editor.id}/disable").status_code == 404
    assert reload(world.juvenile_editor.id).is_enabled


def test_only_court_admins_manage_users(client, world, login_as):
    login_as(world.wf_admin)
    assert client.get("/zy/manage/users/").status_code == 403  # no oversight of a superior court
    login_as(world.juvenile_secretary)
    assert client.get("/zy/manage/users/").status_code == 403
    login_as(world.zy_admin)
    # The intermediate court's admin oversees the basic court read-only, not its accounts.
    assert client.get("/wf/manage/users/").status_code == 403


def test_anonymous_is_sent_to_login(client, world):
    page = client.get("/zy/manage/users/")
    assert page.status_code == 302
    assert "/auth/login" in page.headers["Location"]


# Creating and editing ----------------------------------------------------------


def test_create_account_linked_to_member(client, world, login_as):
    login_as(world.zy_admin)
    page = client.get("/zy/manage/users/new?q=党支部")  # the picker searches by branch too
    text = page.get_data(as_text=True)
    assert "用户首次登录时须修改密码" in text
    assert "周立言" in text  # unlinked member offered
    assert "林晓彤" not in text  # already has an account
    assert "韩明远" not in text  # member of another court
    page = client.post(
        "/zy/manage/users/new",
        data={
            "username": "zhou.liyan",
            "display_name": "周立言",
            "member_id": str(world.office_member.id),
            "password": STRONG,
            "confirm": STRONG,
        },
    )
    assert page.status_code == 302
    user = db.session.scalar(select(User).where(User.username == "zhou.liyan"))
    assert user.court_id == world.zy.id
    assert user.member_id == world.office_member.id
    assert verify_password(user.password_hash, STRONG)
    assert user.password_changed_at is None
    assert "user.created" in audit_actions()
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.created"))
    assert entry.court_id == world.zy.id and entry.username == "zyadmin"


def test_weak_password_is_refused_beside_the_field_and_input_kept(client, world, login_as):
    login_as(world.zy_admin)
    page = client.post(
        "/zy/manage/users/new",
        data={
            "username": "newbie",
            "display_name": "新同志",
            "member_id": "None",
            "password": "12345678",
            "confirm": "12345678",
        },
    )
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "这个密码太常见" in text
    assert 'class="invalid-feedback d-block">这个密码太常见' in text
    assert 'value="newbie"' in text and 'value="新同志"' in text
    assert db.session.scalar(select(func.count(User.id)).where(User.username == "newbie")) == 0


def test_username_rules(client, world, login_as):
    login_as(world.zy_admin)

    def create(username):
        return client.post(
            "/zy/manage/users/new",
            data={
                "username": username,
                "display_name": "某人",
                "member_id": "None",
                "password": STRONG,
                "confirm": STRONG,
            },
        )

    assert "只能使用英文字母" in create("张三").get_data(as_text=True)
    assert "只能使用英文字母" in create("a b").get_data(as_text=True)
    assert "已被使用" in create("WFADMIN").get_data(as_text=True)  # unique across courts, any case
    assert create("li_si-2.0").status_code == 302


def test_mismatched_confirmation_is_refused(client, world, login_as):
    login_as(world.zy_admin)
    page = client.post(
        "/zy/manage/users/new",
        data={
            "username": "x1",
            "display_name": "某人",
            "member_id": "None",
            "password": STRONG,
            "confirm": STRONG + "!",
        },
    )
    assert "两次输入的密码不一致" in page.get_data(as_text=True)


def test_cannot_link_member_of_other_court_or_already_linked(client, world, login_as):
    login_as(world.zy_admin)
    for member in (world.wf_member, world.juvenile_member):
        page = client.post(
            "/zy/manage/users/new",
            data={
                "username": f"m{member.id}",
                "display_name": "某人",
                "member_id": str(member.id),
                "password": STRONG,
                "confirm": STRONG,
            },
        )
        assert page.status_code == 200
        assert "请从列表中选择" in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count(User.id)).where(User.username.like("m%"))) == 0


def test_edit_display_name_and_member_link(client, world, login_as):
    login_as(world.zy_admin)
    user_id = world.office_editor.id
    page = client.post(
        f"/zy/manage/users/{user_id}/edit",
        data={"display_name": "办公室宣传委员", "member_id": str(world.office_member.id)},
    )
    assert page.status_code == 302
    user = reload(user_id)
    assert user.display_name == "办公室宣传委员"
    assert user.member_id == world.office_member.id
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.updated"))
    assert entry.detail["member"] == [None, "周立言"]
    client.post(f"/zy/manage/users/{user_id}/edit", data={"display_name": "办公室宣传委员", "member_id": "None"})
    assert reload(user_id).member_id is None


# Roles ------------------------------------------------------------------------------


def test_grant_and_revoke_branch_role(client, world, login_as):
    login_as(world.zy_admin)
    user_id = world.office_editor.id
    page = client.post(
        f"/zy/manage/users/{user_id}/roles", data={"role": "branch_secretary", "branch_id": str(world.office.id)}
    )
    assert page.status_code == 302
    assignment = db.session.scalar(
        select(RoleAssignment).where(RoleAssignment.user_id == user_id, RoleAssignment.role == "branch_secretary")
    )
    assert assignment.court_id == world.zy.id and assignment.organisation_id == world.office.id
    assert "支部书记 · 办公室党支部" in client.get(f"/zy/manage/users/{user_id}/").get_data(as_text=True)

    # Granting the same role twice is refused, not duplicated.
    client.post(
        f"/zy/manage/users/{user_id}/roles", data={"role": "branch_secretary", "branch_id": str(world.office.id)}
    )
    assert (
        db.session.scalar(
            select(func.count(RoleAssignment.id)).where(
                RoleAssignment.user_id == user_id, RoleAssignment.role == "branch_secretary"
            )
        )
        == 1
    )

    page = client.post(f"/zy/manage/users/{user_id}/roles/{assignment.id}/revoke")
    assert page.status_code == 302
    db.session.expire_all()
    assert db.session.get(RoleAssignment, assignment.id) is None
    assert audit_actions()[-2:] == ["role.granted", "role.revoked"]


def test_grant_court_admin_role(client, world, login_as):
    login_as(world.zy_admin)
    user_id = world.juvenile_secretary.id
    assert (
        client.post(f"/zy/manage/users/{user_id}/roles", data={"role": "court_admin", "branch_id": "None"}).status_code
        == 302
    )
    roles = {(a.role, a.organisation_id) for a in reload(user_id).roles}
    assert ("court_admin", None) in roles


def test_branch_role_needs_a_branch(client, world, login_as):
    login_as(world.zy_admin)
    page = client.post(
        f"/zy/manage/users/{world.office_editor.id}/roles", data={"role": "branch_editor", "branch_id": "None"}
    )
    assert page.status_code == 400
    assert "需要选择所在党支部" in page.get_data(as_text=True)


def test_cannot_grant_role_in_branch_of_another_court(client, world, login_as):
    login_as(world.zy_admin)
    page = client.post(
        f"/zy/manage/users/{world.office_editor.id}/roles",
        data={"role": "branch_secretary", "branch_id": str(world.wf_branch.id)},
    )
    assert page.status_code in (400, 404)
    assert (
        db.session.scalar(
            select(func.count(RoleAssignment.id)).where(RoleAssignment.organisation_id == world.wf_branch.id)
        )
        == 0
    )


def test_cannot_grant_role_in_dissolved_branch_or_non_branch(client, world, login_as):
    login_as(world.zy_admin)
    old = make_org(world.zy, "已撤销党支部", parent=world.zy_committee, slug="old")
    old.dissolved_at = utcnow()
    db.session.commit()
    for organisation in (old, world.zy_committee):
        page = client.post(
            f"/zy/manage/users/{world.office_editor.id}/roles",
            data={"role": "branch_editor", "branch_id": str(organisation.id)},
        )
        assert page.status_code == 400


def test_cannot_grant_platform_or_member_role(client, world, login_as):
    login_as(world.zy_admin)
    for role in ("platform_admin", "member"):
        page = client.post(f"/zy/manage/users/{world.office_editor.id}/roles", data={"role": role, "branch_id": "None"})
        assert page.status_code == 400
    assert not any(a.role == "platform_admin" for a in reload(world.office_editor.id).roles)


def test_cannot_revoke_role_held_in_another_court(client, world, login_as):
    login_as(world.zy_admin)
    wf_role = world.wf_admin.roles[0]
    page = client.post(f"/zy/manage/users/{world.office_editor.id}/roles/{wf_role.id}/revoke")
    assert page.status_code == 404
    db.session.expire_all()
    assert db.session.get(RoleAssignment, wf_role.id) is not None


def test_cannot_revoke_own_last_court_admin_role(app, client, world, login_as):
    login_as(world.zy_admin)
    own = world.zy_admin.roles[0]
    page = client.post(f"/zy/manage/users/{world.zy_admin.id}/roles/{own.id}/revoke", follow_redirects=True)
    assert "不能撤销您自己唯一的机关党委管理员角色" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(RoleAssignment, own.id) is not None
    # Another admin may revoke it.
    colleague = make_user("zyadmin2", roles=[("court_admin", world.zy, None)], court=world.zy)
    db.session.commit()
    sign_in(app, client, colleague)
    assert client.post(f"/zy/manage/users/{world.zy_admin.id}/roles/{own.id}/revoke").status_code == 302
    db.session.expire_all()
    assert db.session.get(RoleAssignment, own.id) is None


def test_stale_session_must_reauthenticate_before_granting(client, world, login_as):
    login_as(world.zy_admin)
    with client.session_transaction() as session:
        del session["auth_at"]
    page = client.post(
        f"/zy/manage/users/{world.office_editor.id}/roles", data={"role": "court_admin", "branch_id": "None"}
    )
    assert page.status_code == 302
    assert "/auth/reauth" in page.headers["Location"]
    assert not any(a.role == "court_admin" for a in reload(world.office_editor.id).roles)
    # After confirming, the return trip (a GET) lands on the account page, not a 405.
    with client.session_transaction() as session:
        session["auth_at"] = time.time()
    back = client.get(f"/zy/manage/users/{world.office_editor.id}/roles")
    assert back.status_code == 302
    assert back.headers["Location"].endswith(f"/zy/manage/users/{world.office_editor.id}/")


def test_stale_session_is_told_before_trying(client, world, login_as):
    login_as(world.zy_admin)
    assert "现在验证" not in client.get(f"/zy/manage/users/{world.office_editor.id}/").get_data(as_text=True)
    with client.session_transaction() as session:
        del session["auth_at"]
    text = client.get(f"/zy/manage/users/{world.office_editor.id}/").get_data(as_text=True)
    assert "现在验证" in text and "/auth/reauth?next=" in text


def test_stale_session_must_reauthenticate_before_disabling_or_resetting(client, world, login_as):
    login_as(world.zy_admin)
    with client.session_transaction() as session:
        del session["auth_at"]
    user_id = world.office_editor.id
    assert "/auth/reauth" in client.post(f"/zy/manage/users/{user_id}/disable").headers["Location"]
    assert "/auth/reauth" in client.get(f"/zy/manage/users/{user_id}/password").headers["Location"]
    assert reload(user_id).is_enabled


# Disabling, resetting, unlocking ------------------------------------------------------


def test_disable_ends_the_users_sessions_everywhere(app, client, world, login_as):
    colleague = make_user("zyadmin2", roles=[("court_admin", world.zy, None)], court=world.zy)
    db.session.commit()
    other = app.test_client()
    sign_in(app, other, colleague)
    assert other.get("/zy/manage/users/").status_code == 200

    login_as(world.zy_admin)
    version = colleague.session_version
    assert client.post(f"/zy/manage/users/{colleague.id}/disable").status_code == 302
    user = reload(colleague.id)
    assert not user.is_enabled
    assert user.session_version == version + 1
    assert "user.disabled" in audit_actions()

    page = other.get("/zy/manage/users/")
    assert page.status_code == 302
    assert "/auth/login" in page.headers["Location"]

    # Enabling again does not revive the old session: the user signs in anew.
    assert client.post(f"/zy/manage/users/{colleague.id}/enable").status_code == 302
    assert reload(colleague.id).is_enabled
    assert "user.enabled" in audit_actions()
    assert other.get("/zy/manage/users/").status_code == 302


def test_reset_password_ends_the_users_sessions(app, client, world, login_as):
    colleague = make_user("zyadmin2", roles=[("court_admin", world.zy, None)], court=world.zy)
    db.session.commit()
    other = app.test_client()
    sign_in(app, other, colleague)
    assert other.get("/zy/manage/users/").status_code == 200
    login_as(world.zy_admin)
    client.post(f"/zy/manage/users/{colleague.id}/password", data={"password": STRONG, "confirm": STRONG})
    assert other.get("/zy/manage/users/").status_code == 302


def test_cannot_disable_or_reset_yourself(client, world, login_as):
    login_as(world.zy_admin)
    page = client.post(f"/zy/manage/users/{world.zy_admin.id}/disable", follow_redirects=True)
    assert "不能停用您自己" in page.get_data(as_text=True)
    assert reload(world.zy_admin.id).is_enabled
    page = client.get(f"/zy/manage/users/{world.zy_admin.id}/password", follow_redirects=True)
    assert "修改密码" in page.get_data(as_text=True)


def test_reset_password_bumps_session_version_and_unlocks(client, world, login_as):
    login_as(world.zy_admin)
    user = world.office_editor
    user.failed_logins = 5
    user.locked_until = utcnow() + timedelta(minutes=10)
    db.session.commit()
    version = user.session_version
    page = client.get(f"/zy/manage/users/{user.id}/password")
    assert "用户首次登录后应修改密码" in page.get_data(as_text=True)
    weak = client.post(f"/zy/manage/users/{user.id}/password", data={"password": "bgsbj", "confirm": "bgsbj"})
    assert "密码至少需要" in weak.get_data(as_text=True)
    page = client.post(f"/zy/manage/users/{user.id}/password", data={"password": STRONG, "confirm": STRONG})
    assert page.status_code == 302
    user = reload(user.id)
    assert user.session_version == version + 1
    assert verify_password(user.password_hash, STRONG)
    assert user.failed_logins == 0 and user.locked_until is None
    assert "user.password_reset" in audit_actions()


def test_unlock_clears_failures(client, world, login_as):
    login_as(world.zy_admin)
    user = world.office_editor
    user.failed_logins = 5
    user.locked_until = utcnow() + timedelta(minutes=10)
    db.session.commit()
    assert "已锁定" in client.get(f"/zy/manage/users/{user.id}/").get_data(as_text=True)
    assert client.post(f"/zy/manage/users/{user.id}/unlock").status_code == 302
    user = reload(user.id)
    assert user.failed_logins == 0 and user.locked_until is None
    assert "user.unlocked" in audit_actions()


def test_platform_admin_can_manage_any_courts_accounts(client, world, login_as):
    login_as(world.platform_admin)
    assert "wfadmin" in client.get("/wf/manage/users/").get_data(as_text=True)
    page = client.post(
        "/wf/manage/users/new",
        data={
            "username": "wf2",
            "display_name": "文峰管理员",
            "member_id": "None",
            "password": STRONG,
            "confirm": STRONG,
        },
    )
    assert page.status_code == 302
    assert db.session.scalar(select(User).where(User.username == "wf2")).court_id == world.wf.id


def test_csrf_is_required_for_changes(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        world = build_world()
        client = app.test_client()
        sign_in(app, client, world.zy_admin)
        page = client.post(f"/zy/manage/users/{world.office_editor.id}/disable")
        assert page.status_code == 400
        assert reload(world.office_editor.id).is_enabled
