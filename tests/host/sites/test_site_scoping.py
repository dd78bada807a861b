"""No one edits another branch's site: every editing URL of branch A, asked
for by an editor of branch B or by another court, is refused (403/404) and
changes nothing."""

from __future__ import annotations

import io

import pytest
from flask import current_app
from PIL import Image
from sqlalchemy import func, select

from dangjian.auth.models import User
from dangjian.db import db
from dangjian.sites import content, gallery, media, menus
from dangjian.sites.models import Album, ContentRevision, Honour, MenuItem, NewsPost, Photo, SitePage
from tests.conftest import sign_in


def png_bytes(color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(buffer, "PNG")
    return buffer.getvalue()


def fill_site(world, branch, user):
    """One of everything in ``branch``'s site; returns the ids by URL parameter."""
    site = content.site_of(branch)
    page = content.create_page(site, {"title": "支部简介", "slug": "about", "body": "<p>简介</p>"}, user)
    post = content.create_post(site, {"title": "新闻一则", "body": "<p>正文</p>"}, user)
    item = menus.add_menu_item(site, label="简介", page=page, user=user)
    honour = gallery.create_honour(site, {"title": "五星级党支部", "level": "city"}, user)
    album = gallery.create_album(site, {"title": "主题党日"}, user)
    stored = media.save_image_bytes(png_bytes(), "a.png", branch.court, user)
    (photo,) = gallery.add_photos(album, [stored], user)
    db.session.commit()  # services flush; the caller commits
    return {
        "org_id": branch.id,
        "page_id": page.id,
        "post_id": post.id,
        "item_id": item.id,
        "honour_id": honour.id,
        "album_id": album.id,
        "photo_id": photo.id,
        "revision_id": page.latest_revision_id,
    }


def editor_rules(app):
    return [
        rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("sites_editor.") and "org_id" in rule.arguments
    ]


def build(rule, ids, court="zy", revision_id=None):
    values = {name: ids[name] for name in rule.arguments if name != "court_slug"}
    if "revision_id" in values and "post_id" in rule.arguments:
        values["revision_id"] = ids["post_revision_id"]
    values["court_slug"] = court
    return rule.build(values, append_unknown=False)[1]


def counts():
    return [
        db.session.scalar(select(func.count()).select_from(model))
        for model in (SitePage, NewsPost, ContentRevision, MenuItem, Honour, Album, Photo)
    ]


@pytest.fixture
def juvenile_ids(app, world):
    ids = fill_site(world, world.juvenile, world.juvenile_editor)
    ids["post_revision_id"] = db.session.get(NewsPost, ids["post_id"]).latest_revision_id
    return ids


def request_all(app, user_id, ids, court="zy"):
    client = app.test_client()
    results = []
    for rule in editor_rules(app):
        for method in sorted(set(rule.methods) & {"GET", "POST"}):
            db.session.expire_all()
            sign_in(current_app, client, db.session.get(User, user_id))
            url = build(rule, ids, court)
            response = client.open(url, method=method, data={"title": "篡改", "published": "1", "action": "publish"})
            results.append((method, url, response.status_code))
    return results


def test_editing_urls_of_every_kind_are_checked(app, juvenile_ids):
    arguments = set().union(*(rule.arguments for rule in editor_rules(app)))
    assert {"org_id", "page_id", "post_id", "item_id", "honour_id", "album_id", "photo_id", "revision_id"} <= arguments


@pytest.mark.parametrize("who", ["office_editor", "member_user", "wf_admin"])
def test_other_users_of_the_court_get_nothing(app, world, juvenile_ids, who):
    before = counts()
    results = request_all(app, getattr(world, who).id, juvenile_ids)
    assert results
    wrong = [r for r in results if r[2] not in (403, 404)]
    assert not wrong, wrong
    if who == "office_editor":  # holds sites.edit, but not for this branch: not even told it exists
        assert not [r for r in results if r[2] == 403 and not r[1].endswith(("/publish", "/unpublish", "/return"))]
    assert counts() == before
    assert db.session.get(SitePage, juvenile_ids["page_id"]).latest_revision.title == "支部简介"
    assert not db.session.get(Honour, juvenile_ids["honour_id"]).published


def test_another_courts_admin_addressing_these_ids_gets_404(app, world, juvenile_ids):
    before = counts()
    results = request_all(app, world.wf_admin.id, juvenile_ids, court="wf")
    wrong = [r for r in results if r[2] != 404]
    assert not wrong, wrong
    assert counts() == before


def test_objects_of_another_branch_are_not_found_under_ones_own_branch(app, world, juvenile_ids):
    """The office editor puts the juvenile branch's object ids under the
    office's own org_id: every object lookup is bound to the site."""
    office_ids = dict(juvenile_ids, org_id=world.office.id)
    content.site_of(world.office)
    before = counts()
    client = app.test_client()
    for rule in editor_rules(app):
        if set(rule.arguments) <= {"court_slug", "org_id"}:
            continue
        for method in sorted(set(rule.methods) & {"GET", "POST"}):
            sign_in(current_app, client, db.session.get(User, world.office_editor.id))
            response = client.open(build(rule, office_ids), method=method, data={"title": "篡改"})
            assert response.status_code in (403, 404), (method, rule.rule, response.status_code)
    assert counts() == before


def test_a_secretary_of_one_branch_cannot_publish_in_another(app, client, world, login_as, juvenile_ids):
    login_as(world.juvenile_secretary)
    office = fill_site(world, world.office, world.office_editor)
    assert client.post(f"/zy/manage/sites/{world.office.id}/posts/{office['post_id']}/publish").status_code == 404
    assert client.get(f"/zy/manage/sites/{world.office.id}/").status_code == 404
    assert db.session.get(NewsPost, office["post_id"]).live_revision_id is None


def test_court_admin_edits_every_branch_and_editors_see_only_theirs(app, client, world, login_as):
    login_as(world.zy_admin)
    listing = client.get("/zy/manage/sites/").get_data(as_text=True)
    assert "少年庭党支部" in listing and "办公室党支部" in listing and "立案庭党支部" not in listing
    assert client.get(f"/zy/manage/sites/{world.office.id}/").status_code == 200
    assert client.get(f"/zy/manage/sites/{world.juvenile.id}/").status_code == 200
    assert client.get(f"/zy/manage/sites/{world.wf_branch.id}/").status_code == 404

    login_as(world.office_editor)
    response = client.get("/zy/manage/sites/")
    assert response.status_code == 302 and response.location.endswith(f"/zy/manage/sites/{world.office.id}/")


def test_anonymous_visitors_are_sent_to_log_in(app, world, juvenile_ids):
    client = app.test_client()
    for rule in editor_rules(app):
        response = (
            client.get(build(rule, juvenile_ids)) if "GET" in rule.methods else client.post(build(rule, juvenile_ids))
        )
        assert response.status_code == 302 and "/auth/login" in response.location, rule.rule


def test_not_a_branch_is_not_found(app, client, world, login_as):
    login_as(world.zy_admin)
    assert client.get(f"/zy/manage/sites/{world.zy_committee.id}/").status_code == 404
