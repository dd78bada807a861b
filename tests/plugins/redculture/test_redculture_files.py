"""Uploads are checked by content; videos are served with range requests."""

from __future__ import annotations

import io

from sqlalchemy import select

from dangjian.db import db
from dangjian_redculture.models import ActivityPhoto, Base, Resource

from .conftest import MP4, make_activity, png_bytes


def test_photos_are_checked_by_content(red, client, login_as):
    activity = make_activity(red.zy, branches=[red.juvenile])
    login_as(red.juvenile_secretary)
    page = client.post(
        f"/zy/redculture/activities/{activity.id}/photos",
        data={
            "photos": [(io.BytesIO(b"<script>alert(1)</script>"), "合影.jpg"), (io.BytesIO(png_bytes()), "合影.png")],
            "caption": "参观",
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "合影.jpg：文件格式不支持（按文件内容识别" in page
    photos = db.session.scalars(select(ActivityPhoto)).all()
    assert len(photos) == 1 and photos[0].file.kind == "png"
    response = client.get(f"/zy/redculture/photos/{photos[0].id}")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_photo_exif_is_removed(red, client, login_as):
    from PIL import Image

    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"
    Image.new("RGB", (40, 30), (1, 2, 3)).save(out, format="JPEG", exif=exif)
    assert b"SecretCamera" in out.getvalue()
    login_as(red.zy_admin)
    client.post(
        "/zy/redculture/bases/new",
        data={
            "name": "青年洞",
            "place": "林州",
            "themes": "",
            "description": "",
            "visiting_notes": "",
            "photos": [(io.BytesIO(out.getvalue()), "洞口.jpg")],
        },
        content_type="multipart/form-data",
    )
    base = db.session.scalar(select(Base))
    assert len(base.photos) == 1
    assert b"SecretCamera" not in client.get(f"/zy/redculture/base-photos/{base.photos[0].id}").data


def test_base_with_a_bad_photo_keeps_the_form(red, client, login_as):
    login_as(red.zy_admin)
    response = client.post(
        "/zy/redculture/bases/new",
        data={
            "name": "汤阴精忠报国教育基地",
            "place": "汤阴",
            "themes": "",
            "description": "写好的介绍",
            "visiting_notes": "",
            "photos": [(io.BytesIO(b"%PDF-1.4 not an image"), "照片.jpg")],
        },
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "写好的介绍" in page
    assert db.session.scalar(select(Base)) is None


def test_a_base_refused_for_one_bad_photo_leaves_no_stored_file(red, client, login_as, app):
    from dangjian.files.services import storage_root

    login_as(red.zy_admin)
    with app.test_request_context():
        before = set(storage_root().iterdir())
    response = client.post(
        "/zy/redculture/bases/new",
        data={
            "name": "汤阴精忠报国教育基地",
            "place": "汤阴",
            "themes": "",
            "description": "",
            "visiting_notes": "",
            "photos": [(io.BytesIO(png_bytes()), "好照片.png"), (io.BytesIO(b"%PDF-1.4 not an image"), "坏照片.jpg")],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    with app.test_request_context():
        assert set(storage_root().iterdir()) == before  # the good photo was stored, then removed with the rollback


def test_saving_a_base_with_photos_without_adding_one(red, client, login_as):
    login_as(red.zy_admin)
    fields = {"name": "红旗渠纪念馆", "place": "林州", "themes": "", "description": "", "visiting_notes": ""}
    client.post(
        "/zy/redculture/bases/new",
        data={**fields, "photos": [(io.BytesIO(png_bytes()), "渠首.png")]},
        content_type="multipart/form-data",
    )
    base = db.session.scalar(select(Base))
    response = client.post(
        f"/zy/redculture/bases/{base.id}/edit",
        data={**fields, "description": "改过的介绍"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    db.session.expire_all()
    base = db.session.get(Base, base.id)
    assert base.description == "改过的介绍" and len(base.photos) == 1


def test_video_is_checked_and_served_with_range_requests(red, client, login_as):
    login_as(red.zy_admin)
    bad = client.post(
        "/zy/redculture/resources/new",
        data={
            "title": "假视频",
            "kind": "video",
            "base_id": 0,
            "upload": (io.BytesIO(b"MZ\x90\x00 not a video"), "片子.mp4"),
        },
        content_type="multipart/form-data",
    )
    assert bad.status_code == 422 and db.session.scalar(select(Resource)) is None
    client.post(
        "/zy/redculture/resources/new",
        data={
            "title": "青年洞的故事",
            "kind": "video",
            "base_id": 0,
            "themes": "青年担当",
            "upload": (io.BytesIO(MP4), "青年洞.mp4"),
        },
        content_type="multipart/form-data",
    )
    resource = db.session.scalar(select(Resource))
    login_as(red.member_user)
    page = client.get(f"/zy/redculture/resources/{resource.id}").get_data(as_text=True)
    assert "<video" in page and f"/zy/redculture/resources/{resource.id}/file" in page
    part = client.get(f"/zy/redculture/resources/{resource.id}/file", headers={"Range": "bytes=0-99"})
    assert part.status_code == 206 and len(part.data) == 100
    assert part.headers["Content-Range"] == f"bytes 0-99/{len(MP4)}"
    assert part.headers["Content-Disposition"].startswith("inline")
    assert part.mimetype == "video/mp4"


def test_resource_library_is_searchable_by_text_and_theme(red, client, login_as):
    db.session.add_all(
        [
            Resource(
                court_id=red.zy.id,
                title="一锤一钎凿太行",
                kind="story",
                themes="红旗渠精神、艰苦创业",
                body_html="<p>x</p>",
            ),
            Resource(court_id=red.zy.id, title="精忠报国四个字", kind="story", themes="忠诚担当", body_html="<p>x</p>"),
            Resource(
                court_id=red.wf.id, title="文峰的红色故事", kind="story", themes="红旗渠精神", body_html="<p>x</p>"
            ),
        ]
    )
    db.session.commit()
    login_as(red.member_user)
    page = client.get("/zy/redculture/resources?q=太行").get_data(as_text=True)
    assert "一锤一钎凿太行" in page and "精忠报国四个字" not in page
    page = client.get("/zy/redculture/resources?theme=忠诚担当").get_data(as_text=True)
    assert "精忠报国四个字" in page and "一锤一钎" not in page
    page = client.get("/zy/redculture/resources?theme=红旗渠精神").get_data(as_text=True)
    assert "文峰的红色故事" not in page
