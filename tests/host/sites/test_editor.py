"""Editing a branch site: brand and theme, home sections, pages, menu, news
(with uploads and .docx import), honours and albums."""

from __future__ import annotations

import io

from docx import Document
from PIL import Image
from sqlalchemy import select

from dangjian.audit.models import AuditEntry
from dangjian.db import db
from dangjian.sites import content, gallery, menus
from dangjian.sites.errors import SiteError
from dangjian.sites.models import Album, Honour, MenuItem, NewsPost, Photo, Site, SitePage


def base(world, org=None):
    return f"/zy/manage/sites/{(org or world.juvenile).id}"


def png(color=(180, 20, 20), name="photo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), color).save(buffer, "PNG")
    buffer.seek(0)
    return (buffer, name)


def site(world, org=None):
    db.session.expire_all()
    return db.session.scalar(select(Site).where(Site.branch_id == (org or world.juvenile).id))


BRAND = {
    "brand_name": "护航青春",
    "slogan": "用心护航每一个孩子",
    "theme": "classic",
    "meaning": "<p>内涵<script>alert(1)</script></p>",
    "vehicle": "<p onclick=x()>载体</p>",
    "impact": "<p>影响</p>",
    "ts_primary_color": "#b3191e",
    "ts_accent_color": "#8a5a00",
    "ts_banner_style": "gradient",
    "ts_show_slogan": "on",
    "ts_footer_text": "不忘初心",
}


def test_publisher_changes_the_brand_at_once(app, client, world, login_as):
    login_as(world.juvenile_secretary)  # an editor's change waits for review: test_site_review.py
    assert client.get(f"{base(world)}/brand").status_code == 200
    version = content.site_of(world.juvenile).content_version
    response = client.post(
        f"{base(world)}/brand", data=dict(BRAND, logo_upload=png()), content_type="multipart/form-data"
    )
    assert response.status_code == 302
    saved = site(world)
    assert (saved.brand_name, saved.slogan, saved.theme) == ("护航青春", "用心护航每一个孩子", "classic")
    assert saved.meaning == "<p>内涵</p>" and saved.vehicle == "<p>载体</p>"  # sanitised on save
    assert saved.theme_settings["footer_text"] == "不忘初心" and saved.theme_settings["show_slogan"] is True
    assert saved.logo is not None and saved.logo.kind == "png" and saved.logo.court_id == world.zy.id
    assert saved.content_version > version
    assert "用心护航每一个孩子" in app.test_client().get("/zy/s/snt/").get_data(as_text=True)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "site.brand"))
    assert entry.user_id == world.juvenile_secretary.id and "slogan" in entry.detail["fields"]


def test_theme_colour_without_contrast_is_refused_beside_the_field(app, client, world, login_as):
    login_as(world.juvenile_editor)
    response = client.post(f"{base(world)}/brand", data=dict(BRAND, ts_primary_color="#f5f5f5"))
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and "对比度" in text and "is-invalid" in text
    assert 'value="护航青春"' in text  # nothing typed is lost
    assert site(world).brand_name == ""


def test_sections_choose_and_order_the_home(app, client, world, login_as):
    login_as(world.juvenile_secretary)
    assert client.get(f"{base(world)}/sections").status_code == 200
    client.post(
        f"{base(world)}/sections",
        data={
            "show_news": "on",
            "order_news": "2",
            "show_brand": "on",
            "order_brand": "1",
            "order_honours": "3",
            "order_albums": "4",
        },
    )
    sections = {item["key"]: item for item in site(world).sections}
    assert sections["news"]["visible"] and not sections["honours"]["visible"]
    assert sections["brand"]["order"] < sections["news"]["order"]


def test_pages_keep_a_shallow_tree_and_valid_slugs(app, client, world, login_as):
    login_as(world.juvenile_editor)
    new = f"{base(world)}/pages/new"
    assert (
        client.post(new, data={"title": "支部简介", "slug": "about", "parent_id": "0", "body": ""}).status_code == 302
    )
    top = db.session.scalar(select(SitePage).where(SitePage.slug == "about"))
    assert client.post(new, data={"title": "支委会", "slug": "committee", "parent_id": str(top.id)}).status_code == 302
    child = db.session.scalar(select(SitePage).where(SitePage.slug == "committee"))
    response = client.post(new, data={"title": "第三级", "slug": "third", "parent_id": str(child.id)})
    assert response.status_code == 200 and "is-invalid" in response.get_data(as_text=True)
    assert db.session.scalar(select(SitePage).where(SitePage.slug == "third")) is None
    # The service refuses it too, whatever a form offers.
    import pytest

    with pytest.raises(SiteError, match="最多 2 级"):
        content.create_page(site(world), {"title": "第三级", "slug": "third", "parent": child}, world.juvenile_editor)
    response = client.post(new, data={"title": "重复", "slug": "about", "parent_id": "0"})
    assert "已有网址标识" in response.get_data(as_text=True)
    response = client.post(new, data={"title": "坏标识", "slug": "../etc", "parent_id": "0"})
    assert "只能用小写英文字母" in response.get_data(as_text=True)
    listing = client.get(f"{base(world)}/pages/").get_data(as_text=True)
    assert listing.index("支部简介") < listing.index("支委会")


