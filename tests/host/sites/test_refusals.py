"""Sites services flush and the view commits; a refusal, even one the
database raises at flush time, rolls the whole request back and shows the
reason on the form."""

from __future__ import annotations

from sqlalchemy import func, select

from dangjian.audit.models import AuditEntry
from dangjian.db import db
from dangjian.sites import content, gallery, menus
from dangjian.sites.models import ContentRevision, Honour, MenuItem, SitePage


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_services_leave_the_commit_to_their_caller(app, world):
    site = content.site_of(world.juvenile)
    db.session.commit()
    content.create_page(site, {"title": "支部简介", "slug": "about"}, world.juvenile_editor)
    gallery.create_honour(site, {"title": "五星级党支部", "level": "city"}, world.juvenile_editor)
    menus.add_menu_item(site, label="法院官网", url="https://court.example/", user=world.juvenile_editor)
    assert count(SitePage) == count(Honour) == count(MenuItem) == 1  # flushed: visible in this transaction
    db.session.rollback()
    assert count(SitePage) == count(Honour) == count(MenuItem) == count(ContentRevision) == 0
    assert count(AuditEntry, AuditEntry.action.like("site.%")) == 0


def test_a_slug_taken_meanwhile_is_refused_with_nothing_saved(app, client, world, login_as, monkeypatch):
    login_as(world.juvenile_editor)
    new = f"/zy/manage/sites/{world.juvenile.id}/pages/new"
    assert client.post(new, data={"title": "支部简介", "slug": "about", "parent_id": "0"}).status_code == 302
    # Another editor takes the slug between the check and the save: only the
    # database's unique constraint notices, at flush time.
    monkeypatch.setattr(content, "_clean_slug", lambda model, site, slug, **options: slug)
    response = client.post(new, data={"title": "另一页", "slug": "about", "parent_id": "0"})
    assert response.status_code == 200
    assert "网址标识刚被其他内容使用" in response.get_data(as_text=True)
    db.session.expire_all()
    assert [page.slug for page in db.session.scalars(select(SitePage))] == ["about"]
    assert count(ContentRevision) == 1
    assert count(AuditEntry, AuditEntry.action == "site.created") == 1
