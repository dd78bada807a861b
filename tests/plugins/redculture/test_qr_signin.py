"""QR sign-in (扫码签到) to a red-culture activity through HTTP."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlparse

import pytest
from sqlalchemy import func, select

from dangjian.api import signin_code
from dangjian.audit.models import AuditEntry
from dangjian.db import db
from dangjian.signin_codes import current_window
from dangjian_redculture.models import Participant
from tests.conftest import sign_in
from tests.factories import make_user

from .conftest import make_activity

KIND = "redculture.activity"


@pytest.fixture
def activity(red):
    return make_activity(red.zy, title="参观红旗渠纪念馆", branches=[red.juvenile])


def scan_path(activity, code=None, court="zy"):
    code = code or signin_code(KIND, activity.id, activity.court_id)
    return f"/{court}/redculture/activities/{activity.id}/signin/{code}"


def participants(activity):
    db.session.expire_all()
    return list(db.session.scalars(select(Participant).where(Participant.activity_id == activity.id)))


def audits():
    return db.session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "redculture.signed_in")
    )


def test_a_scan_records_the_member_once(activity, client, login_as, red):
    login_as(red.juvenile_secretary)
    detail = client.get(f"/zy/redculture/activities/{activity.id}")
    assert f"/zy/redculture/activities/{activity.id}/signin" in detail.text
    screen = client.get(f"/zy/redculture/activities/{activity.id}/signin")
    assert screen.status_code == 200 and "<svg" in screen.text and "data-scan-url=" in screen.text
    status = client.get(f"/zy/redculture/activities/{activity.id}/signin/status").get_json()
    assert status["count"] == 0

    login_as(red.member_user)
    first = client.get(urlparse(status["scan_url"]).path)
    assert first.status_code == 200 and "签到成功" in first.text
    again = client.get(scan_path(activity))
    assert again.status_code == 200 and "您已签到" in again.text
    (row,) = participants(activity)
    assert row.member_id == red.juvenile_member.id and row.attended and row.branch_id == red.juvenile.id
    assert audits() == 1

    login_as(red.juvenile_secretary)
    status = client.get(f"/zy/redculture/activities/{activity.id}/signin/status").get_json()
    assert status["count"] == 1 and status["names"] == ["林晓彤"]


def test_a_sign_up_is_kept(red, client, login_as):
    activity = make_activity(
        red.zy, title="学习日", kind="study_day", deadline=datetime.now() + timedelta(days=3)
    )  # the whole court takes part
    db.session.add(Participant(activity_id=activity.id, member_id=red.juvenile_member.id, signed_up_at=datetime.now()))
    db.session.commit()
    login_as(red.member_user)
    assert "签到成功" in client.get(scan_path(activity)).text
    (row,) = participants(activity)
    assert row.attended and row.signed_up_at is not None


@pytest.mark.parametrize(
    "make_code, message",
    [
        (lambda a: signin_code(KIND, a.id, a.court_id, window=current_window() - 2), "已过期"),
        (lambda a: "A" + signin_code(KIND, a.id, a.court_id)[1:], "无效"),
        (lambda a: signin_code(KIND, a.id + 1000, a.court_id), "不是本次"),
        (lambda a: signin_code("archives.meeting", a.id, a.court_id), "无效"),
    ],
    ids=["old-window", "tampered", "other-record", "other-kind"],
)
def test_codes_that_do_not_count_save_nothing(activity, client, login_as, red, make_code, message):
    login_as(red.member_user)
    response = client.get(scan_path(activity, make_code(activity)))
    assert response.status_code == 400 and message in response.text
    assert participants(activity) == [] and audits() == 0


def test_a_member_of_another_branch_is_refused(activity, client, red):
    office_user = make_user("zhouly", member=red.office_member)
    db.session.commit()
    sign_in(client.application, client, office_user)
    response = client.get(scan_path(activity))
    assert response.status_code == 403 and "不是组织支部的党员" in response.text
    assert participants(activity) == []
    court_wide = make_activity(red.zy, title="全院参观")  # no organising branch: everyone may come
    assert "签到成功" in client.get(scan_path(court_wide)).text


def test_another_court_gets_404_and_the_status_needs_the_organiser(activity, client, login_as, red):
    wf_user = make_user("hanmy", member=red.wf_member)
    db.session.commit()
    sign_in(client.application, client, wf_user)
    assert client.get(scan_path(activity, court="wf")).status_code == 404
    login_as(red.wf_admin)
    assert client.get(f"/wf/redculture/activities/{activity.id}/signin/status").status_code == 404
    url = f"/zy/redculture/activities/{activity.id}/signin/status"
    login_as(red.member_user)
    assert client.get(url).status_code == 403
    office_secretary = make_user("bgssj", roles=[("branch_secretary", red.zy, red.office)], court=red.zy)
    db.session.commit()
    login_as(office_secretary)
    assert client.get(url).status_code == 404  # another branch's activity
    login_as(red.zy_admin)
    assert client.get(url).status_code == 200
    assert participants(activity) == []
