"""The member appraisal from opening to the grades on the member page:
self-appraisals, votes, the branch's decisions, to-dos, audit, demo."""

from __future__ import annotations

from sqlalchemy import func, select

from dangjian.audit.models import AuditEntry
from dangjian.db import db
from dangjian_assessment.appraisal_models import Appraisal, AppraisalResult, AppraisalSelf, AppraisalVoter
from tests.inbox_checks import todos_for

from .appraisal_helpers import YEAR, ballot, counts, juvenile_people, open_round, set_dates, url


def test_the_whole_round_from_opening_to_the_member_page(app, client, assessment, login_as):
    world = assessment
    lin, wang, chen, liu = juvenile_people(world)
    login_as(world.zy_admin)
    assert "还没有开展民主评议党员" in client.get("/zy/assessment/appraisals/").get_data(as_text=True)
    appraisal = open_round(client)
    assert appraisal.status == "open" and appraisal.year == YEAR
    assert "民主评议" in client.get("/zy/assessment/").get_data(as_text=True)  # the module's tab

    # A member: a to-do, the self-appraisal, then the ballot.
    kinds = [t.kind for t in todos_for(app, lin.user, world.zy)]
    assert "assessment.appraisal_vote" in kinds
    login_as(lin.user)
    page = client.get(url(appraisal)).get_data(as_text=True)
    assert "尚未投票" in page and "去投票" in page
    response = client.post(url(appraisal, "/self"), data={"text": "  认真学习，按时参加组织生活。  "})
    assert response.status_code == 302
    assert db.session.scalar(select(AppraisalSelf.text)) == "认真学习，按时参加组织生活。"
    client.post(url(appraisal, "/self"), data={"text": "认真学习，按时参加组织生活，带头办案。"})  # edited
    assert db.session.scalar(select(func.count(AppraisalSelf.id))) == 1
    vote_page = client.get(url(appraisal, "/vote")).get_data(as_text=True)
    for peer in (wang, chen, liu):
        assert peer.name in vote_page
    assert f'name="grade-{lin.member.id}"' not in vote_page  # not themselves
    response = client.post(
        url(appraisal, "/vote"), data=ballot({wang.member: "excellent", chen.member: "qualified", liu.member: "basic"})
    )
    assert response.status_code == 302
    after = client.get(url(appraisal, "/vote")).get_data(as_text=True)
    assert "你已参加" in after and "优秀" not in after
    assert "assessment.appraisal_vote" not in [t.kind for t in todos_for(app, lin.user, world.zy)]

    # Two more members vote.
    for person, grades in (
        (wang, {lin.member: "excellent", chen.member: "qualified", liu.member: "qualified"}),
        (chen, {lin.member: "excellent", wang.member: "excellent", liu.member: "qualified"}),
    ):
        login_as(person.user)
        assert client.post(url(appraisal, "/vote"), data=ballot(grades)).status_code == 302
    tally = counts(appraisal)
    assert tally[(lin.member.id, "excellent")] == 2 and tally[(wang.member.id, "excellent")] == 2
    assert tally[(liu.member.id, "qualified")] == 2 and tally[(liu.member.id, "basic")] == 1
    assert db.session.scalar(select(func.count(AppraisalVoter.id))) == 3

    # The secretary sees the counts and who has voted only as a number, and decides.
    login_as(world.juvenile_secretary)
    branch_url = url(appraisal, f"/branches/{world.juvenile.id}")
    page = client.get(branch_url).get_data(as_text=True)
    assert "已投票 3 人" in page and "在册党员 4 人" in page
    assert "认真学习，按时参加组织生活，带头办案。" in page
    response = client.post(
        branch_url,
        data={
            f"grade-{lin.member.id}": "excellent",
            f"note-{lin.member.id}": "带头办案，群众评价好。",
            f"grade-{wang.member.id}": "excellent",
            f"grade-{chen.member.id}": "qualified",
            f"grade-{liu.member.id}": "basic",
            f"note-{liu.member.id}": "参加组织生活不够经常。",
        },
    )
    assert response.status_code == 302
    grades = dict(db.session.execute(select(AppraisalResult.member_id, AppraisalResult.grade)).all())
    assert grades == {
        lin.member.id: "excellent",
        wang.member.id: "excellent",
        chen.member.id: "qualified",
        liu.member.id: "basic",
    }

    # The member sees their own grade, on the round's page and in the member panel.
    login_as(lin.user)
    page = client.get(url(appraisal)).get_data(as_text=True)
    assert "优秀" in page and "带头办案，群众评价好。" in page and "合格" not in page.replace("不合格", "")
    panel = client.get("/zy/manage/members/me").get_data(as_text=True)
    assert "民主评议" in panel and f"{YEAR} 年度" in panel and "优秀" in panel

    # The court admin sees the distribution and closes the round.
    login_as(world.zy_admin)
    dist = client.get(url(appraisal, "/distribution")).get_data(as_text=True)
    assert "少年庭党支部" in dist and "办公室党支部" in dist
    assert client.post(url(appraisal, "/close")).status_code == 302
    assert db.session.get(Appraisal, appraisal.id).status == "closed"
    page = client.get(branch_url).get_data(as_text=True)
    assert "等次不能再修改" in page

    actions = set(db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("assessment.appraisal%"))))
    assert actions == {
        "assessment.appraisal_opened",
        "assessment.appraisal_self",
        "assessment.appraisal_voted",
        "assessment.appraisal_decided",
        "assessment.appraisal_closed",
    }
    log = client.get("/zy/manage/audit/").get_data(as_text=True)
    assert "参加民主评议投票" in log and "开启民主评议党员" in log


