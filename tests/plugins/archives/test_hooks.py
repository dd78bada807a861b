"""Record once: the module's own hooks, its UI hooks, and switching it off."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from dangjian.db import db
from dangjian.hookspecs import hookimpl
from dangjian.modules import services as modules

from .conftest import add_meeting, roster


class RedCulture:
    """A stand-in for the red-culture module: offers its own evidence too
    (so the spec is checked against a second implementation in strict
    mode) and records a 主题党日 through archives after an activity."""

    @hookimpl
    def dangjian_archives_meeting_evidence(self, court, year):
        return {"source": "redculture", "year": year, "branches": {}}

    def after_activity(self, court, branch, activity_id, present_ids):
        return modules.court_hooks(
            court,
            "dangjian_archives_record_meeting",
            branch=branch,
            meeting={
                "type": "theme_day",
                "title": "红旗渠精神学习日：重走青年洞",
                "held_on": date(2026, 5, 8),
                "place": "青年洞",
                "attendee_ids": present_ids,
                "source": "redculture",
                "source_key": f"activity-{activity_id}",
            },
        )


def test_evidence_for_other_modules(plugin_app, world):
    app = plugin_app({"fake_redculture": RedCulture()})
    with app.app_context(), app.test_request_context():
        zy = db.session.merge(world.zy)
        juvenile = db.session.merge(world.juvenile)
        assert modules.court_hooks(zy, "dangjian_archives_meeting_evidence", year=2025, branch_ids=None) == []
        modules.set_enabled(zy, "archives", True)
        modules.set_enabled(zy, "fake_redculture", True)
        add_meeting(juvenile, "general", date(2025, 3, 1), present=3, title="一季度党员大会")
        add_meeting(juvenile, "general", date(2025, 6, 1), present=3, late=True)
        add_meeting(juvenile, "general", date(2025, 7, 1), status="draft")
        db.session.commit()
        offers = modules.court_hooks(zy, "dangjian_archives_meeting_evidence", year=2025, branch_ids=[juvenile.id])
        archives = next(offer for offer in offers if offer["source"] == "archives")
        assert {offer["source"] for offer in offers} == {"archives", "redculture"}
        assert list(archives["branches"]) == [juvenile.id]
        general = archives["branches"][juvenile.id]["counts"]["general"]
        assert (general["required"], general["on_time"], general["late"], general["missing"], general["held"]) == (
            4,
            1,
            1,
            2,
            2,
        )
        listed = archives["branches"][juvenile.id]["meetings"]
        assert listed[0]["title"] == "一季度党员大会"
        assert listed[0]["url"] == f"/zy/archives/meetings/{listed[0]['id']}/"
        assert "minutes" not in listed[0] and "attendance" not in listed[0]


def test_another_module_records_a_theme_day_once(plugin_app, world):
    red = RedCulture()
    app = plugin_app({"fake_redculture": red})
    with app.app_context(), app.test_request_context():
        zy, juvenile = db.session.merge(world.zy), db.session.merge(world.juvenile)
        members = roster(juvenile, 3)
        assert red.after_activity(zy, juvenile, 7, [members[0].id]) == []  # archives off: nothing happens
        modules.set_enabled(zy, "archives", True)
        db.session.commit()
        [first] = red.after_activity(zy, juvenile, 7, [members[0].id, members[1].id])
        db.session.commit()
        [again] = red.after_activity(zy, juvenile, 7, [members[0].id])
        db.session.commit()
        assert first["created"] is True and again["created"] is False and first["id"] == again["id"]
        assert first["status"] == "draft"
        from dangjian_archives.models import Meeting

        [meeting] = db.session.scalars(select(Meeting)).all()
        assert meeting.type.code == "theme_day" and meeting.source == "redculture"
        # 林晓彤 and three more on the roster; after the second call one is present.
        assert (meeting.expected_count, meeting.present_count) == (4, 1)


def test_dashboard_reminders_with_grace(archives):
    from dangjian_archives.services.reminders import reminders

    world = archives
    add_meeting(world.juvenile, "committee", date(2026, 3, 2))
    add_meeting(world.juvenile, "committee", date(2026, 2, 2))
    db.session.commit()
    texts = [item.text for item in reminders(world.zy, date(2026, 3, 20), {world.juvenile.id})]
    assert "少年庭党支部：本季度尚未召开支部党员大会，还剩 12 天" in texts
    assert not any("本月尚未召开支委会" in text for text in texts)  # held on 2 March
    assert not any("本年度" in text for text in texts)  # 组织生活会: 286 days left, no nagging yet
    assert "少年庭党支部：上月未召开或未报送党小组会" in texts
    assert not any("上月未召开或未报送支委会" in text for text in texts)
    early = [item.text for item in reminders(world.zy, date(2026, 1, 5), {world.juvenile.id})]
    assert not any("本季度" in text for text in early)


def test_widgets_panel_and_site_section(archives, client, login_as, app):
    world = archives
    meeting = add_meeting(world.juvenile, "general", date.today(), title="本季度党员大会")
    from dangjian_archives.models import Attendance

    meeting.attendance.append(Attendance(member_id=world.juvenile_member.id, status="present"))
    meeting.minutes = "会议内容保密部分"
    db.session.commit()
    login_as(world.zy_admin)
    home = client.get("/zy/")
    assert "三会一课提醒与逾期事项" in home.text and "待审核 1 条" in home.text
    login_as(world.juvenile_secretary)
    assert "三会一课提醒" in client.get("/zy/").text
    login_as(world.member_user)
    assert "三会一课提醒" not in client.get("/zy/").text
    me = client.get("/zy/manage/members/me")
    assert "组织生活" in me.text and "本年参加组织生活" not in me.text and "本季度党员大会" in me.text
    login_as(world.juvenile_secretary)
    profile = client.get(f"/zy/manage/members/{world.juvenile_member.id}")
    assert "本季度党员大会" in profile.text
    with app.test_request_context():
        [section] = modules.court_hooks(world.zy, "dangjian_site_sections", branch=world.juvenile)
    assert section.title == "支部活动" and "本季度党员大会" in section.body
    assert "会议内容保密部分" not in section.body and "林晓彤" not in section.body


def test_module_disabled_answers_404_hides_nav_and_keeps_data(archives, client, login_as):
    world = archives
    meeting = add_meeting(world.juvenile, "general", date.today())
    db.session.commit()
    login_as(world.juvenile_secretary)
    assert 'href="/zy/archives/"' in client.get("/zy/").text
    modules.set_enabled(world.zy, "archives", False)
    db.session.commit()
    assert client.get("/zy/archives/").status_code == 404
    assert client.get(f"/zy/archives/meetings/{meeting.id}/").status_code == 404
    home = client.get("/zy/")
    assert 'href="/zy/archives/"' not in home.text and "三会一课提醒" not in home.text
    modules.set_enabled(world.zy, "archives", True)
    db.session.commit()
    assert client.get(f"/zy/archives/meetings/{meeting.id}/").status_code == 200


def test_settings_form_on_the_modules_screen(archives, client, login_as):
    from dangjian.modules.services import module_settings

    world = archives
    login_as(world.zy_admin)
    page = client.get("/zy/manage/modules/archives/settings")
    assert page.status_code == 200 and "会后报送期限（工作日）" in page.text
    bad = client.post(
        "/zy/manage/modules/archives/settings", data={"filing_days": 0, "reminder_days": 15, "upload_max_mb": 20}
    )
    assert "请填写 1 到 30 个工作日" in bad.text
    client.post(
        "/zy/manage/modules/archives/settings", data={"filing_days": 5, "reminder_days": 10, "upload_max_mb": 8}
    )
    db.session.expire_all()
    assert module_settings("archives", world.zy)["filing_days"] == 5
