"""The showcase module in the inbox (entries to score, entries to submit)
and the notification that results are out."""

from __future__ import annotations

from sqlalchemy import select

from dangjian.db import db, utcnow
from dangjian.inbox.models import Notification
from dangjian.modules import services as modules
from dangjian_showcase.models import Entry
from tests.factories import make_org
from tests.inbox_checks import todo_statements, todos_for

from .conftest import make_entry, make_review, score_all
from .test_judging import scores


def of_kind(app, user, court, kind):
    return [t for t in todos_for(app, user, court) if t.kind == kind]


def test_a_judge_sees_each_entry_to_score_until_scored_but_never_their_own_branch(app, client, login_as, showcase):
    world = showcase
    review = make_review(world, judges=[world.member_user, world.zy_admin])
    own, other = make_entry(review, world.juvenile), make_entry(review, world.office)
    items = of_kind(app, world.member_user, world.zy, "showcase.score")
    assert [t.url for t in items] == [f"/zy/showcase/entries/{other.id}/score"]
    assert len(of_kind(app, world.zy_admin, world.zy, "showcase.score")) == 2
    assert of_kind(app, world.juvenile_secretary, world.zy, "showcase.score") == []

    login_as(world.member_user)
    assert client.post(f"/zy/showcase/entries/{other.id}/score", data=scores(review, 90)).status_code == 302
    assert of_kind(app, world.member_user, world.zy, "showcase.score") == []
    assert own.id  # still to score for the admin
    assert len(of_kind(app, world.zy_admin, world.zy, "showcase.score")) == 2


def test_a_branch_is_asked_to_submit_until_it_has(app, client, login_as, showcase):
    world = showcase
    review = make_review(world)
    items = of_kind(app, world.juvenile_secretary, world.zy, "showcase.enter")
    assert [t.url for t in items] == [f"/zy/showcase/reviews/{review.id}/entry/{world.juvenile.id}"]
    assert [t.url for t in of_kind(app, world.office_editor, world.zy, "showcase.enter")] == [
        f"/zy/showcase/reviews/{review.id}/entry/{world.office.id}"
    ]
    assert of_kind(app, world.member_user, world.zy, "showcase.enter") == []
    assert of_kind(app, world.wf_admin, world.wf, "showcase.enter") == []

    make_entry(review, world.juvenile)  # submitted
    assert of_kind(app, world.juvenile_secretary, world.zy, "showcase.enter") == []
    assert len(of_kind(app, world.office_editor, world.zy, "showcase.enter")) == 1


def test_results_reach_the_judges_and_the_entrants_branch_officers(app, client, login_as, showcase):
    world = showcase
    review = make_review(world, judges=[world.zy_admin])
    entry = make_entry(review, world.juvenile)
    score_all(entry, world.zy_admin, 88)
    login_as(world.zy_admin)
    client.post(f"/zy/showcase/reviews/{review.id}/results", data={})
    told = set(db.session.scalars(select(Notification.user_id).where(Notification.kind == "showcase.results")))
    assert told == {world.zy_admin.id, world.juvenile_secretary.id, world.juvenile_editor.id}
    note = db.session.scalar(select(Notification).where(Notification.user_id == world.juvenile_editor.id))
    assert review.title in note.title and note.url == f"/zy/showcase/reviews/{review.id}"
    assert of_kind(app, world.zy_admin, world.zy, "showcase.score") == []  # the review is closed


def test_a_disabled_module_adds_nothing(app, showcase):
    make_review(showcase, judges=[showcase.zy_admin])
    modules.set_enabled(showcase.zy, "showcase", False)
    db.session.commit()
    assert todos_for(app, showcase.juvenile_secretary, showcase.zy) == []


def test_statements_do_not_grow_with_the_entries(app, showcase):
    world = showcase
    review = make_review(world, judges=[world.zy_admin])
    make_entry(review, world.juvenile)
    few = todo_statements(app, world.zy_admin, world.zy), todo_statements(app, world.juvenile_secretary, world.zy)
    branches = [make_org(world.zy, f"第{i}党支部", parent=world.zy_committee, slug=f"b{i}") for i in range(25)]
    for _ in range(40):
        other = make_review(world, judges=[world.zy_admin])
        db.session.add_all(
            Entry(court_id=world.zy.id, review_id=other.id, branch_id=branch.id, summary="", submitted_at=utcnow())
            for branch in branches
        )
    db.session.commit()
    assert len(of_kind(app, world.zy_admin, world.zy, "showcase.score")) == 1001
    assert (
        todo_statements(app, world.zy_admin, world.zy),
        todo_statements(app, world.juvenile_secretary, world.zy),
    ) == few
