"""Draft → submitted → published, scheduling, unpublishing and preview links,
checked through the editor's URLs and the visitor's."""

from __future__ import annotations

from datetime import timedelta

import itsdangerous
from sqlalchemy import select

from dangjian.audit.models import AuditEntry
from dangjian.db import db, utcnow
from dangjian.sites import content
from dangjian.sites.models import NewsPost, Site, SitePage


def base(world, org=None):
    return f"/zy/manage/sites/{(org or world.juvenile).id}"


def write_post(client, world, title="少年庭开展主题党日活动", body="<p>正文第一段</p>", action="save"):
    response = client.post(
        f"{base(world)}/posts/new", data={"title": title, "summary": "摘要", "body": body, "action": action}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalars(select(NewsPost).order_by(NewsPost.id.desc())).first()


def visitor_post(client, post):
    client.cookie_jar.clear() if hasattr(client, "cookie_jar") else None
    return client.get(f"/zy/s/snt/news/{post.id}/")


def site_of(world):
    return db.session.scalar(select(Site).where(Site.branch_id == world.juvenile.id))


def test_draft_is_invisible_until_the_secretary_publishes(app, client, world, login_as):
    login_as(world.juvenile_editor)
    post = write_post(client, world, body="<p>草稿里的秘密</p>")
    assert post.status == "draft" and post.live_revision_id is None
    anonymous = app.test_client()
    assert anonymous.get(f"/zy/s/snt/news/{post.id}/").status_code == 404
    assert "少年庭开展主题党日活动" not in anonymous.get("/zy/s/snt/news/").get_data(as_text=True)
    assert content.latest_posts(site_of(world)) == []

    # The editor submits; they may not publish.
    assert client.post(f"{base(world)}/posts/{post.id}/submit").status_code == 302
    db.session.refresh(post)
    assert post.status == "submitted"
    assert client.post(f"{base(world)}/posts/{post.id}/publish").status_code == 403
    assert anonymous.get(f"/zy/s/snt/news/{post.id}/").status_code == 404

    login_as(world.juvenile_secretary)
    version = site_of(world).content_version
    assert client.post(f"{base(world)}/posts/{post.id}/publish", data={}).status_code == 302
    db.session.expire_all()
    post = db.session.get(NewsPost, post.id)
    assert post.status == "published" and post.live_revision_id == post.latest_revision_id
    assert post.publish_date is not None
    assert site_of(world).content_version > version
    page = anonymous.get(f"/zy/s/snt/news/{post.id}/")
    assert page.status_code == 200 and "草稿里的秘密" in page.get_data(as_text=True)
    assert [p.id for p in content.latest_posts(site_of(world))] == [post.id]
    actions = set(db.session.scalars(select(AuditEntry.action).where(AuditEntry.target_id == post.id)))
    assert {"site.created", "site.submitted", "site.published"} <= actions


def test_an_edit_after_publishing_waits_for_the_next_publish(app, client, world, login_as):
    login_as(world.juvenile_secretary)
    post = write_post(client, world, body="<p>第一版</p>", action="publish")
    assert post.is_live
    login_as(world.juvenile_editor)
    response = client.post(
        f"{base(world)}/posts/{post.id}/",
        data={"title": post.latest_revision.title, "body": "<p>第二版</p>", "action": "submit"},
    )
    assert response.status_code == 302
    anonymous = app.test_client()
    text = anonymous.get(f"/zy/s/snt/news/{post.id}/").get_data(as_text=True)
    assert "第一版" in text and "第二版" not in text
    db.session.expire_all()
    post = db.session.get(NewsPost, post.id)
    assert post.status == "submitted" and post.has_unpublished_changes
    login_as(world.juvenile_secretary)
    client.post(f"{base(world)}/posts/{post.id}/publish")
    assert "第二版" in anonymous.get(f"/zy/s/snt/news/{post.id}/").get_data(as_text=True)


def test_scheduled_post_appears_on_time_without_a_restart(app, client, world, login_as):
    login_as(world.juvenile_secretary)
    post = write_post(client, world, title="定时发布的新闻")
    # The form takes the court's local time (Asia/Shanghai, UTC+8).
    local = (utcnow() + timedelta(hours=8, days=1)).strftime("%Y-%m-%dT%H:%M")
    assert client.post(f"{base(world)}/posts/{post.id}/publish", data={"p-publish_at": local}).status_code == 302
    db.session.expire_all()
    post = db.session.get(NewsPost, post.id)
    assert post.status == "scheduled" and post.live_revision_id is None
    assert abs((post.publish_at - (utcnow() + timedelta(days=1))).total_seconds()) < 120
    anonymous = app.test_client()
    assert anonymous.get(f"/zy/s/snt/news/{post.id}/").status_code == 404

    # Time passes (the row says the moment has come); the next visit publishes it.
    post.publish_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    version = site_of(world).content_version
    assert anonymous.get(f"/zy/s/snt/news/{post.id}/").status_code == 200
    db.session.expire_all()
    post = db.session.get(NewsPost, post.id)
    assert post.status == "published" and post.is_live
    assert site_of(world).content_version > version
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "site.published", AuditEntry.target_id == post.id)
    )
    assert entry is not None and entry.user_id is None  # published by the schedule, not a person


