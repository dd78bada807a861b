"""Check-ins: one per member per material, one free check-in per day in the
court's time zone, exactly one row under double submits and concurrency."""

from __future__ import annotations

import re
import threading
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from dangjian.db import db
from dangjian_study import services
from dangjian_study.models import StudyCheckin
from tests.conftest import sign_in

from .conftest import REFLECTION, make_material, set_study_settings


def count_checkins():
    db.session.expire_all()
    return db.session.scalar(select(func.count(StudyCheckin.id)))


def test_material_check_in_twice_keeps_one_record(study, client, login_as):
    material = make_material(study.zy, "学习党章")
    login_as(study.member_user)
    data = {"studied_on": "2025-03-02", "hours": "1", "reflection": REFLECTION}
    first = client.post(f"/zy/study/materials/{material.id}/checkin", data=data, follow_redirects=True)
    second = client.post(f"/zy/study/materials/{material.id}/checkin", data=data, follow_redirects=True)
    assert first.status_code == second.status_code == 200
    assert "打卡成功" in first.get_data(as_text=True)
    assert "已经打过卡" in second.get_data(as_text=True)
    assert count_checkins() == 1


def test_free_check_in_is_idempotent_per_day(study, client, login_as):
    login_as(study.member_user)
    data = {"topic": "学习党史", "studied_on": "2025-03-02", "hours": "0.5", "reflection": REFLECTION}
    assert client.post("/zy/study/checkin", data=data).status_code == 302
    again = client.post("/zy/study/checkin", data=dict(data, topic="另一个主题"), follow_redirects=True)
    assert "这一天您已经打过卡了" in again.get_data(as_text=True)
    assert client.post("/zy/study/checkin", data=dict(data, studied_on="2025-03-03")).status_code == 302
    assert count_checkins() == 2


def test_reflection_shorter_than_the_court_minimum_is_refused_beside_the_field(study, client, login_as):
    set_study_settings(study.zy, reflection_min_length=20)
    login_as(study.member_user)
    response = client.post(
        "/zy/study/checkin", data={"topic": "学习", "studied_on": "2025-03-02", "hours": "1", "reflection": "学习了"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "学习心得至少写 20 个字" in page and "学习了" in page  # nothing lost
    assert count_checkins() == 0
    set_study_settings(study.zy, reflection_min_length=0)
    assert (
        client.post("/zy/study/checkin", data={"topic": "学习", "studied_on": "2025-03-02", "hours": "1"}).status_code
        == 302
    )


def test_only_an_assigned_member_checks_in(study, client, login_as):
    material = make_material(study.zy, "学习党章")
    login_as(study.juvenile_secretary)  # an account without a member record
    assert client.post(f"/zy/study/materials/{material.id}/checkin", data={}).status_code == 403
    assert client.get("/zy/study/checkin").status_code == 403


# --- the court's day ----------------------------------------------------------


def test_day_boundary_in_asia_shanghai(study):
    member = study.juvenile_member
    before_midnight = datetime(2025, 3, 1, 15, 59)  # 23:59 in Shanghai, 1 March
    after_midnight = datetime(2025, 3, 1, 16, 1)  # 00:01 in Shanghai, 2 March
    late_utc = datetime(2025, 3, 2, 15, 30)  # still 2 March in Shanghai
    assert services.court_today(study.zy, before_midnight) == date(2025, 3, 1)
    assert services.court_today(study.zy, after_midnight) == date(2025, 3, 2)

    first, created = services.check_in(study.zy, member, topic="自学", reflection=REFLECTION, now=before_midnight)
    assert created and first.studied_on == date(2025, 3, 1)
    second, created = services.check_in(study.zy, member, topic="自学", reflection=REFLECTION, now=after_midnight)
    assert created and second.studied_on == date(2025, 3, 2)
    third, created = services.check_in(study.zy, member, topic="再学", reflection=REFLECTION, now=late_utc)
    assert not created and third.id == second.id
    db.session.commit()
    assert count_checkins() == 2


def test_a_date_after_the_court_today_is_refused(study):
    member = study.juvenile_member
    # 2 March is already today in Shanghai at 16:30 UTC on 1 March ...
    _row, created = services.check_in(
        study.zy,
        member,
        topic="自学",
        reflection=REFLECTION,
        studied_on=date(2025, 3, 2),
        now=datetime(2025, 3, 1, 16, 30),
    )
    assert created
    # ... but still the future at 15:30 UTC.
    with pytest.raises(services.CheckinRefused, match="不能晚于今天"):
        services.check_in(
            study.zy,
            member,
            topic="自学",
            reflection=REFLECTION,
            studied_on=date(2025, 3, 3),
            now=datetime(2025, 3, 2, 15, 30),
        )


def test_another_time_zone_moves_the_boundary(study):
    study.zy.timezone = "Europe/London"
    db.session.commit()
    assert services.court_today(study.zy, datetime(2025, 3, 1, 23, 30)) == date(2025, 3, 1)


# --- concurrency ----------------------------------------------------------------


def _post_concurrently(app, user_id, url, data, count=20):
    from dangjian.auth.models import User

    results, errors = [], []
    barrier = threading.Barrier(count)

    def worker():
        try:
            with app.app_context():
                client = app.test_client()
                sign_in(app, client, db.session.get(User, user_id))
                db.session.remove()
                barrier.wait(timeout=30)
                response = client.post(url, data=data)
                results.append(response.status_code)
        except Exception as error:  # reported below
            errors.append(repr(error))

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


def test_twenty_concurrent_daily_check_ins_give_one_record(study, app):
    user_id = study.member_user.id
    data = {"topic": "学习党章", "studied_on": "2025-03-02", "hours": "1", "reflection": REFLECTION}
    db.session.remove()
    results, errors = _post_concurrently(app, user_id, "/zy/study/checkin", data)
    assert not errors
    assert results == [302] * 20  # every request answered with the redirect, no error page
    assert count_checkins() == 1


def test_twenty_concurrent_material_check_ins_give_one_record(study, app):
    material = make_material(study.zy, "学习党章")
    user_id, material_id = study.member_user.id, material.id
    data = {"studied_on": "2025-03-02", "hours": "1", "reflection": REFLECTION}
    db.session.remove()
    results, errors = _post_concurrently(app, user_id, f"/zy/study/materials/{material_id}/checkin", data)
    assert not errors and results == [302] * 20
    assert count_checkins() == 1


@pytest.mark.parametrize("page", ["material", "free"])
def test_a_date_in_the_future_is_refused_beside_the_date_and_nothing_is_recorded(study, client, login_as, page):
    material = make_material(study.zy, "学习党章")
    login_as(study.member_user)
    tomorrow = services.court_today(study.zy).toordinal() + 1
    studied_on = date.fromordinal(tomorrow).isoformat()
    data = {"topic": "学习党史", "studied_on": studied_on, "hours": "1", "reflection": REFLECTION}
    url = f"/zy/study/materials/{material.id}/checkin" if page == "material" else "/zy/study/checkin"
    response = client.post(url, data=data)
    text = response.get_data(as_text=True)
    assert response.status_code == (422 if page == "material" else 200)
    date_input = re.search(r'<input[^>]*name="studied_on"[^>]*>', text).group(0)
    assert "is-invalid" in date_input
    assert "学习日期不能晚于今天。" in text
    reflection = re.search(r'<textarea[^>]*name="reflection"[^>]*>', text).group(0)
    assert "is-invalid" not in reflection
    assert REFLECTION in text  # what was typed is kept
    assert count_checkins() == 0
