"""Hooks concerning a court reach only the modules enabled there."""

import logging

import pytest
from flask import render_template
from jinja2 import TemplateNotFound
from markupsafe import Markup

from dangjian.api import Panel, Section, hookimpl
from dangjian.db import db
from dangjian.hookspecs import hookspec
from dangjian.modules import services


class Recorder:
    """A temporary plugin that records the events it hears."""

    def __init__(self):
        self.events = []

    @hookimpl
    def dangjian_module_enabled(self, court, name):
        self.events.append(("enabled", court.slug, name))

    @hookimpl
    def dangjian_module_disabled(self, court, name):
        self.events.append(("disabled", court.slug, name))

    @hookimpl
    def dangjian_site_sections(self, court, branch):
        return [Section("recorder", "记录区", Markup(f"<p>{branch.name}</p>"), order=5)]

    @hookimpl
    def dangjian_court_created(self, court):
        self.events.append(("court", court.slug))

    @hookimpl
    def dangjian_member_created(self, court, member):
        self.events.append(("member_created", court.slug, member.name))

    @hookimpl
    def dangjian_member_changed(self, member, changes):
        self.events.append(("member_changed", member.name, tuple(sorted(changes))))

    @hookimpl
    def dangjian_member_transferred(self, member, from_branch, to_branch):
        self.events.append(("member_transferred", member.name, from_branch.slug, to_branch.slug))


@pytest.fixture
def recorder_app(plugin_app, world):
    recorder = Recorder()
    app = plugin_app({"recorder": recorder})
    app.recorder = recorder
    with app.app_context():
        yield app


def test_module_events_reach_the_module_itself(recorder_app, world):
    zy = db.session.merge(world.zy)
    services.set_enabled(zy, "recorder", True)
    services.set_enabled(zy, "recorder", False)
    db.session.commit()
    assert recorder_app.recorder.events == [("enabled", "zy", "recorder"), ("disabled", "zy", "recorder")]


def test_events_skip_courts_where_the_module_is_off(recorder_app, world):
    zy, wf = db.session.merge(world.zy), db.session.merge(world.wf)
    services.set_enabled(zy, "recorder", True)
    services.set_enabled(zy, "example", True)  # another module's switch
    services.set_enabled(wf, "example", True)  # in a court without the recorder
    db.session.commit()
    assert ("enabled", "zy", "example") in recorder_app.recorder.events
    assert ("enabled", "wf", "example") not in recorder_app.recorder.events


def test_site_sections_only_for_enabled_courts(recorder_app, world):
    zy, wf = db.session.merge(world.zy), db.session.merge(world.wf)
    assert services.court_hooks(zy, "dangjian_site_sections", branch=world.juvenile) == []
    services.set_enabled(zy, "recorder", True)
    db.session.commit()
    sections = services.court_hooks(zy, "dangjian_site_sections", branch=world.juvenile)
    assert [section.title for section in sections] == ["记录区"]
    assert services.court_hooks(wf, "dangjian_site_sections", branch=world.wf_branch) == []


def test_hook_tracing_logs_calls_with_durations(make_app, world, caplog):
    app = make_app(TRACE_HOOKS=True)
    with caplog.at_level(logging.INFO, logger="dangjian.hooks"):
        app.test_client().get("/zy/")
    traced = [record.getMessage() for record in caplog.records if record.name == "dangjian.hooks"]
    assert any(message.startswith("dangjian_nav_items dangjian.core") and message.endswith("ms") for message in traced)


def test_plugin_templates_live_behind_their_prefix(app):
    with app.test_request_context("/zy/example/"):
        from flask import g

        from tests.factories import make_court

        g.court = make_court("tpl", "模板测试法院")
        html = render_template("example/index.html", notes=[], greeting="你好")
        assert "你好" in html
        with pytest.raises(TemplateNotFound):
            render_template("index.html")  # not a host template: plugins cannot add global names


def test_plugin_static_files(client):
    response = client.get("/static/plugins/example/example.css")
    assert response.status_code == 200 and b"example-title" in response.data
    assert client.get("/static/plugins/example/../../app.py").status_code == 404
    assert client.get("/static/plugins/unknown/example.css").status_code == 404