def test_an_edit_cancels_the_schedule_and_a_publisher_can_return_it(app, client, world, login_as):
    login_as(world.juvenile_secretary)
    post = write_post(client, world)
    local = (utcnow() + timedelta(hours=8, days=2)).strftime("%Y-%m-%dT%H:%M")
    client.post(f"{base(world)}/posts/{post.id}/publish", data={"p-publish_at": local})
    client.post(f"{base(world)}/posts/{post.id}/return", data={"r-reason": "日期不对"})
    db.session.expire_all()
    post = db.session.get(NewsPost, post.id)
    assert post.status == "draft" and post.publish_at is None
    returned = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "site.returned"))
    assert "日期不对" in returned.summary

    client.post(f"{base(world)}/posts/{post.id}/publish", data={"p-publish_at": local})
    client.post(f"{base(world)}/posts/{post.id}/", data={"title": "改了标题", "body": "<p>x</p>"})
    db.session.expire_all()
    post = db.session.get(NewsPost, post.id)
    assert post.status == "draft" and post.publish_at is None


def test_unpublish_hides_a_page_and_its_menu_item(app, client, world, login_as):
    login_as(world.juvenile_secretary)
    response = client.post(
        f"{base(world)}/pages/new",
        data={
            "title": "支部简介",
            "slug": "about",
            "parent_id": "0",
            "show_in_menu": "y",
            "body": "<p>简介</p>",
            "action": "publish",
        },
    )
    assert response.status_code == 302
    page = db.session.scalar(select(SitePage))
    anonymous = app.test_client()
    assert anonymous.get("/zy/s/snt/p/about/").status_code == 200
    assert [item.label for item in content.menu(site_of(world))] == ["支部简介"]
    assert client.post(f"{base(world)}/pages/{page.id}/unpublish").status_code == 302
    assert anonymous.get("/zy/s/snt/p/about/").status_code == 404
    db.session.expire_all()
    assert content.menu(site_of(world)) == []
    assert content.published_pages(site_of(world)) == []


def test_editor_cannot_unpublish_or_delete_live_content(app, client, world, login_as):
    login_as(world.juvenile_secretary)
    post = write_post(client, world, action="publish")
    login_as(world.juvenile_editor)
    assert client.post(f"{base(world)}/posts/{post.id}/unpublish").status_code == 403
    assert client.post(f"{base(world)}/posts/{post.id}/delete").status_code == 403
    assert db.session.get(NewsPost, post.id).is_live


def test_preview_link_shows_the_draft_until_it_expires(app, client, world, login_as, monkeypatch):
    login_as(world.juvenile_editor)
    post = write_post(client, world, title="预览中的新闻", body="<p>尚未发布的正文</p>")
    page = client.get(f"{base(world)}/posts/{post.id}/").get_data(as_text=True)
    start = page.index("/zy/manage/sites/preview/")
    link = page[start : page.index('"', start)]

    anonymous = app.test_client()
    response = anonymous.get(link)
    assert response.status_code == 200
    assert "尚未发布的正文" in response.get_data(as_text=True)
    assert "no-store" in response.headers["Cache-Control"]

    # The link names a revision: a later edit does not change what it shows.
    client.post(f"{base(world)}/posts/{post.id}/", data={"title": "预览中的新闻", "body": "<p>第二稿</p>"})
    assert "尚未发布的正文" in anonymous.get(link).get_data(as_text=True)

    assert anonymous.get(link[:-3] + "abc").status_code == 404  # tampered
    assert anonymous.get(link.replace("/zy/", "/wf/")).status_code == 404  # another court

    real = itsdangerous.TimestampSigner.get_timestamp
    monkeypatch.setattr(itsdangerous.TimestampSigner, "get_timestamp", lambda self: real(self) + 4 * 86400)
    expired = anonymous.get(link)
    assert expired.status_code == 404
    assert "过期" in expired.get_data(as_text=True)


def test_every_branch_created_gets_a_site(app, world):
    from dangjian.org import services as org_services

    branch = org_services.create_org(
        world.zy,
        kind="branch",
        parent=world.zy_committee,
        name="法警队党支部",
        slug="fjd",
        department="法警队",
        user=world.zy_admin,
    )
    site = db.session.scalar(select(Site).where(Site.branch_id == branch.id))
    assert site is not None and site.court_id == world.zy.id
    group = org_services.create_org(world.zy, kind="group", parent=branch, name="第一党小组", user=world.zy_admin)
    assert db.session.scalar(select(Site).where(Site.branch_id == group.id)) is None


def test_existing_branch_gets_its_site_on_first_edit(app, client, world, login_as):
    assert db.session.scalar(select(Site).where(Site.branch_id == world.office.id)) is None
    login_as(world.office_editor)
    assert client.get(f"/zy/manage/sites/{world.office.id}/").status_code == 200
    site = db.session.scalar(select(Site).where(Site.branch_id == world.office.id))
    assert site is not None and site.court_id == world.zy.id
    assert [s["key"] for s in site.sections] == list(content.BUILTIN_SECTIONS)
