"""Uploads are judged by content, stored under internal names, and served
as sandboxed attachments (with range requests for video)."""

import io
import zipfile

import pytest
from werkzeug.datastructures import FileStorage

from dangjian.access import PUBLIC, requires
from dangjian.db import db
from dangjian.files.models import StoredFile
from dangjian.files.services import NotAllowed, display_name, path_of, save_upload, send_stored
from dangjian.files.sniffing import DOCUMENTS, IMAGES, VIDEOS

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"1 0 obj\n<<>>\nendobj\n" * 4
MP4 = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40


def upload(data: bytes, filename: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=filename)


def docx_bytes(extra_size: int = 0, compress: bool = False) -> bytes:
    buffer = io.BytesIO()
    mode = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(buffer, "w", mode) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>" + " " * extra_size)
    return buffer.getvalue()


def test_accepted_by_content_and_stored_under_internal_name(app, world):
    stored = save_upload(upload(PDF, "../../etc/党课材料.pdf"), allowed=DOCUMENTS, max_bytes=1_000_000, court=world.zy)
    db.session.commit()
    assert stored.kind == "pdf" and stored.mime_type == "application/pdf"
    assert stored.original_name == "党课材料.pdf"
    assert "党课" not in stored.internal_name and stored.internal_name.endswith(".pdf")
    assert path_of(stored).read_bytes() == PDF
    assert path_of(stored).parent.name == "uploads"


@pytest.mark.parametrize(
    "data, filename, allowed",
    [
        (b"<html><script>alert(1)</script></html>", "photo.jpg", IMAGES),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "logo.svg", IMAGES),
        (b"<html>not a pdf</html>", "report.pdf", DOCUMENTS),
        (PNG, "picture.pdf", DOCUMENTS),  # a real image, but not a document
        (b"PK\x03\x04 broken zip", "minutes.docx", DOCUMENTS),
    ],
)
def test_wrong_content_is_refused(app, world, data, filename, allowed):
    with pytest.raises(NotAllowed, match="文件格式不支持"):
        save_upload(upload(data, filename), allowed=allowed, max_bytes=1_000_000, court=world.zy)
    assert db.session.query(StoredFile).count() == 0


def test_office_documents_are_recognised_and_bombs_refused(app, world):
    stored = save_upload(upload(docx_bytes(), "会议记录.docx"), allowed=DOCUMENTS, max_bytes=1_000_000)
    assert stored.kind == "docx"
    bomb = docx_bytes(extra_size=30_000_000, compress=True)  # ~30 MB declared in a few KB
    assert len(bomb) < 200_000
    with pytest.raises(NotAllowed, match="解压后体积过大"):
        save_upload(upload(bomb, "bomb.docx"), allowed=DOCUMENTS, max_bytes=1_000_000)


def test_size_limit_and_empty_file(app):
    with pytest.raises(NotAllowed, match="文件太大"):
        save_upload(upload(PDF * 1000, "big.pdf"), allowed=DOCUMENTS, max_bytes=1000)
    with pytest.raises(NotAllowed, match="空的"):
        save_upload(upload(b"", "empty.pdf"), allowed=DOCUMENTS, max_bytes=1000)


@pytest.mark.parametrize(
    "raw, shown",
    [("..\\..\\windows\\x.pdf", "x.pdf"), ("/etc/passwd", "passwd"), ("", "未命名文件"), ("a\x00b.pdf", "ab.pdf")],
)
def test_display_names_never_carry_paths(raw, shown):
    assert display_name(raw) == shown


@pytest.fixture
def file_app(make_app, world):
    app = make_app()

    @requires(PUBLIC)
    def serve(file_id, inline):
        return send_stored(db.session.get(StoredFile, file_id), inline=bool(inline))

    app.add_url_rule("/__file/<int:file_id>/<int:inline>", "serve", serve)
    with app.app_context():
        video = save_upload(upload(MP4, "红旗渠.mp4"), allowed=VIDEOS, max_bytes=1_000_000)
        document = save_upload(upload(PDF, "学习材料.pdf"), allowed=DOCUMENTS, max_bytes=1_000_000)
        db.session.commit()
        app.video_id, app.document_id = video.id, document.id
    return app


def test_served_as_sandboxed_attachment(file_app):
    response = file_app.test_client().get(f"/__file/{file_app.document_id}/0")
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=UTF-8''%E5%AD%A6" in disposition


def test_video_answers_range_requests(file_app):
    client = file_app.test_client()
    response = client.get(f"/__file/{file_app.video_id}/1", headers={"Range": "bytes=100-199"})
    assert response.status_code == 206
    assert response.data == MP4[100:200]
    assert response.headers["Content-Range"] == f"bytes 100-199/{len(MP4)}"
    assert response.headers["Content-Disposition"].startswith("inline;")


def test_a_rolled_back_row_takes_its_stored_file_with_it(app, world):
    lost = save_upload(upload(PDF, "作废.pdf"), allowed=DOCUMENTS, max_bytes=1_000_000, court=world.zy)
    lost_path = path_of(lost)
    assert lost_path.exists()
    db.session.rollback()
    assert not lost_path.exists()
    kept = save_upload(upload(PDF, "保留.pdf"), allowed=DOCUMENTS, max_bytes=1_000_000, court=world.zy)
    db.session.commit()
    assert path_of(kept).exists()
    db.session.rollback()  # a later rollback leaves committed files alone
    assert path_of(kept).exists()


def test_the_copy_runs_outside_a_read_only_write_transaction(app, world, monkeypatch):
    from dangjian.files import services

    seen = []
    real_copy = services._copy
    monkeypatch.setattr(services, "_copy", lambda *args: seen.append(db.session().in_transaction()) or real_copy(*args))
    with app.test_request_context("/", method="POST"):
        db.session.get(StoredFile, 1)  # a writing request's first query begins its transaction
        assert db.session().in_transaction()
        save_upload(upload(PDF, "材料.pdf"), allowed=DOCUMENTS, max_bytes=1_000_000, court=world.zy)
        db.session.commit()
    assert seen == [db.engine.dialect.name != "sqlite"]  # SQLite: the write lock is not held while copying
