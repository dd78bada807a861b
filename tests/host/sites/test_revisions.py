"""Revision history of pages and posts: every save is kept, comparison with
the live version, restore as a new revision."""

from __future__ import annotations

from sqlalchemy import select

from dangjian.audit.models import AuditEntry
from dangjian.db import db
from dangjian.sites import content, revisions
from dangjian.sites.models import ContentRevision, SitePage


def make_page(client, world, body, action="save"):
    response = client.post(
        f"/zy/manage/sites/{world.juvenile.id}/pages/new",
        data={"title": "品牌介绍", "slug": "brand", "parent_id": "0", "body": body, "action": action},
    )
    assert response.status_code == 302
    return db.session.scalar(select(SitePage).where(SitePage.slug == "brand"))


def edit_page(client, world, page, body, note=""):
    response = client.post(
        f"/zy/manage/sites/{world.juvenile.id}/pages/{page.id}/",
        data={"title": "品牌介绍", "slug": "brand", "parent_id": "0", "body": body, "note": note, "show_in_menu": "y"},
    )
    assert response.status_code == 302


def test_every_save_is_a_revision_and_unchanged_saves_are_not(app, client, world, login_as):
    login_as(world.juvenile_editor)
    page = make_page(client, world, "<p>第一稿</p>")
    edit_page(client, world, page, "<p>第二稿</p>", note="补充内容")
    edit_page(client, world, page, "<p>第二稿</p>")  # nothing changed
    history = revisions.history(page)
    assert [r.note for r in history] == ["补充内容", "新建"]
    assert history[0].author_id == world.juvenile_editor.id
    listing = client.get(f"/zy/manage/sites/{world.juvenile.id}/pages/{page.id}/revisions/").get_data(as_text=True)
    assert "补充内容" in listing and "sntbj" in listing


def test_compare_with_the_live_version_escapes_what_was_written(app, client, world, login_as):
    login_as(world.juvenile_secretary)
    page = make_page(client, world, "<p>护航青春品牌创建于2019年</p><ul><li>法治进校园</li></ul>", action="publish")
    live_id = page.live_revision_id
    edit_page(
        client,
        world,
        page,
        "<p>护航青春品牌创建于2018年</p><ul><li>法治进校园</li><li>&lt;script&gt;alert(1)&lt;/script&gt;</li></ul>"
        "<img src=x onerror=alert(2)>",
    )
    db.session.expire_all()
    page = db.session.get(SitePage, page.id)
    assert page.live_revision_id == live_id and page.latest_revision_id != live_id
    response = client.get(f"/zy/manage/sites/{world.juvenile.id}/pages/{page.id}/revisions/{page.latest_revision_id}/")
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '创建于201<span class="diff_chg">9</span>' in text and '创建于201<span class="diff_chg">8</span>' in text
    assert "diff_add" in text  # the new list item
    assert "<script>alert(1)" not in text and "onerror" not in text
    assert "&lt;script&gt;" in text


def test_compare_lines_follow_the_structure(app, world):
    revision = ContentRevision(
        title="标题", summary="", body="<h2>一、概况</h2><p>甲</p><table><tr><td>A</td><td>B</td></tr></table>"
    )
    assert revisions.text_lines(revision) == ["标题：标题", "", "一、概况", "甲", "A | B |"]


def test_restore_makes_a_new_revision_and_leaves_the_live_one(app, client, world, login_as):
    login_as(world.juvenile_secretary)
    page = make_page(client, world, "<p>最初的版本</p>", action="publish")
    first = page.latest_revision_id
    edit_page(client, world, page, "<p>改坏了的版本</p>")
    client.post(f"/zy/manage/sites/{world.juvenile.id}/pages/{page.id}/publish")
    db.session.expire_all()
    page = db.session.get(SitePage, page.id)
    second = page.live_revision_id
    assert second != first

    response = client.post(f"/zy/manage/sites/{world.juvenile.id}/pages/{page.id}/revisions/{first}/restore")
    assert response.status_code == 302
    db.session.expire_all()
    page = db.session.get(SitePage, page.id)
    history = revisions.history(page)
    assert len(history) == 3  # nothing was overwritten
    assert page.latest_revision_id == history[0].id not in (first, second)
    assert history[0].body == "<p>最初的版本</p>" and f"第 {first} 号" in history[0].note
    assert page.live_revision_id == second and page.status == "draft"
    anonymous = app.test_client()
    assert "改坏了的版本" in anonymous.get("/zy/s/snt/p/brand/").get_data(as_text=True)
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "site.restored")) is not None

    client.post(f"/zy/manage/sites/{world.juvenile.id}/pages/{page.id}/publish")
    assert "最初的版本" in anonymous.get("/zy/s/snt/p/brand/").get_data(as_text=True)


def test_revisions_of_another_page_are_not_found(app, client, world, login_as):
    login_as(world.juvenile_editor)
    page = make_page(client, world, "<p>a</p>")
    site = content.site_of(world.juvenile)
    other = content.create_page(site, {"title": "另一页", "slug": "other", "body": "<p>b</p>"}, world.juvenile_editor)
    db.session.commit()
    base = f"/zy/manage/sites/{world.juvenile.id}/pages/{page.id}/revisions/{other.latest_revision_id}/"
    assert client.get(base).status_code == 404
    assert client.post(base + "restore").status_code == 404
    assert len(revisions.history(page)) == 1
