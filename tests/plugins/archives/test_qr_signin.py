"""QR sign-in (扫码签到) to a meeting record through HTTP: the secretary's
screen and status, a member's scan, and every code that must not count."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlparse

import pytest
from sqlalchemy import func, select

from dangjian.api import signin_code
from dangjian.audit.models import AuditEntry
from dangjian.db import db
from dangjian.signin_codes import current_window
from tests.factories import DEFAULT_PASSWORD, make_user

from .conftest import add_meeting

KIND = "archives.meeting"


@pytest.fixture
def meeting(archives):
    record = add_meeting(archives.juvenile, "general", date.today(), status="draft", title="支部党员大会")
    db.session.commit()
    return record


def scan_path(meeting, code=None, court="zy"):
    code = code or signin_code(KIND, meeting.id, meeting.court_id)
    return f"/{court}/archives/meetings/{meeting.id}/signin/{code}"


def rows(meeting):
    from dangjian_archives.models import Attendance

    db.session.expire_all()
    return list(db.session.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id)))


def signin_audits():
    return db.session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "archives.signed_in")
    )


def test_screen_shows_the_code_and_a_scan_marks_the_member_present(meeting, client, login_as, archives):
    world = archives
    login_as(world.juvenile_secretary)
    detail = client.get(f"/zy/archives/meetings/{meeting.id}/")
    assert f"/zy/archives/meetings/{meeting.id}/signin" in detail.text and "签到二维码" in detail.text
    screen = client.get(f"/zy/archives/meetings/{meeting.id}/signin")
    assert screen.status_code == 200 and "<svg" in screen.text and "data-scan-url=" in screen.text
    assert screen.headers["Cache-Control"] == "no-store"
    # The strict CSP holds: the code is plain SVG, the refresh a static file.
    assert "style=" not in screen.text and "<script>" not in screen.text and "<style" not in screen.text
    assert "js/signin_screen.js" in screen.text and "script-src" in screen.headers["Content-Security-Policy"]
    status = client.get(f"/zy/archives/meetings/{meeting.id}/signin/status").get_json()
    assert status["count"] == 0 and status["svg"].startswith("<svg") and "/signin/" in status["scan_url"]

    login_as(world.member_user)
    response = client.get(urlparse(status["scan_url"]).path)
    assert response.status_code == 200 and "签到成功" in response.text
    (row,) = rows(meeting)
    assert row.member_id == world.juvenile_member.id and row.status == "present" and row.signed_in_at
    assert row.meeting.present_count == 1 and row.meeting.expected_count == 1
    assert signin_audits() == 1

    login_as(world.juvenile_secretary)
    status = client.get(f"/zy/archives/meetings/{meeting.id}/signin/status").get_json()
    assert status["count"] == 1 and status["names"] == ["林晓彤"]
    assert "扫码签到" in client.get(f"/zy/archives/meetings/{meeting.id}/").text


def test_a_second_scan_changes_nothing(meeting, client, login_as, archives):
    login_as(archives.member_user)
    assert "签到成功" in client.get(scan_path(meeting)).text
    first = rows(meeting)[0].signed_in_at
    again = client.get(scan_path(meeting))
    assert again.status_code == 200 and "您已签到" in again.text
    assert len(rows(meeting)) == 1 and rows(meeting)[0].signed_in_at == first
    assert signin_audits() == 1


def test_the_previous_window_still_counts(meeting, client, login_as, archives):
    login_as(archives.member_user)
    code = signin_code(KIND, meeting.id, meeting.court_id, window=current_window() - 1)
    assert "签到成功" in client.get(scan_path(meeting, code)).text


@pytest.mark.parametrize(
    "make_code, message",
    [
        (lambda m: signin_code(KIND, m.id, m.court_id, window=current_window() - 2), "已过期"),
        (lambda m: signin_code(KIND, m.id, m.court_id)[:-3] + "xyz", "无效"),
        (lambda m: "not-a-code", "无效"),
        (lambda m: signin_code(KIND, m.id + 1000, m.court_id), "不是本次"),
        (lambda m: signin_code("redculture.activity", m.id, m.court_id), "无效"),  # another purpose's salt
    ],
    ids=["old-window", "tampered", "garbage", "other-record", "other-kind"],
)
def test_codes_that_do_not_count_save_nothing(meeting, client, login_as, archives, make_code, message):
    login_as(archives.member_user)
    response = client.get(scan_path(meeting, make_code(meeting)))
    assert response.status_code == 400 and message in response.text
    assert rows(meeting) == [] and signin_audits() == 0


def test_a_member_of_another_branch_is_refused(meeting, client, archives):
    office_user = make_user("zhouly", member=archives.office_member)
    db.session.commit()
    from tests.conftest import sign_in

    sign_in(client.application, client, office_user)
    response = client.get(scan_path(meeting))
    assert response.status_code == 403 and "不是本支部党员" in response.text
    assert rows(meeting) == []


def test_another_courts_record_is_not_found(meeting, client, archives):
    wf_user = make_user("hanmy", member=archives.wf_member)
    db.session.commit()
    from tests.conftest import sign_in

    sign_in(client.application, client, wf_user)
    assert client.get(scan_path(meeting, court="wf")).status_code == 404
    sign_in(client.application, client, archives.wf_admin)
    assert client.get(f"/wf/archives/meetings/{meeting.id}/signin").status_code == 404
    assert client.get(f"/wf/archives/meetings/{meeting.id}/signin/status").status_code == 404
    assert rows(meeting) == []


def test_the_status_needs_the_secretarys_permission(meeting, client, login_as, archives):
    url = f"/zy/archives/meetings/{meeting.id}/signin/status"
    assert "/auth/login" in client.get(url).location
    login_as(archives.member_user)
    assert client.get(url).status_code == 403
    assert client.get(f"/zy/archives/meetings/{meeting.id}/signin").status_code == 403
    other_secretary = make_user("bgssj", roles=[("branch_secretary", archives.zy, archives.office)], court=archives.zy)
    db.session.commit()
    login_as(other_secretary)
    assert client.get(url).status_code == 404  # another branch's record
    login_as(archives.zy_admin)
    assert client.get(url).status_code == 200


def test_logging_in_brings_the_member_back_to_the_scan(meeting, client, archives):
    path = scan_path(meeting)
    response = client.get(path)
    assert response.status_code == 302 and "/auth/login" in response.location
    login_page = response.location
    answer = client.post(
        login_page, data={"username": "lxt", "password": DEFAULT_PASSWORD, "next": path}, follow_redirects=True
    )
    assert "签到成功" in answer.text
    assert [r.member_id for r in rows(meeting)] == [archives.juvenile_member.id]


def test_a_filed_record_takes_no_signin(archives, client, login_as):
    filed = add_meeting(archives.juvenile, "general", date.today(), status="filed")
    db.session.commit()
    login_as(archives.juvenile_secretary)
    assert client.get(f"/zy/archives/meetings/{filed.id}/signin").status_code == 302
    login_as(archives.member_user)
    response = client.get(scan_path(filed))
    assert response.status_code == 403 and "已经报送" in response.text
    assert rows(filed) == []


def test_the_secretary_can_still_correct_a_signed_in_member(meeting, client, login_as, archives):
    from .test_meetings import record_form

    login_as(archives.member_user)
    client.get(scan_path(meeting))
    login_as(archives.juvenile_secretary)
    data = record_form(archives.juvenile, "general", date.today())
    data[f"att-{archives.juvenile_member.id}"] = "absent"
    data[f"reason-{archives.juvenile_member.id}"] = "扫码后离场"
    response = client.post(f"/zy/archives/meetings/{meeting.id}/edit", data=data)
    assert response.status_code == 302
    (row,) = rows(meeting)
    assert row.status == "absent" and row.reason == "扫码后离场"
