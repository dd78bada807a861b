"""Scoping (court, branch, published or not), the league table's constant
statement count, the to-dos and the dashboard card."""

from __future__ import annotations

from sqlalchemy import select

from dangjian.db import db
from dangjian_assessment.models import Objection
from tests.factories import make_member, make_org, make_user
from tests.inbox_checks import todos_for

from .cycle_helpers import (
    STRONG,
    base,
    build_standard,
    entry_of,
    items_of,
    notice_over,
    noticed_cycle,
    open_assessment,
    sheet_data,
    sheet_url,
    submitted_cycle,
)


def _statements(executed) -> int:
    return sum(1 for sql in executed if sql.split()[0].upper() not in ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT"))


def test_another_courts_assessment_is_not_found(client, assessment, login_as):
    world = assessment
    cycle, _ = submitted_cycle(client, login_as, world)
    entry = entry_of(cycle, world.juvenile)
    login_as(world.wf_admin)
    assert client.get(f"/wf/assessment/cycles/{cycle.id}").status_code == 404
    assert client.get(f"/wf/assessment/cycles/{cycle.id}/results").status_code == 404
    assert client.get(f"/wf/assessment/cycles/{cycle.id}/entries/{entry.id}").status_code == 404
    assert client.get(f"/wf/assessment/cycles/{cycle.id}/entries/{entry.id}/sheet").status_code == 404
    assert client.post(f"/wf/assessment/cycles/{cycle.id}/finalise").status_code == 404
    assert client.get(f"/wf/assessment/branches/{world.juvenile.id}/history").status_code == 404
    assert client.get(f"/zy/assessment/cycles/{cycle.id}").status_code == 403  # no role in 中院
    # The 中院's admin oversees the basic court read-only (assessment.view), and manages nothing there.
    login_as(world.zy_admin)
    assert client.get("/wf/assessment/").status_code == 200
    assert client.get("/wf/assessment/cycles/new").status_code == 403


def test_a_secretary_sees_only_their_branch(client, assessment, login_as):
    world = assessment
    items = items_of(build_standard(world.zy))
    login_as(world.zy_admin)
    cycle = open_assessment(client)
    juvenile, office = entry_of(cycle, world.juvenile), entry_of(cycle, world.office)
    login_as(world.juvenile_secretary)
    assert client.get(sheet_url(cycle, office)).status_code == 404
    assert client.post(sheet_url(cycle, office), data=sheet_data(items, STRONG, action="save")).status_code == 404
    assert entry_of(cycle, world.office).self_total is None
    assert client.get(f"{base(cycle)}/entries/{office.id}").status_code == 404
    assert client.get(f"/zy/assessment/branches/{world.office.id}/history").status_code == 404
    assert client.get(f"{base(cycle)}/results").status_code == 404  # nothing to show before the notice
    page = client.get(base(cycle)).get_data(as_text=True)
    assert "少年庭党支部" in page and "办公室党支部" not in page
    assert client.get(sheet_url(cycle, juvenile)).status_code == 200
    assert client.get(f"/zy/assessment/branches/{world.juvenile.id}/history").status_code == 200
    # A member has no sheet, and no scorecard before publishing.
    login_as(world.member_user)
    assert client.get(sheet_url(cycle, juvenile)).status_code == 403
    assert client.get(f"{base(cycle)}/entries/{juvenile.id}").status_code == 404


def test_the_league_table_runs_the_same_statements_for_2_and_6_branches(client, assessment, login_as, query_counter):
    world = assessment
    build_standard(world.zy)
    login_as(world.zy_admin)
    few_cycle = open_assessment(client, period_end="2025-06-30", title="2025年上半年考评")
    client.get(f"{base(few_cycle)}/results")
    with query_counter() as few:
        assert client.get(f"{base(few_cycle)}/results").status_code == 200
    with query_counter() as few_page:
        assert client.get(base(few_cycle)).status_code == 200

    for n in range(4):
        make_org(world.zy, f"第{n}党支部", parent=world.zy_committee, slug=f"b{n}")
    db.session.commit()
    many_cycle = open_assessment(client)
    client.get(f"{base(many_cycle)}/results")  # warm (the to-do badge is cached a while), as for the few
    with query_counter() as many:
        page = client.get(f"{base(many_cycle)}/results").get_data(as_text=True)
    assert "第3党支部" in page
    assert _statements(many) == _statements(few)
    with query_counter() as many_page:
        assert "第3党支部" in client.get(base(many_cycle)).get_data(as_text=True)
    assert _statements(many_page) == _statements(few_page)


def test_todos_follow_the_cycle(app, client, assessment, login_as):
    world = assessment
    reviewer = make_user("pingshen", member=make_member(world.office, "办公室党员"))
    db.session.commit()
    build_standard(world.zy)
    login_as(world.zy_admin)
    cycle = open_assessment(client)

    kinds = [t.kind for t in todos_for(app, world.juvenile_secretary, world.zy)]
    assert kinds == ["assessment.self"]
    assert not [t for t in todos_for(app, world.member_user, world.zy) if t.kind.startswith("assessment.")]

    client.post(f"{base(cycle)}/reviewers", data={"username": "pingshen"})
    assert not [t for t in todos_for(app, reviewer, world.zy) if t.kind.startswith("assessment.")]  # nothing submitted
    db.session.rollback()
    # Submitted: the secretary's to-do goes, the reviewer's comes.
    login_as(world.zy_admin)
    items = items_of(cycle.standard)
    client.post(
        sheet_url(cycle, entry_of(cycle, world.juvenile)),
        data=sheet_data(items, STRONG, innovation="创新", action="submit"),
    )
    assert not [t for t in todos_for(app, world.juvenile_secretary, world.zy) if t.kind.startswith("assessment.")]
    review = [t for t in todos_for(app, reviewer, world.zy) if t.kind.startswith("assessment.")]
    assert [t.kind for t in review] == ["assessment.review"] and "1 个支部" in review[0].title


def test_admin_todos_objections_then_publish(app, client, assessment, login_as):
    world = assessment
    cycle, _ = noticed_cycle(client, login_as, world)
    assert not [t for t in todos_for(app, world.zy_admin, world.zy) if t.kind.startswith("assessment.")]
    login_as(world.member_user)
    client.post(f"{base(cycle)}/results", data={"entry_id": entry_of(cycle, world.office).id, "text": "请复核"})
    kinds = [t.kind for t in todos_for(app, world.zy_admin, world.zy) if t.kind.startswith("assessment.")]
    assert kinds == ["assessment.objections"]
    objection = db.session.scalar(select(Objection))
    login_as(world.zy_admin)
    client.post(f"{base(cycle)}/objections/{objection.id}/answer", data={"answer": "维持"})
    notice_over(cycle)
    kinds = [t.kind for t in todos_for(app, world.zy_admin, world.zy) if t.kind.startswith("assessment.")]
    assert kinds == ["assessment.publish"]


def test_dashboard_card_says_what_is_due(client, assessment, login_as):
    world = assessment
    build_standard(world.zy)
    login_as(world.zy_admin)
    open_assessment(client)
    login_as(world.juvenile_secretary)
    page = client.get("/zy/").get_data(as_text=True)
    assert "党建考评" in page and "自评待提交" in page
