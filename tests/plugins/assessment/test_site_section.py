"""The microsite section: the branch's stars and the year of the court's
latest published assessment — nothing before publishing — in two statements."""

from __future__ import annotations

from flask import g

from dangjian.db import db
from dangjian.modules.services import court_hooks
from dangjian_assessment import site_section

from .conftest import enable
from .cycle_helpers import base, notice_over, noticed_cycle
from .views_helpers import statements


def sections(app, world, branch):
    with app.test_request_context(f"/{world.zy.slug}/s/{branch.slug}/"):
        g.pop("enabled_modules", None)  # the tests' app context outlives a request: forget what it cached
        return {s.key: s for s in court_hooks(world.zy, "dangjian_site_sections", branch=branch)}


def test_the_stars_show_after_publishing_and_nothing_before(app, client, assessment, login_as):
    world = assessment
    cycle, _ = noticed_cycle(client, login_as, world)
    assert "assessment" not in sections(app, world, world.juvenile)  # the notice is not the result
    login_as(world.juvenile_secretary)
    offered = client.get(f"/zy/manage/sites/{world.juvenile.id}/sections").get_data(as_text=True)
    assert "支部星级" not in offered

    login_as(world.zy_admin)
    notice_over(cycle)
    client.post(f"{base(cycle)}/publish")
    juvenile = sections(app, world, world.juvenile)["assessment"]
    assert juvenile.title == "支部星级"
    assert "2025年度" in juvenile.body and "★★★★★" in juvenile.body and "五星级党支部" in juvenile.body
    office = sections(app, world, world.office)["assessment"]
    assert "★★☆☆☆" in office.body and "二星级党支部" in office.body
    assert "assessment" not in sections(app, world, world.zy_committee)  # not in the assessment

    # The branch's secretary shows it on the site; visitors see it.
    login_as(world.juvenile_secretary)
    offered = client.get(f"/zy/manage/sites/{world.juvenile.id}/sections").get_data(as_text=True)
    assert "支部星级" in offered
    client.post(
        f"/zy/manage/sites/{world.juvenile.id}/sections",
        data={"show_brand": "on", "order_brand": "1", "show_assessment": "on", "order_assessment": "2"},
    )
    home = app.test_client().get("/zy/s/snt/").get_data(as_text=True)  # an anonymous visitor
    assert "五星级党支部" in home and "2025年度" in home

    # Switched off in the court: the section goes.
    enable(world.zy, on=False)
    assert "assessment" not in sections(app, world, world.juvenile)


def test_the_section_costs_two_statements(app, client, assessment, login_as, query_counter):
    world = assessment
    assert world.zy.id and world.juvenile.id  # loaded: the count is the section's own
    with app.test_request_context("/zy/s/snt/"), query_counter() as none:
        assert site_section.site_sections(world.zy, world.juvenile) == []
    assert statements(none) == 1
    cycle, _ = noticed_cycle(client, login_as, world)
    notice_over(cycle)
    client.post(f"{base(cycle)}/publish")
    db.session.expire_all()
    assert world.zy.id and world.juvenile.id
    with app.test_request_context("/zy/s/snt/"), query_counter() as shown:
        assert site_section.site_sections(world.zy, world.juvenile)
    assert statements(shown) == 2
