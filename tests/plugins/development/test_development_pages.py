"""Creating and editing a file, the court's steps, statistics, the member panel, the dashboard."""

from __future__ import annotations

from sqlalchemy import func, select

from dangjian.db import db
from dangjian_development.models import Candidate, Step
from tests.factories import make_user

from .conftest import make_candidate, walk


def test_secretary_registers_an_applicant_in_own_branch_only(dev, client, login_as):
    login_as(dev.juvenile_secretary)
    form = {"name": "赵新", "branch_id": dev.juvenile.id, "applied_on": "2024-03-01", "sex": "female"}
    response = client.post("/zy/development/candidates/new", data=form)
    assert response.status_code == 302
    candidate = db.session.scalar(select(Candidate))
    assert candidate.stage == "applicant" and [r.step.code for r in candidate.records] == ["apply"]
    response = client.post("/zy/development/candidates/new", data={**form, "branch_id": dev.office.id})
    assert response.status_code == 422 and db.session.scalar(select(func.count(Candidate.id))) == 1


def test_bad_input_on_the_candidate_form(dev, client, login_as):
    login_as(dev.juvenile_secretary)
    base = {"name": "赵新", "branch_id": dev.juvenile.id, "applied_on": "2024-03-01"}
    for change, message in (
        ({"applied_on": "9999-12-31"}, "日期"),
        ({"applied_on": "昨天"}, "日期"),
        ({"birth_date": "abc"}, "日期"),
        ({"name": ""}, "请填写姓名"),
        ({"branch_id": "x"}, "所在党支部"),
        ({"username": "nobody"}, "本院没有用户名为“nobody”的账号"),
    ):
        response = client.post("/zy/development/candidates/new", data={**base, **change})
        assert response.status_code == 422, change
        assert message in response.get_data(as_text=True), change
    assert db.session.scalar(select(func.count(Candidate.id))) == 0


def test_linking_the_persons_account(dev, client, login_as):
    person = make_user("zhaoxin", court=dev.zy)
    candidate = make_candidate(dev)
    login_as(dev.juvenile_secretary)
    data = {"name": "王一鸣", "branch_id": dev.juvenile.id, "username": "zhaoxin", "sex": "male"}
    assert client.post(f"/zy/development/candidates/{candidate.id}/edit", data=data).status_code == 302
    db.session.expire_all()
    assert candidate.user_id == person.id
    other = make_user("wfuser", court=dev.wf)
    response = client.post(f"/zy/development/candidates/{candidate.id}/edit", data={**data, "username": "wfuser"})
    assert response.status_code == 422 and other.id != candidate.user_id


def test_court_edits_its_procedure(dev, client, login_as):
    login_as(dev.zy_admin)
    page = client.get("/zy/development/steps").get_data(as_text=True)
    assert "支部大会讨论接收为预备党员" in page
    response = client.post(
        "/zy/development/steps/new", data={"title": "征求群众意见", "stage": "target", "position": "75", "hint": ""}
    )
    assert response.status_code == 302
    step = db.session.scalar(select(Step).where(Step.title == "征求群众意见"))
    assert step.code.startswith("custom-") and step.stage == "target"
    talk = db.session.scalar(select(Step).where(Step.code == "talk"))
    client.post(f"/zy/development/steps/{talk.id}", data={"title": "谈话", "stage": "full", "position": "999"})
    db.session.expire_all()
    assert talk.title == "谈话" and talk.stage == "applicant" and talk.position == 20  # the rules' order stays
    assert client.post(f"/zy/development/steps/{step.id}/delete").status_code == 302
    assert db.session.get(Step, step.id) is None


def test_statistics_per_branch_and_year(dev, client, login_as):
    walk(dev, make_candidate(dev, "甲"), upto="convert_approve")
    walk(dev, make_candidate(dev, "乙", branch=dev.office), upto="activist")
    login_as(dev.zy_admin)
    page = client.get("/zy/development/stats?year=2022").get_data(as_text=True)
    assert "少年庭党支部" in page and "办公室党支部" in page
    assert page.count('<td class="text-end fw-bold">2</td>') == 2  # two applications, two activists in 2022
    page = client.get("/zy/development/stats?year=2024").get_data(as_text=True)
    assert page.count('<td class="text-end fw-bold">1</td>') == 1  # one conversion in 2024
    assert client.get("/zy/development/stats?year=abc").status_code == 404
    login_as(dev.juvenile_secretary)
    assert client.get("/zy/development/stats").status_code == 403


def test_member_page_shows_the_admission_file(dev, client, login_as):
    candidate = make_candidate(dev)
    walk(dev, candidate, upto="approve")
    db.session.expire_all()
    member = candidate.member
    login_as(dev.juvenile_secretary)
    page = client.get(f"/zy/manage/members/{member.id}").get_data(as_text=True)
    assert "入党档案" in page and "2023-07-01" in page
    assert f"/zy/development/candidates/{candidate.id}" in page


def test_dashboard_card_for_secretaries(dev, client, login_as):
    walk(dev, make_candidate(dev), upto="activist")
    login_as(dev.juvenile_secretary)
    page = client.get("/zy/").get_data(as_text=True)
    assert "入党积极分子 <strong>1</strong>" in page
    login_as(dev.member_user)
    assert "入党积极分子 <strong>" not in client.get("/zy/").get_data(as_text=True)


def test_the_person_finds_their_own_file_on_the_dashboard(dev, client, login_as):
    candidate = make_candidate(dev, user=dev.member_user)  # an account that can open the dashboard
    walk(dev, candidate, upto="talk")
    login_as(dev.member_user)
    page = client.get("/zy/").get_data(as_text=True)
    assert "我的入党档案" in page and f"/zy/development/candidates/{candidate.id}" in page
    assert client.get("/zy/development/").headers["Location"].endswith(f"/candidates/{candidate.id}")
