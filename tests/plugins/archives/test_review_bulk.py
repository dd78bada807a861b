"""Bulk approval: the same checks as approving one, a report per record, one
audit entry per record, and a query count that does not grow with the selection."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from dangjian.audit.models import AuditEntry
from dangjian.db import db

from .conftest import add_meeting


def statuses(ids):
    from dangjian_archives.models import Meeting

    db.session.expire_all()
    return {m.id: m.status for m in db.session.scalars(select(Meeting).where(Meeting.id.in_(ids)))}


def approvals():
    return db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "archives.meeting_approved"))


def test_select_confirm_and_approve_with_a_report(archives, client, login_as):
    world = archives
    filed = [add_meeting(world.juvenile, "committee", date(2026, 1, day), title=f"支委会{day}") for day in (5, 6, 7)]
    draft = add_meeting(world.office, "committee", date(2026, 1, 8), status="draft", title="还是草稿")
    approved = add_meeting(world.office, "committee", date(2026, 1, 9), status="approved", title="早已审核")
    other_court = add_meeting(world.wf_branch, "committee", date(2026, 1, 9), title="文峰的会")
    db.session.commit()
    login_as(world.zy_admin)

    listing = client.get("/zy/archives/review/").text
    assert all(m.title in listing for m in filed)
    assert "还是草稿" not in listing and "早已审核" not in listing and "文峰的会" not in listing
    assert 'data-select-all="ids"' in listing and "尚缺" in listing

    chosen = [filed[0].id, filed[1].id, draft.id, approved.id, other_court.id]
    confirm = client.post("/zy/archives/review/confirm", data={"ids": chosen}).text
    assert "确认审核通过 4 条" in confirm and "文峰的会" not in confirm  # another court's record is not even named
    assert statuses([filed[0].id])[filed[0].id] == "filed"  # nothing happens before the confirmation

    result = client.post("/zy/archives/review/approve", data={"ids": chosen})
    page = result.text
    assert result.status_code == 200 and "审核通过 2 条，未通过 3 条" in page
    assert "还是草稿" in page and "早已审核" in page and "只有已报送的记录可以审核通过" in page
    assert "记录不存在或不在您的审核范围内" in page
    assert statuses([m.id for m in filed] + [draft.id, other_court.id]) == {
        filed[0].id: "approved",
        filed[1].id: "approved",
        filed[2].id: "filed",
        draft.id: "draft",
        other_court.id: "filed",
    }
    assert approvals() == 2  # one audit entry per approved record, naming it and who approved
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "archives.meeting_approved")).all()
    assert {e.target_id for e in entries} == {filed[0].id, filed[1].id}
    assert {e.user_id for e in entries} == {world.zy_admin.id} and all(
        e.court_id == world.zy.id and e.at for e in entries
    )


def test_nothing_selected_and_who_may(archives, client, login_as):
    world = archives
    meeting = add_meeting(world.juvenile, "committee", date(2026, 1, 5))
    db.session.commit()
    login_as(world.zy_admin)
    assert "请先勾选" in client.post("/zy/archives/review/confirm", data={}, follow_redirects=True).text
    assert (
        "请先勾选" in client.post("/zy/archives/review/approve", data={"ids": ["x", "-1"]}, follow_redirects=True).text
    )
    login_as(world.juvenile_secretary)  # records, but does not review
    assert client.get("/zy/archives/review/").status_code == 403
    assert client.post("/zy/archives/review/approve", data={"ids": [meeting.id]}).status_code == 403
    assert statuses([meeting.id])[meeting.id] == "filed"


def _filed(world, count, start):
    meetings = [
        add_meeting(
            world.juvenile if i % 2 else world.office,
            "committee",
            date(2026, 1 + i % 12, 1 + i % 28),
            title=f"记录{start + i}",
        )
        for i in range(count)
    ]
    db.session.commit()
    return [m.id for m in meetings]


def test_query_count_is_the_same_for_10_and_100_records(archives, client, login_as, query_counter):
    world = archives
    login_as(world.zy_admin)
    few_ids = _filed(world, 10, 0)
    client.get("/zy/archives/review/")  # warm up (module defaults, session)
    with query_counter() as list_few:
        client.get("/zy/archives/review/")
    with query_counter() as confirm_few:
        client.post("/zy/archives/review/confirm", data={"ids": few_ids})
    with query_counter() as few:
        assert "审核通过 10 条" in client.post("/zy/archives/review/approve", data={"ids": few_ids}).text
    many_ids = _filed(world, 100, 10)
    client.get("/zy/archives/review/")  # a change resets the cached 待办 count: warm it again
    with query_counter() as list_many:
        client.get("/zy/archives/review/")
    with query_counter() as confirm_many:
        client.post("/zy/archives/review/confirm", data={"ids": many_ids})
    with query_counter() as many:
        assert "审核通过 100 条" in client.post("/zy/archives/review/approve", data={"ids": many_ids}).text
    assert len(list_many) == len(list_few)
    assert len(confirm_many) == len(confirm_few)
    assert len(many) == len(few)
    assert approvals() == 110