def test_the_secretary_is_reminded_to_decide_once_the_dates_are_over(app, client, assessment, login_as):
    world = assessment
    people = juvenile_people(world)
    login_as(world.zy_admin)
    appraisal = open_round(client)
    kinds = [t.kind for t in todos_for(app, world.juvenile_secretary, world.zy)]
    assert "assessment.appraisal_decide" not in kinds  # voting still runs
    set_dates(appraisal, starts=-20, ends=-1)
    todos = [t for t in todos_for(app, world.juvenile_secretary, world.zy) if t.kind == "assessment.appraisal_decide"]
    assert len(todos) == 1 and "4 名党员尚未评定" in todos[0].title
    assert "assessment.appraisal_vote" not in [t.kind for t in todos_for(app, people[0].user, world.zy)]
    login_as(world.juvenile_secretary)
    data = {f"grade-{p.member.id}": "qualified" for p in people}
    assert client.post(url(appraisal, f"/branches/{world.juvenile.id}"), data=data).status_code == 302
    assert not [
        t for t in todos_for(app, world.juvenile_secretary, world.zy) if t.kind == "assessment.appraisal_decide"
    ]


def test_the_demo_has_last_years_closed_round_with_counts_and_grades(client, assessment):
    from dangjian.courts.clock import court_today
    from dangjian_assessment import demo_appraisal
    from dangjian_assessment.appraisal_models import AppraisalTally

    world = assessment
    juvenile_people(world)
    demo_appraisal.add_demo_data(world.zy)
    db.session.commit()
    appraisal = db.session.scalars(select(Appraisal)).one()
    assert appraisal.status == "closed" and appraisal.year == court_today(world.zy).year - 1
    grades = list(db.session.scalars(select(AppraisalResult.grade)))
    assert len(grades) == 4 and "unqualified" not in grades  # 少年庭's four; 办公室 has one member, nobody to rate
    voters = db.session.scalar(select(func.count(AppraisalVoter.id)))
    votes = db.session.scalar(select(func.sum(AppraisalTally.votes)))
    assert voters and votes == voters * 3
    demo_appraisal.add_demo_data(world.zy)  # again: nothing more
    demo_appraisal.add_demo_data(world.wf)  # the basic court: nothing
    assert db.session.scalar(select(func.count(Appraisal.id))) == 1
