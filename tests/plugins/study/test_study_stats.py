"""Hours, participation, trend, points, export and who sees which figures."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from dangjian.db import db
from dangjian_study import stats
from dangjian_study.models import StudySession, StudySessionAttendee
from tests.factories import make_member

from .conftest import REFLECTION, make_checkin, make_material, set_study_settings

START, END = date(2025, 1, 1), date(2025, 12, 31)
PERIOD = "start=2025-01-01&end=2025-12-31"


@pytest.fixture
def known(study):
    """Juvenile: 3 active members (+1 who left); office: 1 member; see the asserts."""
    w = study
    a = make_member(w.juvenile, "甲党员")
    b = make_member(w.juvenile, "乙党员", party_post="组织委员")
    gone = make_member(w.juvenile, "已转出", left_on=date(2025, 2, 1))
    material = make_material(w.zy, "学习党章", minutes=60)
    make_checkin(w.juvenile_member, date(2025, 3, 2), material=material, minutes=60, reflection=REFLECTION)
    make_checkin(w.juvenile_member, date(2025, 3, 5), minutes=30, reflection=REFLECTION)
    make_checkin(a, date(2025, 4, 1), minutes=30)
    make_checkin(gone, date(2025, 1, 15), minutes=30)
    make_checkin(w.office_member, date(2024, 12, 31), minutes=30)  # before the period
    db.session.add(
        StudySession(
            court_id=w.zy.id,
            branch_id=w.juvenile.id,
            held_on=date(2025, 3, 10),
            topic="集中学习党章",
            minutes=120,
            attendees=[StudySessionAttendee(member_id=m.id) for m in (w.juvenile_member, b)],
        )
    )
    db.session.commit()
    return w, a, b


def test_hours_and_participation_on_a_known_fixture(known):
    w, a, b = known
    rows, total = stats.branch_rows(w.zy, None, START, END, [w.juvenile, w.office])
    juvenile, office = (row.figures for row in rows)
    assert (juvenile.members, juvenile.participants, juvenile.checkins, juvenile.materials, juvenile.sessions) == (
        3,
        3,
        3,
        1,
        1,
    )
    assert juvenile.hours == 6.0 and juvenile.rate == 100.0
    assert (office.members, office.participants, office.checkins, office.hours, office.rate) == (1, 0, 0, 0, 0.0)
    assert (total.members, total.participants, total.rate) == (4, 3, 75.0)
    members = {row.label: row for row in stats.member_rows(w.zy, [w.juvenile_member, a, b], START, END)}
    assert members["林晓彤"].figures.hours == 3.5 and members["林晓彤"].figures.checkins == 2
    assert members["乙党员"].figures.hours == 2.0 and members["乙党员"].figures.checkins == 0
    assert members["乙党员"].extra["leader"] and not members["甲党员"].extra["leader"]
    trend = {label: (count, hours) for label, count, hours in stats.monthly_trend(w.zy, None, START, END)}
    assert trend["3月"] == (2, 5.5) and trend["4月"] == (1, 0.5) and trend["5月"] == (0, 0)


def test_member_sees_hours_against_target(known, client, login_as):
    w, _a, _b = known
    set_study_settings(w.zy, member_hours=40)
    login_as(w.member_user)
    from dangjian_study import services

    home = services.study_home(w.zy, w.juvenile_member)
    assert home["target"] == 40 and not home["leader"]
    page = client.get("/zy/study/").get_data(as_text=True)
    assert "/ 40 小时" in page


def test_statistics_page_and_export(known, client, login_as):
    w, _a, _b = known
    login_as(w.zy_admin)
    page = client.get(f"/zy/study/stats?{PERIOD}").get_data(as_text=True)
    assert "75.0%" in page and "按党员" in page and "林晓彤" in page
    response = client.get(f"/zy/study/stats/export?{PERIOD}")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["按支部", "按党员"]
    branch_rows = list(book["按支部"].iter_rows(values_only=True))
    assert branch_rows[0][0] == "党支部"
    assert ("少年庭党支部", 3, 3, 100.0, 3, 1, 1, 6.0) in branch_rows
    assert ("合计", 4, 3, 75.0, 3, 1, 1, 6.0) in branch_rows
    member_rows = list(book["按党员"].iter_rows(values_only=True))
    assert ("少年庭党支部", "林晓彤", 2, 1, 3.5, 32) in member_rows
    assert ("少年庭党支部", "乙党员", 0, 0, 2.0, 56) in member_rows
    assert not any(row[1] == "已转出" for row in member_rows)


def test_secretary_sees_only_own_branch(known, client, login_as):
    w, _a, _b = known
    login_as(w.juvenile_secretary)
    page = client.get(f"/zy/study/stats?{PERIOD}").get_data(as_text=True)
    assert "少年庭党支部" in page and "办公室党支部" not in page and "周立言" not in page
    book = load_workbook(io.BytesIO(client.get(f"/zy/study/stats/export?{PERIOD}").data))
    assert [row[0] for row in book["按支部"].iter_rows(min_row=2, max_row=2, values_only=True)] == ["少年庭党支部"]


def test_intermediate_court_sees_basic_courts_in_aggregate_only(known, client, login_as):
    w, _a, _b = known
    make_checkin(w.wf_member, date(2025, 5, 1), minutes=60, reflection=REFLECTION)
    login_as(w.zy_admin)
    page = client.get(f"/zy/study/stats?{PERIOD}").get_data(as_text=True)
    assert "辖区基层法院" in page and "文峰区人民法院" in page
    below = client.get(f"/wf/study/stats?{PERIOD}")
    assert below.status_code == 200
    text = below.get_data(as_text=True)
    assert "立案庭党支部" in text and "韩明远" not in text and "按党员" not in text
    book = load_workbook(io.BytesIO(client.get(f"/wf/study/stats/export?{PERIOD}").data))
    assert book.sheetnames == ["按支部"]
    # Reflections and member pages are not overseen.
    assert client.get("/wf/study/reflections").status_code == 403
    assert client.get("/wf/study/").status_code == 403


def test_another_courts_admin_cannot_see_check_ins(known, client, login_as):
    w, _a, _b = known
    checkin = make_checkin(
        w.juvenile_member, date(2025, 6, 1), topic="仅中院可见的心得", reflection=REFLECTION + "中院心得"
    )
    login_as(w.wf_admin)
    for url in ("/zy/study/stats", "/zy/study/stats/export", "/zy/study/reflections", "/zy/study/"):
        assert client.get(url).status_code == 403, url
    own = client.get("/wf/study/reflections").get_data(as_text=True)
    assert "中院心得" not in own
    assert client.post(f"/wf/study/reflections/{checkin.id}/site", data={"show": "1"}).status_code == 404
    panel_page = client.get(f"/wf/manage/members/{w.juvenile_member.id}")
    assert panel_page.status_code in (403, 404)


def _stats_statements(client, query_counter, url):
    with query_counter() as statements:
        assert client.get(url).status_code == 200
    # SQLite's explicit BEGIN depends on whether the test's session already
    # holds a transaction; only real statements count.
    return len([s for s in statements if not s.startswith("BEGIN")])


def _add_members(branch, material, session, count):
    for number in range(count):
        member = make_member(branch, f"统计党员{number:03d}")
        make_checkin(member, date(2025, 3, 1 + number % 27), material=material, reflection=REFLECTION)
        session.attendees.append(StudySessionAttendee(member_id=member.id))
    db.session.commit()


def test_statistics_statements_do_not_grow_with_members(study, client, login_as, query_counter):
    w = study
    set_study_settings(w.zy, points_enabled=True)
    material = make_material(w.zy, "学习党章")
    session = StudySession(
        court_id=w.zy.id, branch_id=w.juvenile.id, held_on=date(2025, 3, 10), topic="集中学习", minutes=60
    )
    db.session.add(session)
    _add_members(w.juvenile, material, session, 10)
    login_as(w.zy_admin)
    small = [
        _stats_statements(client, query_counter, url)
        for url in (f"/zy/study/stats?{PERIOD}", f"/zy/study/stats/export?{PERIOD}")
    ]
    _add_members(w.office, material, session, 190)
    large = [
        _stats_statements(client, query_counter, url)
        for url in (f"/zy/study/stats?{PERIOD}", f"/zy/study/stats/export?{PERIOD}")
    ]
    assert small == large
    assert large[0] < 40


def test_points_off_hides_every_ranking(known, client, login_as):
    w, _a, _b = known
    login_as(w.zy_admin)
    assert client.get("/zy/study/ranking").status_code == 404
    page = client.get(f"/zy/study/stats?{PERIOD}").get_data(as_text=True)
    assert "积分" not in page
    login_as(w.member_user)
    assert "积分" not in client.get("/zy/study/").get_data(as_text=True)
    assert stats.points_by_member(w.zy, None, START, END) is None


def test_points_on_apply_the_rules_and_the_daily_cap(study, client, login_as):
    w = study
    set_study_settings(w.zy, points_enabled=True, points_per_checkin=1, points_per_reflection=2, points_daily_cap=4)
    first, second = make_material(w.zy, "资料一"), make_material(w.zy, "资料二")
    day = date(2025, 3, 2)
    make_checkin(w.juvenile_member, day, material=first, reflection=REFLECTION)
    make_checkin(w.juvenile_member, day, material=second, reflection=REFLECTION)
    make_checkin(w.juvenile_member, day, reflection=REFLECTION)  # 9 points that day, capped at 4
    make_checkin(w.juvenile_member, date(2025, 3, 3))  # 1 point, no reflection
    make_checkin(w.office_member, day, reflection=REFLECTION)  # 3 points
    assert stats.points_by_member(w.zy, None, START, END) == {w.juvenile_member.id: 5, w.office_member.id: 3}
    login_as(w.member_user)
    page = client.get(f"/zy/study/ranking?{PERIOD}").get_data(as_text=True)
    assert "5 分" in page and "周立言" not in page  # a member sees their own branch's ranking
    login_as(w.zy_admin)
    page = client.get(f"/zy/study/ranking?{PERIOD}").get_data(as_text=True)
    assert page.index("林晓彤") < page.index("周立言")
    set_study_settings(w.zy, points_daily_cap=0)
    assert stats.points_by_member(w.zy, None, START, END)[w.juvenile_member.id] == 10
