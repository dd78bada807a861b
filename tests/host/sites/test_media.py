"""Microsite images: checked by content, size-limited, EXIF stripped,
thumbnails made once; the editor widget's upload; .docx import."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from dangjian.db import db
from dangjian.files.models import StoredFile
from dangjian.files.services import path_of, save_upload
from dangjian.files.sniffing import DOCUMENTS, NotAllowed
from dangjian.sites import media
from dangjian.sites.docx_import import docx_to_html

from .visitor_helpers import image_bytes, stored_image


def upload(client, org_id, data: bytes, name: str):
    return client.post(
        f"/zy/s/_media/upload/{org_id}", data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data"
    )


def test_editor_uploads_an_image_and_exif_is_stripped(client, world, login_as):
    login_as(world.juvenile_editor)
    original = image_bytes("JPEG", exif=True)
    assert b"SecretCamera" in original
    response = upload(client, world.juvenile.id, original, "会议.jpg")
    assert response.status_code == 200, response.get_json()
    location = response.get_json()["location"]
    assert location.startswith("/zy/s/_media/") and location.endswith("/medium")
    stored = db.session.scalars(db.select(StoredFile)).one()
    data = path_of(stored).read_bytes()
    assert b"SecretCamera" not in data
    assert not Image.open(io.BytesIO(data)).getexif()
    assert stored.original_name == "会议.jpg" and stored.internal_name != "会议.jpg"
    assert client.get(location).status_code == 200


@pytest.mark.parametrize(
    "payload,name",
    [
        (b"<html><script>alert(1)</script></html>", "photo.jpg"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>', "logo.svg"),
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.png"),
        (b"%PDF-1.4 not an image", "scan.png"),
        (b"\x89PNG\r\n\x1a\n" + b"garbage" * 10, "broken.png"),
    ],
)
def test_bad_uploads_are_refused(client, world, login_as, payload, name):
    login_as(world.juvenile_editor)
    response = upload(client, world.juvenile.id, payload, name)
    assert response.status_code == 400
    assert "图片" in response.get_json()["error"]
    assert db.session.scalar(db.select(db.func.count(StoredFile.id))) == 0


def test_oversized_image_is_413(make_app, world):
    app = make_app(SITES_IMAGE_MAX_BYTES=2000)
    with app.app_context():
        from tests.conftest import sign_in

        client = app.test_client()
        sign_in(app, client, db.session.merge(world.juvenile_editor))
        big = image_bytes("PNG", size=(400, 400))
        response = upload(client, world.juvenile.id, big + b"\0" * 3000, "big.png")
        assert response.status_code == 413
        assert "图片太大" in response.get_json()["error"]


def test_request_over_the_server_limit_is_413(make_app, world):
    app = make_app(MAX_CONTENT_LENGTH=5000)
    with app.app_context():
        from tests.conftest import sign_in

        client = app.test_client()
        sign_in(app, client, db.session.merge(world.juvenile_editor))
        response = upload(client, world.juvenile.id, b"\0" * 10000, "big.png")
        assert response.status_code == 413


@pytest.mark.parametrize("name", ["../../../etc/passwd.png", "..\\..\\windows\\evil.png", "/abs/x.png"])
def test_traversal_filenames_never_reach_the_disk(client, world, login_as, name):
    login_as(world.juvenile_editor)
    response = upload(client, world.juvenile.id, image_bytes(), name)
    assert response.status_code == 200
    stored = db.session.scalars(db.select(StoredFile)).one()
    assert "/" not in stored.original_name and "\\" not in stored.original_name
    assert path_of(stored).parent == path_of(stored).parent.resolve()
    assert path_of(stored).name == stored.internal_name and stored.internal_name.endswith(".png")


def test_upload_is_scoped_to_the_editors_branch(client, world, login_as):
    login_as(world.office_editor)
    assert upload(client, world.juvenile.id, image_bytes(), "a.png").status_code == 404
    login_as(world.wf_admin)
    assert upload(client, world.juvenile.id, image_bytes(), "a.png").status_code in (403, 404)
    login_as(world.member_user)
    assert upload(client, world.juvenile.id, image_bytes(), "a.png").status_code == 403


def test_anonymous_upload_goes_to_login(client, world):
    response = upload(client, world.juvenile.id, image_bytes(), "a.png")
    assert response.status_code == 302 and "/auth/login" in response.location


def test_thumbnails_are_made_once_and_cached(app, client, world):
    stored = stored_image(world.zy, size=(1200, 900))
    url = f"/zy/s/_media/{media.media_token(world.zy.id, stored.id)}/thumb"
    first = client.get(url)
    assert first.status_code == 200 and first.mimetype == "image/png"
    assert max(Image.open(io.BytesIO(first.data)).size) == media.SIZES["thumb"]
    files = list(media.thumbnail_root().glob(f"{stored.internal_name.split('.')[0]}-thumb.*"))
    assert len(files) == 1
    made_at = files[0].stat().st_mtime_ns
    assert client.get(url).data == first.data
    assert files[0].stat().st_mtime_ns == made_at
    assert first.headers["X-Content-Type-Options"] == "nosniff"


def test_media_urls_cannot_be_forged_or_reused_across_courts(client, world):
    stored = stored_image(world.zy)
    token = media.media_token(world.zy.id, stored.id)
    assert client.get(f"/zy/s/_media/{token}/thumb").status_code == 200
    assert client.get(f"/zy/s/_media/{token}/huge").status_code == 404
    assert client.get(f"/wf/s/_media/{token}/thumb").status_code == 404  # token of another court
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(f"/zy/s/_media/{forged}/thumb").status_code == 404
    wrong_court = media.media_token(world.wf.id, stored.id)
    assert client.get(f"/wf/s/_media/{wrong_court}/thumb").status_code == 404  # the file is 中院's


def test_a_signed_url_never_serves_a_non_image(client, world):
    pdf = io.BytesIO(b"%PDF-1.4\n" + b"0" * 100)
    from werkzeug.datastructures import FileStorage

    stored = save_upload(FileStorage(pdf, "党员材料.pdf"), allowed=DOCUMENTS, max_bytes=10_000, court=world.zy)
    db.session.commit()
    token = media.media_token(world.zy.id, stored.id)
    assert client.get(f"/zy/s/_media/{token}/full").status_code == 404


def _docx(with_image=True) -> io.BytesIO:
    from docx import Document

    document = Document()
    document.add_heading("护航青春品牌建设总结", level=0)
    document.add_heading("一、主要做法", level=1)
    paragraph = document.add_paragraph("坚持")
    paragraph.add_run("三会一课").bold = True
    document.add_paragraph("法治进校园", style="List Bullet")
    document.add_paragraph("圆桌审判", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "项目", "次数"
    table.cell(1, 0).text, table.cell(1, 1).text = "巡讲", "12"
    if with_image:
        document.add_picture(io.BytesIO(image_bytes("PNG", exif=False)))
    out = io.BytesIO()
    document.save(out)
    out.seek(0)
    return out


def test_docx_becomes_title_and_structured_html_with_images(app, world):
    with app.test_request_context("/zy/"):
        title, html = docx_to_html(_docx(), world.zy, None)
    assert title == "护航青春品牌建设总结"
    assert "<h2>一、主要做法</h2>" in html
    assert "<strong>三会一课</strong>" in html
    assert "<ul><li>法治进校园</li><li>圆桌审判</li></ul>" in html
    assert "<table>" in html and "<td>" in html and "巡讲" in html
    assert 'src="/zy/s/_media/' in html
    assert db.session.scalar(db.select(db.func.count(StoredFile.id))) == 1


def test_docx_import_refuses_other_files(app, world):
    with app.test_request_context("/zy/"):
        with pytest.raises(NotAllowed):
            docx_to_html(io.BytesIO(b"<html>not word</html>"), world.zy, None)
        with pytest.raises(NotAllowed):
            docx_to_html(io.BytesIO(image_bytes()), world.zy, None)


def animated_gif(side: int, frames: int) -> bytes:
    """Tiny file, huge decode: each frame differs by one pixel of a big canvas."""
    images = []
    for number in range(frames):
        frame = Image.new("L", (side, side), 0)
        frame.putpixel((number, 0), 255)
        images.append(frame)
    out = io.BytesIO()
    images[0].save(out, format="GIF", save_all=True, append_images=images[1:], optimize=False)
    return out.getvalue()


def test_animated_gif_bomb_is_refused_from_its_header(client, world, login_as):
    login_as(world.juvenile_editor)
    bomb = animated_gif(1000, 30)  # 30 million pixels in a few kilobytes
    assert len(bomb) < 20_000
    response = upload(client, world.juvenile.id, bomb, "动图.gif")
    assert response.status_code == 400
    assert "动图帧数过多或画面过大" in response.get_json()["error"]
    assert db.session.scalar(db.select(db.func.count(StoredFile.id))) == 0


def test_small_animated_gif_keeps_its_frames(client, world, login_as):
    login_as(world.juvenile_editor)
    response = upload(client, world.juvenile.id, animated_gif(120, 8), "小动图.gif")
    assert response.status_code == 200, response.get_json()
    stored = db.session.scalars(db.select(StoredFile)).one()
    assert Image.open(path_of(stored)).n_frames == 8