def test_menu_items_link_pages_or_safe_urls(app, client, world, login_as):
    login_as(world.juvenile_secretary)
    page = content.create_page(
        content.site_of(world.juvenile), {"title": "支部简介", "slug": "about"}, world.juvenile_editor
    )
    db.session.commit()
    menu = f"{base(world)}/menu"
    assert client.post(menu, data={"page_id": str(page.id), "label": ""}).status_code == 302
    assert (
        client.post(menu, data={"page_id": "0", "label": "法院官网", "url": "https://court.example/"}).status_code
        == 302
    )
    response = client.post(menu, data={"page_id": "0", "label": "坏链接", "url": "javascript:alert(1)"})
    assert response.status_code == 200 and "链接须以" in response.get_data(as_text=True)
    items = menus.editor_menu(content.site_of(world.juvenile))
    assert [i.label for i in items] == ["支部简介", "法院官网"]
    client.post(f"{menu}/{items[1].id}/move", data={"direction": "up"})
    assert [i.label for i in menus.editor_menu(content.site_of(world.juvenile))] == ["法院官网", "支部简介"]
    # The visitor's menu leaves out the unpublished page.
    assert [i.label for i in content.menu(content.site_of(world.juvenile))] == ["法院官网"]
    client.post(f"{menu}/{items[1].id}/delete")
    assert db.session.scalar(select(MenuItem).where(MenuItem.label == "法院官网")) is None


