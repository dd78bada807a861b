"""Meeting records through HTTP: write, file, 补开补报, quorum, review, scoping."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from dangjian.audit.models import AuditEntry
from dangjian.db import db, utcnow

from .conftest import add_meeting, meeting_type, roster


def record_form(branch, code, held_on, **extra):
    data = {
        "branch_id": str(branch.id),
        "type_id": str(meeting_type(branch.court, code).id),
        "title": "学习贯彻全会精神",
        "held_on": held_on.isoformat(),
        "start_time": "14:30",
        "place": "党建活动室",
        "chair": "林晓彤",
        "recorder": "周立言",
        "agenda": "一、学习\n二、讨论",
        "minutes": "会议认为……",
        "resolutions": "通过。",
    }
    data.update(extra)
    return data


def load(meeting_id):
    from dangjian_archives.models import Meeting

    db.session.expire_all()
    return db.session.get(Meeting, meeting_id)


def latest_meeting():
    from dangjian_archives.models import Meeting

    db.session.expire_all()
    return db.session.scalars(select(Meeting).order_by(Meeting.id.desc())).first()


def test_secretary_writes_a_record_from_the_roster(archives, client, login_as):
    world = archives
    extra = roster(world.juvenile, 3)
    probationary = roster(world.juvenile, 1, status="probationary")[0]
    db.session.commit()
    login_as(world.juvenile_secretary)
    page = client.get("/zy/archives/meetings/new")
    assert page.status_code == 200
    assert "林晓彤" in page.text and extra[0].name in page.text  # roster prefilled
    data = record_form(world.juvenile, "general", date.today() - timedelta(days=1))
    data[f"att-{extra[0].id}"] = "absent"
    data[f"reason-{extra[0].id}"] = "外出开庭"
    data[f"att-{extra[1].id}"] = "nonvoting"
    response = client.post("/zy/archives/meetings/new", data=data)
    assert response.status_code == 302
    meeting = latest_meeting()
    assert meeting.status == "draft" and meeting.branch_id == world.juvenile.id
    # 5 on the roster, one 列席: 4 expected, 3 present; the probationary member has no vote.
    assert (meeting.expected_count, meeting.present_count) == (4, 3)
    assert (meeting.voting_count, meeting.voting_present) == (3, 2)
    assert probationary.id in {row.member_id for row in meeting.attendance}
    detail = client.get(f"/zy/archives/meetings/{meeting.id}/")
    assert "签到表（附件）" in detail.text and "尚缺" in detail.text  # no sign-in sheet yet
    assert "未达到法定人数" not in detail.text


def test_counts_cannot_be_typed(archives, client, login_as):
    world = archives
    login_as(world.juvenile_secretary)
    data = record_form(world.juvenile, "committee", date.today(), expected_count="99", present_count="99")
    client.post("/zy/archives/meetings/new", data=data)
    meeting = latest_meeting()
    assert (meeting.expected_count, meeting.present_count) == (1, 1)


def test_general_meeting_below_quorum_is_flagged(archives, client, login_as):
    world = archives
    members = roster(world.juvenile, 3)
    db.session.commit()
    login_as(world.juvenile_secretary)
    data = record_form(world.juvenile, "general", date.today())
    for member in members[:2]:
        data[f"att-{member.id}"], data[f"reason-{member.id}"] = "absent", "出差"
    client.post("/zy/archives/meetings/new", data=data)
    meeting = latest_meeting()
    assert (meeting.voting_count, meeting.voting_present) == (4, 2)  # exactly half: not more than half
    assert "未达到法定人数" in client.get(f"/zy/archives/meetings/{meeting.id}/").text
    # A committee meeting with the same attendance is not a general meeting.
    data["type_id"] = str(meeting_type(world.zy, "committee").id)
    client.post("/zy/archives/meetings/new", data=data)
    assert "未达到法定人数" not in client.get(f"/zy/archives/meetings/{latest_meeting().id}/").text


def test_invalid_form_keeps_what_was_typed(archives, client, login_as):
    login_as(archives.juvenile_secretary)
    data = record_form(archives.juvenile, "general", date.today(), title="", minutes="很长的会议内容")
    response = client.post("/zy/archives/meetings/new", data=data)
    assert response.status_code == 200
    assert "请填写会议主题" in response.text and "很长的会议内容" in response.text


def test_deadline_and_late_filing_across_a_month_end_in_court_time(archives):
    from dangjian_archives.services import meetings as svc

    world = archives
    # Friday 30 January 2026; 3 working days → Wednesday 4 February.
    on_time = add_meeting(world.juvenile, "general", date(2026, 1, 30), status="draft")
    late = add_meeting(world.office, "general", date(2026, 1, 30), status="draft")
    # 15:30 UTC is 23:30 in Beijing on the deadline: on time.
    svc.file(world.zy, on_time, None, datetime(2026, 2, 4, 15, 30))
    # 16:30 UTC is already 5 February, 00:30 in Beijing: late, although UTC still says the 4th.
    svc.file(world.zy, late, None, datetime(2026, 2, 4, 16, 30))
    assert on_time.deadline == late.deadline == date(2026, 2, 4)
    assert on_time.late is False
    assert late.late is True


def test_filing_deadline_is_a_court_setting(archives):
    from dangjian.modules import services as modules
    from dangjian_archives.services import meetings as svc

    world = archives
    modules.save_settings(world.zy, "archives", {"filing_days": 5, "reminder_days": 15, "upload_max_mb": 20})
    meeting = add_meeting(world.juvenile, "general", date(2026, 1, 30), status="draft")
    svc.file(world.zy, meeting, None, datetime(2026, 2, 5, 3, 0))
    assert meeting.deadline == date(2026, 2, 6) and meeting.late is False


def test_return_and_refile(archives, client, login_as):
    world = archives
    login_as(world.juvenile_secretary)
    client.post("/zy/archives/meetings/new", data=record_form(world.juvenile, "general", date.today()))
    meeting = latest_meeting()
    assert client.post(f"/zy/archives/meetings/{meeting.id}/file").status_code == 302
    assert load(meeting.id).status == "filed" and load(meeting.id).late is False
    # The secretary cannot approve their own record.
    assert client.post(f"/zy/archives/meetings/{meeting.id}/approve").status_code == 403

    login_as(world.zy_admin)
    response = client.post(f"/zy/archives/meetings/{meeting.id}/return", data={"reason": ""})
    assert load(meeting.id).status == "filed"  # a return needs a reason
    client.post(f"/zy/archives/meetings/{meeting.id}/return", data={"reason": "请补充缺席人员的原因"})
    assert load(meeting.id).status == "returned"

    login_as(world.juvenile_secretary)
    listing = client.get("/zy/archives/")
    assert "驳回原因：请补充缺席人员的原因" in listing.text
    detail = client.get(f"/zy/archives/meetings/{meeting.id}/")
    assert "请补充缺席人员的原因" in detail.text and "重新报送" in detail.text
    edited = record_form(world.juvenile, "general", date.today(), minutes="补充后的记录")
    assert client.post(f"/zy/archives/meetings/{meeting.id}/edit", data=edited).status_code == 302
    client.post(f"/zy/archives/meetings/{meeting.id}/file")
    assert load(meeting.id).status == "filed" and load(meeting.id).minutes == "补充后的记录"

    login_as(world.zy_admin)
    client.post(f"/zy/archives/meetings/{meeting.id}/approve")
    assert load(meeting.id).status == "approved"
    actions = list(
        db.session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.target_type == "Meeting", AuditEntry.target_id == meeting.id)
            .order_by(AuditEntry.id)
        )
    )
    assert actions == [
        "archives.meeting_filed",
        "archives.meeting_returned",
        "archives.meeting_filed",
        "archives.meeting_approved",
    ]
    assert response.status_code == 302


def test_filed_record_is_not_editable_and_only_drafts_are_deleted(archives, client, login_as):
    world = archives
    meeting = add_meeting(world.juvenile, "general", date.today())
    db.session.commit()
    login_as(world.juvenile_secretary)
    client.post(
        f"/zy/archives/meetings/{meeting.id}/edit",
        data=record_form(world.juvenile, "general", date.today(), title="改"),
    )
    assert load(meeting.id).title != "改"
    client.post(f"/zy/archives/meetings/{meeting.id}/delete")
    assert load(meeting.id) is not None


def test_future_meeting_cannot_be_filed(archives, client, login_as):
    world = archives
    meeting = add_meeting(world.juvenile, "general", date.today() + timedelta(days=3), status="draft")
    db.session.commit()
    login_as(world.juvenile_secretary)
    client.post(f"/zy/archives/meetings/{meeting.id}/file")
    assert load(meeting.id).status == "draft"


def test_scoping(archives, client, login_as):
    world = archives
    from tests.factories import make_user

    office_secretary = make_user("bgssj", roles=[("branch_secretary", world.zy, world.office)], court=world.zy)
    own = add_meeting(world.juvenile, "general", date.today(), title="少年庭的会")
    other = add_meeting(world.office, "general", date.today(), title="办公室的会")
    wf_meeting = add_meeting(world.wf_branch, "general", date.today(), title="文峰的会")
    db.session.commit()

    login_as(office_secretary)
    assert client.get(f"/zy/archives/meetings/{own.id}/").status_code == 404
    assert client.post(f"/zy/archives/meetings/{own.id}/file").status_code == 404
    assert client.get(f"/zy/archives/meetings/{own.id}/word").status_code == 404
    listing = client.get("/zy/archives/").text
    assert "办公室的会" in listing and "少年庭的会" not in listing
    # Posting a record for another branch is refused.
    assert (
        client.post("/zy/archives/meetings/new", data=record_form(world.juvenile, "general", date.today())).status_code
        == 404
    )

    login_as(world.member_user)  # a member of the juvenile branch: reads, does not write
    assert client.get(f"/zy/archives/meetings/{own.id}/").status_code == 200
    assert client.get(f"/zy/archives/meetings/{other.id}/").status_code == 404
    assert client.get(f"/zy/archives/meetings/{own.id}/edit").status_code == 403

    login_as(world.zy_admin)  # the whole court, but not another court's records
    assert client.get(f"/zy/archives/meetings/{other.id}/").status_code == 200
    assert client.get(f"/zy/archives/meetings/{wf_meeting.id}/").status_code == 404
    assert client.get(f"/wf/archives/meetings/{wf_meeting.id}/").status_code == 403  # oversight: statistics only

    login_as(world.wf_admin)  # another court's admin
    assert client.get(f"/zy/archives/meetings/{own.id}/").status_code == 403
    assert client.get(f"/wf/archives/meetings/{own.id}/").status_code == 404
    assert client.get("/zy/archives/stats/").status_code == 403


def selects(statements):
    return len([s for s in statements if s.lstrip().upper().startswith("SELECT")])


def test_list_page_query_count_does_not_grow(archives, client, login_as, query_counter):
    world = archives
    login_as(world.zy_admin)
    for day in range(1, 4):
        add_meeting(world.juvenile, "committee", date(2026, 1, day))
    db.session.commit()
    client.get("/zy/archives/")
    with query_counter() as few:
        client.get("/zy/archives/")
    for day in range(4, 25):
        add_meeting(world.office if day % 2 else world.juvenile, "committee", date(2026, 1, day))
    db.session.commit()
    client.get("/zy/archives/")  # a change resets the cached 待办 count: warm it again
    with query_counter() as many:
        assert "committee 2026-01-24" in client.get("/zy/archives/").text
    assert selects(many) == selects(few)


def test_prefill_from_plan(archives, client, login_as):
    world = archives
    login_as(world.juvenile_secretary)
    lesson = meeting_type(world.zy, "lesson")
    response = client.post(
        "/zy/archives/plans/add",
        data={
            "branch_id": world.juvenile.id,
            "year": 2026,
            "quarter": 2,
            "month": "",
            "type_id": lesson.id,
            "theme": "红旗渠精神与司法担当",
            "lecturer": "林晓彤",
        },
    )
    assert response.status_code == 302
    from dangjian_archives.models import PlanItem

    plan = db.session.scalars(select(PlanItem)).one()
    assert "红旗渠精神与司法担当" in client.get("/zy/archives/plans/?year=2026").text
    form = client.get(f"/zy/archives/meetings/new?plan={plan.id}").text
    assert 'value="红旗渠精神与司法担当"' in form and 'value="林晓彤"' in form
    assert f'<option selected value="{lesson.id}">' in form or f'value="{lesson.id}" selected' in form
    # Another branch's secretary cannot use the plan.
    login_as(world.office_editor)
    assert client.get(f"/zy/archives/meetings/new?plan={plan.id}").status_code == 403


def test_custom_checklist_elements(archives, client, login_as):
    world = archives
    general = meeting_type(world.zy, "general")
    login_as(world.zy_admin)
    response = client.post(
        f"/zy/archives/manage/types/{general.id}",
        data={
            "name": "支部党员大会",
            "frequency": "quarter",
            "elements": ["title", "minutes"],
            "custom_elements": "会前征求党员意见\n传达上级精神",
        },
    )
    assert response.status_code == 302
    login_as(world.juvenile_secretary)
    data = record_form(world.juvenile, "general", date.today(), confirmed=["会前征求党员意见"])
    client.post("/zy/archives/meetings/new", data=data)
    meeting = latest_meeting()
    detail = client.get(f"/zy/archives/meetings/{meeting.id}/").text
    assert "3 / 4" in detail and "传达上级精神" in detail and "签到表（附件）" not in detail
    assert utcnow()  # the module reads time only through dangjian.api
