"""A branch editor who may not publish changes the brand, home sections,
menu or a shown album: visitors see nothing until the secretary publishes
(issue 20 item 8).  A publisher's own changes stay immediate."""

from __future__ import annotations

from sqlalchemy import select

from dangjian.audit.models import AuditEntry
from dangjian.db import db
from dangjian.sites import content, gallery
from dangjian.sites.models import MenuItem, Photo, SiteProposal

from .test_editor import BRAND, base, png, site
from .visitor_helpers import add_album, site_for, stored_image

SUBMITTED = "已提交审核，发布后访客可见"


def visitor_home(app) -> str:
    return app.test_client().get("/zy/s/snt/").get_data(as_text=True)


def audit(action):
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def test_editor_brand_change_waits_for_the_secretary(app, client, world, login_as):
    site_for(world.juvenile, brand_name="旧品牌", slogan="旧口号")
    login_as(world.juvenile_editor)
    response = client.post(
        f"{base(world)}/brand",
        data=dict(BRAND, logo_upload=png()),
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and SUBMITTED in text
    assert 'value="护航青春"' in text  # the editor keeps working on their version
    live = site(world)
    assert (live.brand_name, live.slogan, live.logo_file_id) == ("旧品牌", "旧口号", None)
    home = visitor_home(app)
    assert "旧口号" in home and "用心护航每一个孩子" not in home and "护航青春" not in home

    # Not the editor's to publish.
    assert client.post(f"{base(world)}/review", data={"action": "publish"}).status_code == 403
    assert site(world).brand_name == "旧品牌"

    login_as(world.juvenile_secretary)
    assert "品牌、首页栏目或菜单的修改" in client.get(f"{base(world)}/").get_data(as_text=True)
    review = client.get(f"{base(world)}/review").get_data(as_text=True)
    assert "旧口号" in review and "用心护航每一个孩子" in review and "品牌标识" in review
    assert client.post(f"{base(world)}/review", data={"action": "publish"}).status_code == 302
    live = site(world)
    assert (live.brand_name, live.slogan) == ("护航青春", "用心护航每一个孩子") and live.logo_file_id is not None
    assert live.meaning == "<p>内涵</p>"  # sanitised when proposed
    assert "用心护航每一个孩子" in visitor_home(app)
    assert db.session.scalar(select(SiteProposal)) is None
    published = audit("site.published")[-1]
    assert published.user_id == world.juvenile_secretary.id and "slogan" in published.detail["brand"]
    assert published.detail["author_id"] == world.juvenile_editor.id
    assert audit("site.submitted")[-1].user_id == world.juvenile_editor.id


def test_send_back_keeps_the_visitors_page_and_tells_the_editor(app, client, world, login_as):
    site_for(world.juvenile, slogan="旧口号")
    login_as(world.juvenile_editor)
    client.post(f"{base(world)}/brand", data=dict(BRAND, slogan="不合适的口号"))
    login_as(world.juvenile_secretary)
    client.post(f"{base(world)}/review", data={"action": "return", "reason": "口号请再斟酌"})
    assert site(world).slogan == "旧口号" and "不合适的口号" not in visitor_home(app)
    assert audit("site.returned")[-1].detail["reason"] == "口号请再斟酌"
    login_as(world.juvenile_editor)
    text = client.get(f"{base(world)}/brand").get_data(as_text=True)
    assert "退回了您的修改：口号请再斟酌" in text and 'value="不合适的口号"' in text
    client.post(f"{base(world)}/brand", data=dict(BRAND, slogan="新口号"))  # resubmitted
    assert db.session.scalar(select(SiteProposal)).status == "submitted"
    assert site(world).slogan == "旧口号"


def test_secretarys_own_changes_are_immediate(app, client, world, login_as):
    login_as(world.juvenile_secretary)
    response = client.post(f"{base(world)}/brand", data=BRAND, follow_redirects=True)
    assert "网站即时生效" in response.get_data(as_text=True)
    assert site(world).slogan == "用心护航每一个孩子" and "用心护航每一个孩子" in visitor_home(app)
    client.post(f"{base(world)}/menu", data={"page_id": "0", "label": "法院官网", "url": "https://court.example/"})
    assert 'href="https://court.example/"' in visitor_home(app)
    assert db.session.scalar(select(SiteProposal)) is None


def test_editor_menu_link_and_sections_wait_for_publishing(app, client, world, login_as):
    site_for(world.juvenile)
    login_as(world.juvenile_editor)
    menu = f"{base(world)}/menu"
    response = client.post(
        menu, data={"page_id": "0", "label": "外部链接", "url": "https://evil.example/"}, follow_redirects=True
    )
    assert SUBMITTED in response.get_data(as_text=True) and "外部链接" in response.get_data(as_text=True)
    client.post(menu, data={"page_id": "0", "label": "法院官网", "url": "https://court.example/"})
    client.post(f"{base(world)}/sections", data={"show_news": "on", "order_news": "1"})
    assert db.session.scalars(select(MenuItem)).all() == []
    home = visitor_home(app)
    assert (
        "evil.example" not in home and "court.example" not in home and "最新动态" in home and "品牌“五有”" not in home
    )
    assert site(world).sections == content.default_sections()

    # The editor reorders and removes entries of their own proposal.
    proposal = db.session.scalar(select(SiteProposal))
    first, second = proposal.menu
    client.post(f"{menu}/{second['id']}/move", data={"direction": "up"})
    client.post(f"{menu}/{first['id']}/delete")
    assert client.post(f"{menu}/999999/delete").status_code == 404
    db.session.expire_all()
    assert [e["label"] for e in db.session.scalar(select(SiteProposal)).menu] == ["法院官网"]
    assert "evil.example" not in visitor_home(app)

    login_as(world.juvenile_secretary)
    review = client.get(f"{base(world)}/review").get_data(as_text=True)
    assert "法院官网 → https://court.example/" in review and "首页栏目" in review
    client.post(f"{base(world)}/review", data={"action": "publish"})
    home = visitor_home(app)
    assert 'href="https://court.example/"' in home and "evil.example" not in home
    assert [i.label for i in db.session.scalars(select(MenuItem))] == ["法院官网"]
    assert [s["key"] for s in site(world).sections if s["visible"]] == ["news"]


def test_editor_photos_in_a_shown_album_are_hidden_until_approved(app, client, world, login_as):
    shown = site_for(world.juvenile)
    album = add_album(shown, "主题党日", [stored_image(world.zy)])
    login_as(world.juvenile_editor)
    response = client.post(
        f"{base(world)}/albums/{album.id}/upload",
        content_type="multipart/form-data",
        data={"photos": [png(name="a.png"), png((0, 90, 0), "b.png")]},
        follow_redirects=True,
    )
    assert SUBMITTED in response.get_data(as_text=True)
    assert sorted(p.approved for p in db.session.scalars(select(Photo))) == [False, False, True]
    visitor = app.test_client()
    assert "1 张照片" in visitor.get("/zy/s/snt/albums/").get_data(as_text=True)
    assert len(gallery.album(shown, album.id).photos) == 1
    db.session.expire_all()  # that album's photos were loaded filtered, as visitors see them
    assert client.post(f"{base(world)}/albums/{album.id}/approve").status_code == 403
    shown_photo, waiting = sorted(db.session.scalars(select(Photo)), key=lambda p: not p.approved)[:2]
    assert client.post(f"{base(world)}/albums/{album.id}/photos/{shown_photo.id}/delete").status_code == 403
    assert db.session.get(Photo, shown_photo.id) is not None  # visitors' photos are the secretary's to remove
    assert client.post(f"{base(world)}/albums/{album.id}/photos/{waiting.id}/delete").status_code == 302

    login_as(world.juvenile_secretary)
    assert "待审核" in client.get(f"{base(world)}/albums/{album.id}/").get_data(as_text=True)
    client.post(f"{base(world)}/albums/{album.id}/approve")
    assert all(p.approved for p in db.session.scalars(select(Photo)))
    assert "2 张照片" in app.test_client().get("/zy/s/snt/albums/").get_data(as_text=True)
    assert audit("site.published")[-1].summary.endswith("的 1 张照片")


def test_photos_in_a_hidden_album_need_no_second_review(app, client, world, login_as):
    album = add_album(site_for(world.juvenile), "草稿相册", published=False)
    login_as(world.juvenile_editor)
    client.post(
        f"{base(world)}/albums/{album.id}/upload",
        content_type="multipart/form-data",
        data={"photos": [png(name="a.png")]},
    )
    assert [p.approved for p in db.session.scalars(select(Photo))] == [True]  # publishing the album is the review
