"""``dangjian demo``: Anyang's courts, fictional members, one account per role."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

from sqlalchemy import func, select

from dangjian.access.roles import ROLE_LABELS
from dangjian.announcements.models import Announcement, AnnouncementReceipt
from dangjian.auth.models import User
from dangjian.auth.passwords import password_problems, verify_password
from dangjian.commands.output import display_width
from dangjian.courts.models import Court
from dangjian.db import db
from dangjian.demo.names import EXCLUDED
from dangjian.hookspecs import hookimpl
from dangjian.members.models import Member
from dangjian.modules.models import CourtModule
from dangjian.org.models import CommitteeSeat, Organisation

from ..conftest import sign_in
from ..factories import make_court

KEYS = {"role", "court", "branch", "username", "password"}
BASIC_COURTS = {"wenfeng", "beiguan", "yindu", "longan", "anyangxian", "tangyin", "huaxian", "neihuang", "linzhou"}


def load(runner) -> list[dict]:
    result = runner.invoke(args=["demo", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def check_one_account_per_role(accounts):
    assert all(set(account) == KEYS for account in accounts)
    assert Counter(a["role"] for a in accounts) == Counter(
        {**{label: 1 for label in ROLE_LABELS.values()}, ROLE_LABELS["court_admin"]: 2}
    )
    by_role = {(a["role"], a["court"]): a for a in accounts}
    assert by_role[(ROLE_LABELS["court_admin"], "安阳市中级人民法院")]["branch"] is None
    assert by_role[(ROLE_LABELS["court_admin"], "安阳市文峰区人民法院")]
    assert by_role[(ROLE_LABELS["platform_admin"], None)]["branch"] is None
    for role in ("branch_secretary", "branch_editor", "member"):
        assert by_role[(ROLE_LABELS[role], "安阳市中级人民法院")]["branch"] == "少年庭党支部"
    assert len({a["password"] for a in accounts}) == len(accounts)
    users = {u.username: u for u in db.session.scalars(select(User))}
    for account in accounts:
        user = users[account["username"]]
        assert user.is_demo and verify_password(user.password_hash, account["password"])
        assert password_problems(account["password"], account["username"]) == []


def check_accounts_can_sign_in(app, accounts):
    for account in accounts:
        client = app.test_client()
        response = client.post("/auth/login", data={"username": account["username"], "password": account["password"]})
        assert response.status_code == 302, account["username"]
        assert client.get(response.headers["Location"]).status_code == 200
        user = db.session.scalar(select(User).where(User.username == account["username"]))
        with client.session_transaction() as session:
            assert session["_user_id"] == user.get_id()


def check_anyang_courts_and_organisations():
    courts = {court.slug: court for court in db.session.scalars(select(Court))}
    assert set(courts) == BASIC_COURTS | {"zy"}
    assert courts["zy"].level == "intermediate" and courts["zy"].name == "安阳市中级人民法院"
    assert all(courts[slug].parent_id == courts["zy"].id and courts[slug].level == "basic" for slug in BASIC_COURTS)

    orgs = list(db.session.scalars(select(Organisation)))
    kinds = Counter(org.kind for org in orgs)
    assert kinds["committee"] == 10 and kinds["general_branch"] >= 1 and kinds["branch"] >= 40 and kinds["group"] >= 5
    zy_branches = {o.name for o in orgs if o.court_id == courts["zy"].id and o.kind == "branch"}
    assert {
        "办公室党支部",
        "少年庭党支部",
        "法警队党支部",
        "立案二庭党支部",
        "民一庭党支部",
        "刑一庭党支部",
    } <= zy_branches
    general = next(o for o in orgs if o.kind == "general_branch")
    assert general.parent.kind == "committee" and len([c for c in general.children if c.kind == "branch"]) >= 2
    assert all(o.parent.kind == "branch" and o.department for o in orgs if o.kind == "group")
    assert all(o.department and o.department_kind for o in orgs if o.kind == "branch")


def check_members_are_plausible():
    members = list(db.session.scalars(select(Member)))
    assert len(members) >= 200
    assert len({m.name for m in members}) == len(members) and not {m.name for m in members} & EXCLUDED
    assert all(2 <= len(m.name) <= 3 for m in members)
    assert Counter(m.ethnicity for m in members).most_common(1)[0][0] == "汉族"
    assert {m.sex for m in members} == {"male", "female"} and all(m.education for m in members)
    today = date.today()
    for member in members:
        assert member.birth_date < member.joined_party_on < today
        assert member.department == member.branch.department
        if member.status == "full":
            assert member.full_member_on.year == member.joined_party_on.year + 1 and member.full_member_on <= today
        else:
            assert member.full_member_on is None and (today - member.joined_party_on).days < 366
    statuses = Counter(m.status for m in members)
    assert statuses["probationary"] >= 1 and statuses["full"] > statuses["probationary"] * 10


def check_branches_follow_the_organisation_rules():
    members_by_branch = Counter(db.session.scalars(select(Member.branch_id)))
    full_by_branch = Counter(db.session.scalars(select(Member.branch_id).where(Member.status == "full")))
    seats = Counter(db.session.scalars(select(CommitteeSeat.organisation_id)))
    for branch in db.session.scalars(select(Organisation).where(Organisation.kind == "branch")):
        assert full_by_branch[branch.id] >= 3 and members_by_branch[branch.id] <= 50
        assert seats[branch.id] == (5 if members_by_branch[branch.id] >= 7 else 1)
    secretary = db.session.scalar(
        select(CommitteeSeat).join(Organisation).where(Organisation.slug == "snt", CommitteeSeat.post == "secretary")
    )
    account = db.session.scalar(select(User).where(User.username == "demo-snt-secretary"))
    assert account.member_id == secretary.member_id and secretary.member.party_post == "党支部书记"
    editor = db.session.scalar(select(User).where(User.username == "demo-snt-editor"))
    assert editor.member.party_post == "宣传委员"
    member = db.session.scalar(select(User).where(User.username == "demo-snt-member"))
    assert member.member.branch.slug == "snt" and not member.roles


def check_second_run_skips_cleanly(runner):
    members = count(Member)
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0
    assert "演示数据已存在" in again.output and "--reset-passwords" in again.output
    assert json.loads(runner.invoke(args=["demo", "--json"]).stdout) == []
    assert count(Member) == members and count(Court) == 10


def check_announcements(app, client):
    """A notice the member is asked to acknowledge, one from the 中院 to the
    courts below, and a draft."""
    announcements = db.session.scalars(select(Announcement).order_by(Announcement.id)).all()
    assert [a.status for a in announcements] == ["published", "published", "draft"]
    member = db.session.scalar(select(User).where(User.username == "demo-snt-member"))
    receipts = db.session.scalars(select(AnnouncementReceipt).where(AnnouncementReceipt.user_id == member.id)).all()
    assert len(receipts) == 1 and receipts[0].announcement.ack_deadline is not None
    sign_in(app, client, member)
    inbox = client.get("/zy/inbox/").get_data(as_text=True)
    assert "请确认已阅：关于开展“红旗渠精神学习日”主题党日活动的通知" in inbox
    wenfeng = db.session.scalar(select(User).where(User.username == "demo-wenfeng-admin"))
    sign_in(app, client, wenfeng)
    assert "关于报送上半年党建工作总结的通知" in client.get("/wenfeng/announcements/").get_data(as_text=True)


def check_reset_passwords(runner, accounts):
    """New passwords for every demo account, and their sessions ended."""
    first = {a["username"]: a["password"] for a in accounts}
    versions = dict(db.session.execute(select(User.username, User.session_version)).all())
    result = runner.invoke(args=["demo", "--reset-passwords", "--json"])
    assert result.exit_code == 0, result.output
    second = {a["username"]: a["password"] for a in json.loads(result.stdout)}
    assert set(second) == set(first)
    db.session.expire_all()
    for user in db.session.scalars(select(User)):
        assert second[user.username] != first[user.username]
        assert verify_password(user.password_hash, second[user.username])
        assert user.session_version == versions[user.username] + 1


def check_table_is_aligned_for_chinese_text(runner):
    result = runner.invoke(args=["demo", "--reset-passwords"])  # the table every run prints
    assert result.exit_code == 0
    lines = result.output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("角色"))
    header, rule, rows = lines[start], lines[start + 1], lines[start + 2 : start + 8]
    column = display_width(header[: header.index("用户名")])
    assert set(rule) <= {"-", " "} and len(rows) == 6
    for row in rows:
        username = next(word for word in row.split() if word.startswith("demo-"))
        assert display_width(row[: row.index(username)]) == column


def test_demo_loads_once_and_holds_together(app, runner, client):
    """One load (the whole demo takes half a minute), every property of it
    checked: accounts, courts, members, announcements, a second run, new
    passwords, the printed table."""
    accounts = load(runner)
    check_one_account_per_role(accounts)
    check_accounts_can_sign_in(app, accounts)
    check_anyang_courts_and_organisations()
    check_members_are_plausible()
    check_branches_follow_the_organisation_rules()
    check_announcements(app, client)
    check_second_run_skips_cleanly(runner)
    check_reset_passwords(runner, accounts)
    check_table_is_aligned_for_chinese_text(runner)


def test_demo_refuses_a_database_with_real_courts(app, runner):
    make_court("ay", "安阳市中级人民法院（正式）")
    db.session.commit()
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 1 and "空数据库" in result.output
    assert count(Member) == 0 and count(Court) == 1


def test_reset_passwords_without_demo_data_fails(app, runner):
    result = runner.invoke(args=["demo", "--reset-passwords"])
    assert result.exit_code == 1 and "没有找到演示账号" in result.output


class DemoDataPlugin:
    def __init__(self) -> None:
        self.courts: list[str] = []

    @hookimpl
    def dangjian_demo_data(self, court):
        self.courts.append(court.slug)


def test_demo_enables_modules_and_asks_them_for_demo_data(make_app):
    plugin = DemoDataPlugin()
    app = make_app(EXTRA_PLUGINS={"demodata": plugin})
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["demo"])
        assert result.exit_code == 0, result.output
        assert sorted(plugin.courts) == sorted(BASIC_COURTS | {"zy"})
        enabled = db.session.scalars(
            select(CourtModule.court_id).where(CourtModule.name == "demodata", CourtModule.enabled.is_(True))
        )
        assert len(set(enabled)) == 10
        assert "已启用功能模块" in result.output