class ProfilePanel:
    @hookimpl
    def dangjian_member_panels(self, member, user):
        return [Panel("学习情况", Markup(f"<p>{member.name}今年已学习 12 学时</p>"))]


def test_member_profile_panels_follow_the_module_switch(plugin_app, world):
    from tests.conftest import sign_in

    app = plugin_app({"panel": ProfilePanel()})
    client = app.test_client()
    with app.app_context():
        sign_in(app, client, world.zy_admin)
        url = f"/zy/manage/members/{world.juvenile_member.id}"
        assert "学习情况" not in client.get(url).get_data(as_text=True)
        services.set_enabled(db.session.merge(world.zy), "panel", True)
        db.session.commit()
        page = client.get(url).get_data(as_text=True)
    assert "学习情况" in page and "林晓彤今年已学习 12 学时" in page


def test_member_events_from_the_roll_screens(recorder_app, world):
    from tests.conftest import sign_in

    zy = db.session.merge(world.zy)
    services.set_enabled(zy, "recorder", True)
    db.session.commit()
    client = recorder_app.test_client()
    sign_in(recorder_app, client, world.zy_admin)
    member_id = world.juvenile_member.id
    client.post(
        f"/zy/manage/members/{member_id}/transfer",
        data={"to_branch_id": world.office.id, "transferred_on": "2026-11-01", "reason": "岗位调整"},
    )
    events = recorder_app.recorder.events
    assert ("member_transferred", "林晓彤", "snt", "bgs") in events, events


def test_member_created_and_changed_events(recorder_app, world):
    from dangjian.members import services as member_services

    zy = db.session.merge(world.zy)
    services.set_enabled(zy, "recorder", True)
    member = member_services.create_member(
        zy, {"name": "岳青禾", "branch_id": world.juvenile.id, "sex": "female"}, user=None
    )
    member_services.update_member(member, {"party_post": "组织委员"}, user=None)
    db.session.commit()
    events = recorder_app.recorder.events
    assert ("member_created", "zy", "岳青禾") in events
    assert ("member_changed", "岳青禾", ("party_post",)) in events


def test_member_events_not_sent_where_module_is_off(recorder_app, world):
    from dangjian.members import services as member_services

    wf = db.session.merge(world.wf)
    member_services.create_member(wf, {"name": "宋知远", "branch_id": world.wf_branch.id, "sex": "male"}, user=None)
    db.session.commit()
    assert not [event for event in recorder_app.recorder.events if event[0] == "member_created"]


class EvidenceSpecs:
    @hookspec
    def dangjian_assessment_evidence(self, court, year):
        """Evidence one module offers another."""


class Archives:
    """Declares a hook of its own; knows nothing about who implements it."""

    @hookimpl
    def dangjian_add_hookspecs(self, plugin_manager):
        plugin_manager.add_hookspecs(EvidenceSpecs)


class Assessment:
    @hookimpl
    def dangjian_assessment_evidence(self, court, year):
        return [f"{court.slug}:{year}:三会一课 12 次"]


def test_plugins_declare_hooks_for_each_other(plugin_app, world):
    app = plugin_app({"evidence_source": Archives(), "evidence_consumer": Assessment()})
    with app.app_context():
        zy = db.session.merge(world.zy)
        assert services.court_hooks(zy, "dangjian_assessment_evidence", year=2026) == []
        services.set_enabled(zy, "evidence_consumer", True)
        db.session.commit()
        assert services.court_hooks(zy, "dangjian_assessment_evidence", year=2026) == ["zy:2026:三会一课 12 次"]


def test_court_created_reaches_every_plugin(recorder_app, world):
    from tests.conftest import sign_in
    from tests.host.test_platform_admin import court_form

    client = recorder_app.test_client()
    sign_in(recorder_app, client, world.platform_admin)
    response = client.post(
        "/admin/courts/new", data=court_form(slug="linzhou", name="林州市人民法院", parent_id=str(world.zy.id))
    )
    assert response.status_code == 302
    assert ("court", "linzhou") in recorder_app.recorder.events


def test_hooks_of_an_absent_plugin_answer_nothing(make_app, world):
    app = make_app(PLUGINS_STRICT=False)
    with app.app_context():
        assert services.court_hooks(world.zy, "dangjian_hook_nobody_declared", year=2026) == []
