"""Stage order and time rules, through the step form of a candidate's file."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from dangjian.db import db
from dangjian.members.models import Member
from dangjian_development.models import StepRecord

from .conftest import VALID_PATH, make_candidate, step, walk


def post_step(client, world, candidate, code, on):
    return client.post(
        f"/zy/development/candidates/{candidate.id}/steps",
        data={"step-step_id": step(world.zy, code).id, "step-done_on": on},
    )


def records(candidate) -> int:
    return db.session.scalar(select(func.count(StepRecord.id)).where(StepRecord.candidate_id == candidate.id))


def test_full_path_with_valid_dates_reaches_full_member(dev, client, login_as):
    candidate = make_candidate(dev)
    login_as(dev.juvenile_secretary)
    stages = []
    for code, on in VALID_PATH:
        response = post_step(client, dev, candidate, code, on.isoformat())
        assert response.status_code == 302, (code, response.get_data(as_text=True)[:2000])
        db.session.expire_all()
        stages.append(candidate.stage)
    assert stages[0] == "applicant" and "activist" in stages and "target" in stages and "probationary" in stages
    assert candidate.stage == "full"
    assert records(candidate) == len(VALID_PATH)


@pytest.mark.parametrize(
    ("upto", "code", "on", "expected"),
    [
        ("contact", "target", "2023-05-09", "《中国共产党发展党员工作细则》：对经过一年以上培养教育和考察"),
        ("oath", "convert", "2024-06-30", "《中国共产党章程》第七条：预备党员的预备期为一年"),
        ("talk", "recommend", "2022-03-19", "后一环节的日期不能早于前一环节"),
        ("apply", "activist", "2022-05-10", "请先登记"),
        ("talk", "talk", "2022-03-25", "已经登记过"),
    ],
)
def test_impossible_dates_are_refused_with_the_rule(dev, client, login_as, upto, code, on, expected):
    candidate = make_candidate(dev)
    walk(dev, candidate, upto=upto)
    before = records(candidate)
    if code == "convert":  # the conversion request itself is fine; the vote a day before a year is not
        post_step(client, dev, candidate, "probation_assess", "2024-01-05")
        login_as(dev.juvenile_secretary)
        assert post_step(client, dev, candidate, "convert_apply", "2024-06-20").status_code == 302
        before = records(candidate)
    login_as(dev.juvenile_secretary)
    response = post_step(client, dev, candidate, code, on)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert expected in page
    assert records(candidate) == before


def test_applicant_under_eighteen_is_refused(dev, client, login_as):
    login_as(dev.juvenile_secretary)
    response = client.post(
        "/zy/development/candidates/new",
        data={"name": "少年", "branch_id": dev.juvenile.id, "applied_on": "2022-03-01", "birth_date": "2005-01-01"},
    )
    assert response.status_code == 422
    assert "年满十八岁" in response.get_data(as_text=True)
    from dangjian_development.models import Candidate

    assert db.session.scalar(select(func.count(Candidate.id))) == 0


@pytest.mark.parametrize(
    ("value", "message"),
    [("9999-01-01", "日期"), ("明天", "日期"), ("2022-13-45", "日期"), ("", "请填写完成日期")],
)
def test_bad_dates_give_a_chinese_message_and_save_nothing(dev, client, login_as, value, message):
    candidate = make_candidate(dev)
    walk(dev, candidate, upto="apply")
    login_as(dev.juvenile_secretary)
    response = post_step(client, dev, candidate, "talk", value)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page and "Not a valid" not in page
    assert records(candidate) == 1


def test_future_date_refused(dev, client, login_as):
    candidate = make_candidate(dev)
    walk(dev, candidate, upto="apply")
    login_as(dev.juvenile_secretary)
    response = post_step(client, dev, candidate, "talk", "2099-01-01")
    assert response.status_code == 422 and "不能晚于今天" in response.get_data(as_text=True)


def test_late_talk_is_allowed_with_a_warning(dev, client, login_as):
    candidate = make_candidate(dev)
    walk(dev, candidate, upto="apply")
    login_as(dev.juvenile_secretary)
    response = post_step(client, dev, candidate, "talk", "2022-05-01")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "一个月内派人同入党申请人谈话" in page


def test_conversion_updates_the_member_record_once(dev, client, login_as):
    account = __import__("tests.factories", fromlist=["make_user"]).make_user("wangym", court=dev.zy)
    candidate = make_candidate(dev, user=account)
    walk(dev, candidate, upto="admit")
    login_as(dev.juvenile_secretary)
    members_before = db.session.scalar(select(func.count(Member.id)))
    assert post_step(client, dev, candidate, "approve", "2023-07-15").status_code == 302
    db.session.expire_all()
    member = candidate.member
    assert member is not None and member.status == "probationary"
    assert member.joined_party_on == date(2023, 7, 1) and member.full_member_on is None
    assert member.branch_id == dev.juvenile.id and member.name == "王一鸣"
    assert account.member_id == member.id
    for code, on in VALID_PATH[15:20]:
        assert post_step(client, dev, candidate, code, on.isoformat()).status_code == 302, code
    db.session.expire_all()
    assert member.status == "full" and member.full_member_on == date(2024, 7, 1)
    assert db.session.scalar(select(func.count(Member.id))) == members_before + 1
    roll = client.get(f"/zy/manage/members/{member.id}").get_data(as_text=True)
    assert "2023-07-01" in roll and "2024-07-01" in roll