def test_post_with_cover_and_a_bad_upload_keeps_the_typed_text(app, client, world, login_as):
    login_as(world.juvenile_editor)
    new = f"{base(world)}/posts/new"
    fake = (io.BytesIO(b"<html><script>alert(1)</script></html>"), "cover.jpg")
    response = client.post(
        new,
        data={"title": "开展法治宣讲", "summary": "摘要文字", "body": "<p>正文</p>", "cover": fake},
        content_type="multipart/form-data",
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and "开展法治宣讲" in text and "摘要文字" in text
    assert db.session.scalar(select(NewsPost)) is None
    response = client.post(
        new, data={"title": "开展法治宣讲", "body": "<p>正文</p>", "cover": png()}, content_type="multipart/form-data"
    )
    assert response.status_code == 302
    post = db.session.scalar(select(NewsPost))
    assert post.cover is not None and post.cover.kind == "png"


def test_oversized_cover_is_refused_with_413(make_app, world):
    app = make_app(SITES_IMAGE_MAX_BYTES=1000)
    from tests.conftest import sign_in

    client = app.test_client()
    with app.app_context():
        sign_in(app, client, db.session.get(type(world.juvenile_editor), world.juvenile_editor.id))
        big = io.BytesIO()
        Image.effect_noise((300, 300), 80).convert("RGB").save(big, "PNG")
        big.seek(0)
        response = client.post(
            f"{base(world)}/posts/new",
            data={"title": "大图", "cover": (big, "big.png")},
            content_type="multipart/form-data",
        )
        assert response.status_code == 413
        assert "图片太大" in response.get_data(as_text=True)


def docx_bytes():
    document = Document()
    document.add_heading("少年庭走进实验中学", level=1)
    document.add_paragraph("四月十日，少年庭党支部走进实验中学。")
    document.add_heading("活动内容", level=2)
    document.add_paragraph("模拟法庭", style="List Bullet")
    image = io.BytesIO()
    Image.new("RGB", (30, 20), (10, 120, 10)).save(image, "PNG")
    image.seek(0)
    document.add_picture(image)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "年级", "人数"
    out = io.BytesIO()
    document.save(out)
    out.seek(0)
    return out


def test_docx_upload_becomes_a_draft_post_with_its_images(app, client, world, login_as):
    login_as(world.juvenile_editor)
    response = client.post(
        f"{base(world)}/posts/import",
        data={"document": (docx_bytes(), "新闻稿.docx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    post = db.session.scalar(select(NewsPost))
    revision = post.latest_revision
    assert post.status == "draft" and not post.is_live
    assert revision.title == "少年庭走进实验中学" and revision.note == "由 Word 文档导入"
    assert "<h3>活动内容</h3>" in revision.body or "<h2>活动内容</h2>" in revision.body
    assert "<li>模拟法庭</li>" in revision.body and "<table>" in revision.body and "<img" in revision.body

    renamed = (io.BytesIO(b"<html>not word</html>"), "假文档.docx")
    response = client.post(
        f"{base(world)}/posts/import", data={"document": renamed}, content_type="multipart/form-data"
    )
    assert response.status_code == 200 and "is-invalid" in response.get_data(as_text=True)


def test_honours_wait_for_the_secretary(app, client, world, login_as):
    login_as(world.juvenile_editor)
    response = client.post(
        f"{base(world)}/honours/new",
        data={
            "title": "五星级党支部",
            "level": "city",
            "awarding_body": "市直机关工委",
            "awarded_on": "2023-03-01",
            "image": png(),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    honour = db.session.scalar(select(Honour))
    assert not honour.published and honour.image is not None
    assert client.post(f"{base(world)}/honours/{honour.id}/publish", data={"published": "1"}).status_code == 403
    assert gallery.honours(content.site_of(world.juvenile)) == []

    login_as(world.juvenile_secretary)
    client.post(f"{base(world)}/honours/{honour.id}/publish", data={"published": "1"})
    assert [h.title for h in gallery.honours(site(world))] == ["五星级党支部"]

    # An editor's change to a shown honour takes it off until it is looked at again.
    login_as(world.juvenile_editor)
    client.post(f"{base(world)}/honours/{honour.id}/", data={"title": "五星级党支部（2023）", "level": "city"})
    db.session.expire_all()
    assert not db.session.get(Honour, honour.id).published
    assert gallery.honours(site(world)) == []


def test_album_takes_many_photos_with_captions_order_and_cover(app, client, world, login_as):
    login_as(world.juvenile_secretary)
    assert (
        client.post(f"{base(world)}/albums/new", data={"title": "主题党日", "description": "四月"}).status_code == 302
    )
    album = db.session.scalar(select(Album))
    fake = (io.BytesIO(b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"), "x.png")
    response = client.post(
        f"{base(world)}/albums/{album.id}/upload",
        content_type="multipart/form-data",
        data={"photos": [png((200, 0, 0), "1.png"), png((0, 200, 0), "2.png"), fake]},
    )
    assert response.status_code == 302
    photos = list(db.session.scalars(select(Photo).order_by(Photo.position)))
    assert len(photos) == 2  # the SVG was refused, the good ones kept
    assert "x.png" in client.get(f"{base(world)}/albums/{album.id}/").get_data(as_text=True)
    first, second = photos
    client.post(
        f"{base(world)}/albums/{album.id}/photos",
        data={
            f"caption_{first.id}": "重温入党誓词",
            f"position_{first.id}": "5",
            f"caption_{second.id}": "集体学习",
            f"position_{second.id}": "1",
            "cover": str(first.id),
        },
    )
    client.post(f"{base(world)}/albums/{album.id}/publish", data={"published": "1"})
    shown = gallery.album(site(world), album.id)
    assert [p.caption for p in shown.photos] == ["集体学习", "重温入党誓词"]
    assert shown.cover.id == first.id
    client.post(f"{base(world)}/albums/{album.id}/photos/{first.id}/delete")
    shown = gallery.album(site(world), album.id)
    assert [p.caption for p in shown.photos] == ["集体学习"] and shown.cover.id == second.id


def statements(queries) -> int:
    """SQL statements run, not counting transaction control (which depends
    on what the test's own session did before)."""
    return len([q for q in queries if q.split()[0].upper() not in ("BEGIN", "COMMIT", "ROLLBACK")])


def test_editor_post_list_queries_do_not_grow_with_posts(app, client, world, login_as, query_counter):
    login_as(world.juvenile_editor)
    the_site = content.site_of(world.juvenile)

    def add(n):
        for i in range(n):
            content.create_post(the_site, {"title": f"新闻{i}", "body": "<p>x</p>"}, world.juvenile_editor)
        db.session.commit()

    url = f"{base(world)}/posts/"  # (reading world's ids inside the block would count too)
    add(3)
    client.get(url)  # the session's first request loads more (login bookkeeping)
    with query_counter() as few:
        assert client.get(url).status_code == 200
    add(17)
    client.get(url)  # a change resets the cached 待办 count: warm it again
    with query_counter() as many:
        assert client.get(url).status_code == 200
    assert statements(many) == statements(few)
    with query_counter() as search:
        assert "新闻12" in client.get(url + "?q=新闻12").get_data(as_text=True)
    assert statements(search) == statements(few)
