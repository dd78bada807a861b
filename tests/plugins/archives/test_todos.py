"""The archives module's to-do items and notifications (issue 12): a
returned record is its secretary's item until refiled, a filed record the
court admin's until reviewed, meetings due this period are reminded with
their deadline; the people of a record hear of its approval or return; the
dashboard card agrees with the inbox; the cost does not grow with the data."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime

import pytest
from flask import g
from sqlalchemy import select

from dangjian.db import db
from dangjian.inbox.models import Notification
from dangjian.inbox.todos import collect_todos
from dangjian.modules import services as modules
from tests.factories import make_user

from .conftest import add_meeting, meeting_type

ALL_CLEAR = "三会一课都按期开了"


@pytest.fixture
def quiet(archives):
    """No meeting type has a required frequency, so no period reminder
    mixes into what a test looks at (they depend on today's date)."""
    from dangjian_archives.models import MeetingType

    for row in db.session.scalars(select(MeetingType)):
        row.frequency = "none"
    db.session.commit()
    return archives


@contextmanager
def fresh_request(app, court):
    """A request context with an empty ``g``, as a real request starts
    (tests keep an app context, whose ``g`` a test request would reuse)."""
    with app.test_request_context(f"/{court.slug}/"):
        g.__dict__.clear()
        yield


def todos_of(app, court, user):
    with fresh_request(app, court):
        return [item for item in collect_todos(court, user) if item.kind.startswith("archives.")]


def kinds(app, court, user):
    return sorted((item.kind, item.title.rsplit("：", 1)[-1]) for item in todos_of(app, court, user))


def notes(user=None):
    db.session.expire_all()
    query = select(Notification).order_by(Notification.id)
    if user is not None:
        query = query.where(Notification.user_id == user.id)
    return list(db.session.scalars(query))


def office_secretary(world):
    return make_user("bgssj", roles=[("branch_secretary", world.zy, world.office)], court=world.zy)


def filed_by(world, author, title="三月支委会", branch=None):
    meeting = add_meeting(branch or world.juvenile, "committee", date(2026, 3, 5), title=title)
    meeting.created_by_id = author.id
    meeting.start_time = "09:00"
    db.session.commit()
    return meeting


def test_returned_record_is_its_secretarys_item_until_refiled(app, client, login_as, quiet):
    world = quiet
    other_secretary = office_secretary(world)
    recorder = make_user("sntjl", roles=[("branch_secretary", world.zy, world.juvenile)], court=world.zy)
    meeting = filed_by(world, recorder)
    wf_secretary = make_user("wfsj", roles=[("branch_secretary", world.wf, world.wf_branch)], court=world.wf)
    db.session.commit()

    assert kinds(app, world.zy, world.zy_admin) == [("archives.review", "三月支委会")]
    assert kinds(app, world.zy, world.juvenile_secretary) == []

    login_as(world.zy_admin)
    response = client.post(f"/zy/archives/meetings/{meeting.id}/return", data={"reason": "缺少签到表"})
    assert response.status_code == 302

    (item,) = todos_of(app, world.zy, world.juvenile_secretary)
    assert (item.kind, item.kind_label) == ("archives.returned", "退回待修改的会议记录")
    assert "三月支委会" in item.title and "少年庭党支部" in item.title and item.detail == "退回原因：缺少签到表"
    assert item.url == f"/zy/archives/meetings/{meeting.id}/edit"
    # Nobody else: not the reviewer, another branch's secretary, the editor, a member, another court.
    for user in (world.zy_admin, other_secretary, world.juvenile_editor, world.member_user, world.wf_admin):
        assert todos_of(app, world.zy, user) == [], user.username
    assert todos_of(app, world.wf, wf_secretary) == [] and todos_of(app, world.wf, world.juvenile_secretary) == []

    # Fixed and refiled: gone for the secretary, waiting for the admin again.
    login_as(world.juvenile_secretary)
    assert client.post(f"/zy/archives/meetings/{meeting.id}/file").status_code == 302
    assert kinds(app, world.zy, world.juvenile_secretary) == []
    assert kinds(app, world.zy, world.zy_admin) == [("archives.review", "三月支委会")]

    # Approved: gone for the admin too.
    login_as(world.zy_admin)
    client.post(f"/zy/archives/meetings/{meeting.id}/approve")
    assert todos_of(app, world.zy, world.zy_admin) == [] and todos_of(app, world.zy, world.juvenile_secretary) == []


def test_review_notifies_the_branch_secretaries_and_the_author_only(app, client, login_as, quiet):
    world = quiet
    other_secretary = office_secretary(world)
    author = make_user("sntzz", court=world.zy)  # wrote the record (e.g. a former secretary)
    meeting = filed_by(world, author)
    login_as(world.zy_admin)

    client.post(f"/zy/archives/meetings/{meeting.id}/return", data={"reason": "缺少签到表"})
    returned = notes()
    assert sorted(n.user_id for n in returned) == sorted([world.juvenile_secretary.id, author.id])
    assert all(n.kind == "archives.returned" and "缺少签到表" in n.body and n.court_id == world.zy.id for n in returned)
    assert returned[0].url == f"/zy/archives/meetings/{meeting.id}/"
    assert "三月支委会" in returned[0].title

    login_as(world.juvenile_secretary)
    client.post(f"/zy/archives/meetings/{meeting.id}/file")
    assert len(notes()) == 2  # filing tells nobody (the admin has it as a to-do)
    login_as(world.zy_admin)
    client.post(f"/zy/archives/meetings/{meeting.id}/approve")
    approved = [n for n in notes() if n.kind == "archives.approved"]
    assert sorted(n.user_id for n in approved) == sorted([world.juvenile_secretary.id, author.id])
    assert "审核通过" in approved[0].title
    for nobody in (world.zy_admin, other_secretary, world.juvenile_editor, world.member_user, world.wf_admin):
        assert notes(nobody) == []


def test_a_refused_return_notifies_nobody(app, client, login_as, quiet):
    world = quiet
    meeting = filed_by(world, world.juvenile_secretary)
    login_as(world.zy_admin)
    client.post(f"/zy/archives/meetings/{meeting.id}/return", data={"reason": ""})  # a reason is required
    assert notes() == []


def test_bulk_approval_notifies_each_records_people(app, client, login_as, quiet):
    world = quiet
    office_head = office_secretary(world)
    author = make_user("bgszz", court=world.zy)
    juvenile_one = filed_by(world, world.juvenile_secretary, "少年庭一")
    juvenile_two = filed_by(world, author, "少年庭二")
    office_one = filed_by(world, author, "办公室一", branch=world.office)
    login_as(world.zy_admin)
    page = client.post("/zy/archives/review/approve", data={"ids": [juvenile_one.id, juvenile_two.id, office_one.id]})
    assert "审核通过 3 条" in page.text
    got = sorted((n.user_id, n.title.rsplit("：", 1)[-1]) for n in notes())
    assert got == sorted(
        [
            (world.juvenile_secretary.id, "少年庭一"),
            (world.juvenile_secretary.id, "少年庭二"),
            (author.id, "少年庭二"),
            (office_head.id, "办公室一"),
            (author.id, "办公室一"),
        ]
    )
    assert all(n.kind == "archives.approved" and n.created_at is not None and n.read_at is None for n in notes())


def test_dashboard_card_agrees_with_the_inbox(app, client, login_as, quiet):
    world = quiet
    meeting = filed_by(world, world.juvenile_secretary)
    login_as(world.juvenile_secretary)
    assert ALL_CLEAR in client.get("/zy/").text  # nothing awaits: filed and waiting for review

    login_as(world.zy_admin)
    admin_home = client.get("/zy/").text
    assert "待审核 1 条" in admin_home and ALL_CLEAR not in admin_home
    client.post(f"/zy/archives/meetings/{meeting.id}/return", data={"reason": "缺少签到表"})
    admin_home = client.get("/zy/").text
    assert "待审核" not in admin_home and "已驳回待重报 1 条" in admin_home  # the admin's part is done

    login_as(world.juvenile_secretary)
    home = client.get("/zy/").text
    assert ALL_CLEAR not in home
    assert (
        "三月支委会" in home and "退回原因：缺少签到表" in home and f"/zy/archives/meetings/{meeting.id}/edit" in home
    )


def test_drafts_and_meetings_due_this_period(app, quiet):
    """With today fixed: a monthly meeting not held in the last days of the
    month is due at the month's end; a draft is due at the filing deadline."""
    from dangjian_archives.services import todos

    world = quiet
    meeting_type(world.zy, "committee").frequency = "month"
    add_meeting(world.juvenile, "committee", date(2026, 2, 10), status="approved")  # last month: reported
    db.session.commit()
    today = date(2026, 3, 20)

    def items():
        with app.test_request_context("/zy/"):
            return todos.todos(world.zy, world.juvenile_secretary, today)

    (due,) = items()
    assert (due.kind, due.title, due.due) == ("archives.due", "召开并报送2026年3月支委会", date(2026, 3, 31))
    assert due.detail == "少年庭党支部" and f"branch={world.juvenile.id}" in due.url and "type=" in due.url
    with app.test_request_context("/zy/"):
        assert todos.todos(world.zy, world.office_editor, today) == []  # the editor holds no meetings
        assert todos.todos(world.zy, world.zy_admin, today) == []  # the admin reviews, and nothing is filed

    draft = add_meeting(world.juvenile, "committee", date(2026, 3, 18), status="draft", title="三月草稿")
    add_meeting(world.juvenile, "committee", date(2026, 3, 25), status="draft", title="还没开")
    db.session.commit()
    (item,) = items()  # held (a draft exists), not yet filed; the future one cannot be filed yet
    assert (item.kind, item.due) == ("archives.draft", date(2026, 3, 23))  # 3 working days after Wed 18th
    assert item.url == f"/zy/archives/meetings/{draft.id}/"

    draft.status = "filed"
    db.session.commit()
    assert items() == []


def test_overdue_meeting_of_last_period(app, quiet):
    from dangjian_archives.services import todos

    world = quiet
    meeting_type(world.zy, "general").frequency = "quarter"
    db.session.commit()
    with app.test_request_context("/zy/"):
        (item,) = todos.todos(world.zy, world.juvenile_secretary, date(2026, 4, 2))
    assert item.title == "2026年第1季度支部党员大会未召开或未报送" and item.due == date(2026, 3, 31)
    assert "补开补报" in item.detail


def test_disabled_module_adds_no_items(app, client, login_as, quiet):
    world = quiet
    meeting = filed_by(world, world.juvenile_secretary)
    login_as(world.zy_admin)
    client.post(f"/zy/archives/meetings/{meeting.id}/return", data={"reason": "缺少签到表"})
    assert todos_of(app, world.zy, world.juvenile_secretary)
    modules.set_enabled(world.zy, "archives", False)
    db.session.commit()
    assert todos_of(app, world.zy, world.juvenile_secretary) == []


def _records(world, count, start):
    from dangjian_archives.models import Meeting

    committee = meeting_type(world.zy, "committee").id
    rows = []
    for n in range(start, start + count):
        status = ("returned", "draft", "filed")[n % 3]
        rows.append(
            Meeting(
                court_id=world.zy.id,
                branch_id=world.juvenile.id if n % 2 else world.office.id,
                type_id=committee,
                title=f"记录{n}",
                held_on=date(2026, 1 + n % 12, 1 + n % 28),
                status=status,
                review_note="请补充" if status == "returned" else "",
                filed_at=datetime(2026, 1, 1) if status != "draft" else None,
            )
        )
    db.session.add_all(rows)
    db.session.commit()


def test_statements_do_not_grow_with_the_records(app, archives):
    from tests.conftest import count_queries

    world = archives
    meeting_type(world.zy, "committee").frequency = "month"  # reminders computed too
    db.session.commit()

    def measure(user):
        db.session.expire_all()
        with fresh_request(app, world.zy), count_queries(app) as statements:
            found = collect_todos(world.zy, user)
        return len(statements), len([item for item in found if item.kind.startswith("archives.")])

    _records(world, 10, 0)
    few = {user.username: measure(user) for user in (world.juvenile_secretary, world.zy_admin)}
    _records(world, 1000, 10)
    many = {user.username: measure(user) for user in (world.juvenile_secretary, world.zy_admin)}
    for name in few:
        assert many[name][0] == few[name][0], name  # same statements ...
        assert many[name][1] > few[name][1] + 100, name  # ... for many more items


def test_a_long_group_shows_ten_and_opens_the_rest_in_place(quiet, client, login_as):
    world = quiet
    for day in range(1, 13):
        add_meeting(world.juvenile, "committee", date(2026, 1, day), title=f"例会编号{day:02d}")
    db.session.commit()
    login_as(world.zy_admin)
    page = client.get("/zy/inbox/").text
    assert "12 项" in page and "再显示 2 项" in page
    shown, folded = page.split("再显示 2 项")
    assert shown.count("例会编号") == 10 and folded.count("例会编号") == 2
