"""The list, receipts, manage and publish pages run the same number of SQL
statements for 10 and for 200 announcements or addressees."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import insert, select

from dangjian.announcements.models import Announcement, AnnouncementReceipt
from dangjian.auth.models import User
from dangjian.db import db, utcnow
from dangjian.inbox.models import Notification
from dangjian.members.models import Member

from .helpers import publish

SOON = (date.today() + timedelta(days=7)).isoformat()


def add_people(branch_id: int, count: int, start: int) -> None:
    """``count`` members of a branch, each with an account."""
    from dangjian.org.models import Organisation

    branch = db.session.get(Organisation, branch_id)
    members = [
        Member(court_id=branch.court_id, branch_id=branch.id, name=f"批量{n:04d}", sex="male")
        for n in range(start, start + count)
    ]
    db.session.add_all(members)
    db.session.flush()
    db.session.execute(
        insert(User),
        [
            {
                "username": f"bulk{n}",
                "display_name": member.name,
                "password_hash": "x",
                "court_id": branch.court_id,
                "member_id": member.id,
                "session_version": 1,
                "failed_logins": 0,
                "is_enabled": True,
                "is_demo": False,
                "must_change_password": False,
                "created_at": utcnow(),
            }
            for n, member in zip(range(start, start + count), members, strict=True)
        ],
    )
    db.session.commit()


def add_received(ids: dict, count: int, start: int) -> None:
    """``count`` live announcements of the 中院 addressed to the member (with deadlines)."""
    now = utcnow()
    for n in range(start, start + count):
        announcement = Announcement(
            court_id=ids["zy"],
            author_id=ids["admin"],
            title=f"批量通知{n:04d}",
            body="正文",
            scope="court",
            ack_deadline=date.today() + timedelta(days=n % 9),
            published_at=now,
            created_at=now,
            updated_at=now,
        )
        db.session.add(announcement)
        db.session.flush()
        db.session.add(
            AnnouncementReceipt(
                announcement_id=announcement.id,
                user_id=ids["member"],
                court_id=ids["zy"],
                branch_id=ids["juvenile"],
                read_at=now if n % 2 else None,
            )
        )
    db.session.commit()


def statements(client, query_counter, url: str) -> int:
    client.get(url)  # warm: a commit resets the cached 待办 count and the first page recomputes it
    db.session.remove()
    with query_counter() as seen:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(seen)


def ids_of(world) -> dict:
    return {
        "zy": world.zy.id,
        "admin": world.zy_admin.id,
        "member": world.member_user.id,
        "juvenile": world.juvenile.id,
        "office": world.office.id,
    }


def test_members_list_and_home_card(client, world, login_as, query_counter):
    ids = ids_of(world)
    login_as(world.member_user)
    add_received(ids, 10, 0)
    few_list = statements(client, query_counter, "/zy/announcements/")
    few_home = statements(client, query_counter, "/zy/")
    add_received(ids, 190, 10)
    many_list = statements(client, query_counter, "/zy/announcements/")
    many_home = statements(client, query_counter, "/zy/")
    assert many_list == few_list
    assert many_home == few_home
    assert many_list <= 12, many_list
    page = client.get("/zy/announcements/?page=10").get_data(as_text=True)
    assert "第 10 / 10 页" in page and "批量通知0000" in page
    assert "批量通知0007" in client.get("/zy/announcements/?q=0007").get_data(as_text=True)


def test_receipts_page_and_export(client, world, login_as, query_counter):
    ids = ids_of(world)
    add_people(ids["juvenile"], 10, 0)
    login_as(world.zy_admin)
    small = publish(client, title="十人", deadline=SOON).id
    add_people(ids["juvenile"], 190, 10)
    large = publish(client, title="两百人", deadline=SOON).id
    assert db.session.query(AnnouncementReceipt).filter_by(announcement_id=large).count() == 204
    few = statements(client, query_counter, f"/zy/announcements/manage/{small}/receipts")
    many = statements(client, query_counter, f"/zy/announcements/manage/{large}/receipts")
    assert many == few and many <= 14, (few, many)
    few = statements(client, query_counter, f"/zy/announcements/manage/{small}/receipts.xlsx")
    many = statements(client, query_counter, f"/zy/announcements/manage/{large}/receipts.xlsx")
    assert many == few
    few = statements(client, query_counter, "/zy/announcements/manage/")
    many = statements(client, query_counter, "/zy/announcements/manage/?status=published")
    assert many == few


def test_publishing_costs_the_same_for_10_and_200_addressees(client, world, login_as, query_counter):
    ids = ids_of(world)
    login_as(world.zy_admin)
    publish(client, title="预热")  # first-request work

    def publish_counted(title, branch_id):
        db.session.remove()
        with query_counter() as seen:
            publish(client, title=title, scope="branches", branches=[branch_id], deadline=SOON)
        return len(seen)

    add_people(ids["office"], 10, 0)
    few = publish_counted("十人", ids["office"])
    add_people(ids["juvenile"], 200, 10)
    many = publish_counted("两百人", ids["juvenile"])
    assert many == few and many <= 30, (few, many)
    latest = db.session.scalar(select(Announcement).order_by(Announcement.id.desc()))
    assert db.session.query(Notification).filter(Notification.url == f"/zy/announcements/{latest.id}").count() == 203
