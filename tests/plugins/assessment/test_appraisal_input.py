"""The member appraisal's refusals and scoping: forged and missing ballots,
不合格 and its reason, bad dates, closed rounds, other courts, the
distribution's statement count."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from dangjian.db import db
from dangjian_assessment.appraisal_models import Appraisal, AppraisalResult, AppraisalVoter
from tests.factories import make_member, make_org, make_user

from .appraisal_helpers import YEAR, ballot, counts, juvenile_people, open_round, round_form, set_dates, url


def _statements(executed) -> int:
    return sum(1 for sql in executed if sql.split()[0].upper() not in ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT"))


@pytest.fixture
def opened(client, assessment, login_as):
    world = assessment
    people = juvenile_people(world)
    login_as(world.zy_admin)
    return world, people, open_round(client)


def _nothing_voted(appraisal) -> bool:
    return db.session.scalar(select(func.count(AppraisalVoter.id))) == 0 and not any(counts(appraisal).values())


def test_rating_a_member_of_another_branch_is_refused(client, login_as, opened):
    world, (lin, wang, chen, liu), appraisal = opened
    login_as(lin.user)
    data = ballot({wang.member: "qualified", chen.member: "qualified", liu.member: "qualified"})
    data[f"grade-{world.office_member.id}"] = "unqualified"  # forged
    response = client.post(url(appraisal, "/vote"), data=data)
    assert response.status_code == 422 and "只能评议本支部的其他在册党员" in response.get_data(as_text=True)
    assert _nothing_voted(appraisal)
    data.pop(f"grade-{world.office_member.id}")
    data["grade-abc"] = "qualified"
    assert client.post(url(appraisal, "/vote"), data=data).status_code == 422
    assert _nothing_voted(appraisal)


def test_rating_oneself_or_leaving_a_grade_out_is_refused(client, login_as, opened):
    _world, (lin, wang, chen, liu), appraisal = opened
    login_as(lin.user)
    data = ballot(
        {wang.member: "qualified", chen.member: "qualified", liu.member: "qualified", lin.member: "excellent"}
    )
    response = client.post(url(appraisal, "/vote"), data=data)
    assert response.status_code == 422 and "不能评议自己" in response.get_data(as_text=True)
    response = client.post(url(appraisal, "/vote"), data=ballot({wang.member: "qualified", chen.member: "good"}))
    page = response.get_data(as_text=True)
    assert (
        response.status_code == 422 and f"请为{chen.name}选择评议等次" in page and f"请为{liu.name}选择评议等次" in page
    )
    assert 'value="qualified" checked' in page  # what was chosen stays chosen
    full = ballot({wang.member: "qualified", chen.member: "qualified", liu.member: "qualified"}, confirm=False)
    response = client.post(url(appraisal, "/vote"), data=full)
    assert response.status_code == 422 and "请勾选确认后再提交" in response.get_data(as_text=True)
    assert _nothing_voted(appraisal)


def test_voting_outside_the_dates_or_after_closing_is_refused(client, login_as, opened):
    world, (lin, wang, chen, liu), appraisal = opened
    data = ballot({wang.member: "qualified", chen.member: "qualified", liu.member: "qualified"})
    set_dates(appraisal, starts=2, ends=9)
    login_as(lin.user)
    response = client.post(url(appraisal, "/vote"), data=data)
    assert response.status_code == 422 and "现在还不能参加" in response.get_data(as_text=True)
    set_dates(appraisal, starts=-9, ends=-2)
    response = client.post(url(appraisal, "/vote"), data=data)
    assert response.status_code == 422 and "已于" in response.get_data(as_text=True)
    assert client.post(url(appraisal, "/self"), data={"text": "总结"}).status_code == 422
    set_dates(appraisal, starts=-1, ends=3)
    login_as(world.zy_admin)
    assert client.post(url(appraisal, "/close")).status_code == 302
    login_as(lin.user)
    response = client.post(url(appraisal, "/vote"), data=data)
    assert response.status_code == 422 and "已结束" in response.get_data(as_text=True)
    assert "不能投票" in client.get(url(appraisal, "/vote")).get_data(as_text=True)
    assert _nothing_voted(appraisal)
    login_as(world.juvenile_secretary)
    response = client.post(
        url(appraisal, f"/branches/{world.juvenile.id}"), data={f"grade-{lin.member.id}": "qualified"}
    )
    assert response.status_code == 422 and db.session.scalar(select(func.count(AppraisalResult.id))) == 0


def test_unqualified_needs_a_reason_and_is_seen_only_by_the_secretary_and_the_admin(client, login_as, opened):
    world, (_lin, wang, _chen, liu), appraisal = opened
    login_as(world.juvenile_secretary)
    branch_url = url(appraisal, f"/branches/{world.juvenile.id}")
    response = client.post(
        branch_url, data={f"grade-{liu.member.id}": "unqualified", f"grade-{wang.member.id}": "excellent"}
    )
    assert response.status_code == 422 and f"评定{liu.name}为不合格，须写明理由" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(AppraisalResult.id))) == 0  # nothing half-saved
    long_note = {f"grade-{wang.member.id}": "excellent", f"note-{wang.member.id}": "好" * 501}
    assert client.post(branch_url, data=long_note).status_code == 422
    assert client.post(branch_url, data={f"grade-{wang.member.id}": "best"}).status_code == 422
    forged = {f"grade-{world.office_member.id}": "unqualified", f"note-{world.office_member.id}": "伪造"}
    assert client.post(branch_url, data=forged).status_code == 422
    reason = "无正当理由连续六个月不参加组织生活"
    data = {
        f"grade-{liu.member.id}": "unqualified",
        f"note-{liu.member.id}": reason,
        f"grade-{wang.member.id}": "excellent",
    }
    assert client.post(branch_url, data=data).status_code == 302
    assert reason in client.get(branch_url).get_data(as_text=True)
    assert client.get(f"/zy/manage/members/{liu.member.id}").get_data(as_text=True).count("不合格") >= 1

    login_as(world.zy_admin)
    dist = client.get(url(appraisal, "/distribution")).get_data(as_text=True)
    assert liu.name in dist  # the court admin: the names of 不合格 members
    assert "不合格" in client.get(f"/zy/manage/members/{liu.member.id}").get_data(as_text=True)

    # Another member: not on the round's page; their own grade only.
    login_as(wang.user)
    page = client.get(url(appraisal)).get_data(as_text=True)
    assert liu.name not in page and reason not in page and "优秀" in page
    assert client.get(url(appraisal, f"/branches/{world.juvenile.id}")).status_code == 403
    assert client.get(url(appraisal, "/distribution")).status_code == 404

    # The 中院's admin oversees a basic court: the distribution there, without names.
    wf_people = [make_member(world.wf_branch, name) for name in ("甲", "乙")]
    db.session.commit()
    login_as(world.wf_admin)
    wf_round = open_round(client, court_slug="wf")
    client.post(
        url(wf_round, f"/branches/{world.wf_branch.id}", "wf"),
        data={f"grade-{wf_people[0].id}": "unqualified", f"note-{wf_people[0].id}": "理由"},
    )
    login_as(world.zy_admin)
    dist = client.get(url(wf_round, "/distribution", "wf"))
    assert dist.status_code == 200 and "甲" not in dist.get_data(as_text=True)


def test_the_member_panel_hides_unqualified_from_others(app, client, login_as, opened):
    from flask_login import login_user

    from dangjian_assessment.appraisal_hooks import member_panels

    world, (lin, wang, _chen, liu), appraisal = opened
    login_as(world.juvenile_secretary)
    data = {
        f"grade-{liu.member.id}": "unqualified",
        f"note-{liu.member.id}": "理由甲",
        f"grade-{wang.member.id}": "basic",
    }
    assert client.post(url(appraisal, f"/branches/{world.juvenile.id}"), data=data).status_code == 302

    def panel(user, member) -> str:
        db.session.expire_all()
        with app.test_request_context("/zy/"):
            from flask import g

            g.court = world.zy
            login_user(user)
            return str(member_panels(world.zy, db.session.get(type(member), member.id), user)[0].body)

    assert "不合格" in panel(world.juvenile_secretary, liu.member) and "理由甲" in panel(world.zy_admin, liu.member)
    assert "不合格" in panel(liu.user, liu.member)  # the member concerned
    other = panel(wang.user, liu.member)  # anyone else who might see the page
    assert "不合格" not in other and "理由甲" not in other and "—" in other
    office_secretary = make_user("bgssj", roles=[("branch_secretary", world.zy, world.office)], court=world.zy)
    db.session.commit()
    assert "不合格" not in panel(office_secretary, liu.member)
    assert "基本合格" in panel(lin.user, wang.member)  # other grades are not hidden


def test_bad_dates_and_years_get_a_chinese_message(client, assessment, login_as):
    world = assessment
    login_as(world.zy_admin)
    for overrides, message in (
        ({"ends_on": "2000-01-01"}, "结束日期不能早于开始日期"),
        ({"year": "9999"}, "评议年度应在"),
        ({"year": "abc"}, "不是有效的整数"),
        ({"year": "99999999999999999999"}, "数值超出范围"),
        ({"starts_on": "abc"}, ""),
        ({"starts_on": "9999-01-01"}, "日期超出范围"),
    ):
        response = client.post("/zy/assessment/appraisals/new", data=round_form(**overrides))
        assert response.status_code == 422, overrides
        assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Appraisal.id))) == 0
    open_round(client)
    response = client.post("/zy/assessment/appraisals/new", data=round_form())
    assert response.status_code == 422 and f"{YEAR} 年度的民主评议已经开启过" in response.get_data(as_text=True)
    login_as(world.juvenile_secretary)
    assert client.get("/zy/assessment/appraisals/new").status_code == 403


def test_another_courts_round_is_not_found(client, login_as, opened):
    world, (_lin, _wang, _chen, _liu), appraisal = opened
    login_as(world.wf_admin)
    for tail in ("", "/self", "/vote", "/distribution", f"/branches/{world.juvenile.id}"):
        assert client.get(url(appraisal, tail, "wf")).status_code == 404, tail
    assert client.post(url(appraisal, "/close", "wf")).status_code == 404
    login_as(world.juvenile_secretary)
    assert client.get(url(appraisal, f"/branches/{world.office.id}")).status_code == 404  # not their branch
    assert client.get(url(appraisal, f"/branches/{world.wf_branch.id}")).status_code == 404
    login_as(world.platform_admin)
    assert client.get(url(appraisal, "/vote")).status_code == 403  # no member record


def test_the_distribution_runs_the_same_statements_for_1_and_several_branches(
    client, assessment, login_as, query_counter
):
    world = assessment
    login_as(world.wf_admin)
    make_member(world.wf_branch, "甲")
    db.session.commit()
    few = open_round(client, court_slug="wf")
    client.get(url(few, "/distribution", "wf"))
    with query_counter() as one:
        assert client.get(url(few, "/distribution", "wf")).status_code == 200
    login_as(world.zy_admin)
    for index in range(4):
        branch = make_org(world.zy, f"第{index}党支部", parent=world.zy_committee, slug=f"b{index}")
        for n in range(3):
            make_member(branch, f"党员{index}-{n}")
    db.session.commit()
    many = open_round(client)
    client.post(url(many, f"/branches/{world.juvenile.id}"), data={f"grade-{world.juvenile_member.id}": "qualified"})
    client.get(url(many, "/distribution"))
    with query_counter() as several:
        page = client.get(url(many, "/distribution"))
    assert page.status_code == 200 and "第3党支部" in page.get_data(as_text=True)
    assert _statements(several) == _statements(one)
