"""The document archive: uploads checked by content, safe downloads, search,
and the exports (.docx, print view, yearly zip)."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path

from docx import Document as WordDocument
from openpyxl import load_workbook
from sqlalchemy import select

from dangjian.db import db
from dangjian.modules import services as modules
from tests.conftest import sign_in

from .conftest import PDF, add_meeting, roster


def category_id(court, name="组织建设"):
    from dangjian_archives.models import DocumentCategory

    return db.session.scalar(
        select(DocumentCategory.id).where(DocumentCategory.court_id == court.id, DocumentCategory.name == name)
    )


def form(world, data: bytes, filename: str, **extra):
    values = {
        "branch_id": str(world.juvenile.id),
        "year": "2025",
        "category_id": str(category_id(world.zy)),
        "title": "2025年发展党员工作总结",
        "description": "含三名发展对象材料",
        "upload": (io.BytesIO(data), filename),
    }
    values.update(extra)
    return values


def documents():
    from dangjian_archives.models import Document

    db.session.expire_all()
    return list(db.session.scalars(select(Document)))


def test_upload_download_and_search(archives, client, login_as):
    world = archives
    login_as(world.juvenile_secretary)
    response = client.post(
        "/zy/archives/documents/new", data=form(world, PDF, "总结.pdf"), content_type="multipart/form-data"
    )
    assert response.status_code == 302
    [document] = documents()
    download = client.get(f"/zy/archives/documents/{document.id}/download")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download.headers["Content-Security-Policy"]
    for query in ("发展党员工作", "三名发展对象", "组织建设"):
        assert "2025年发展党员工作总结" in client.get(f"/zy/archives/documents/?q={query}").text
    assert "2025年发展党员工作总结" not in client.get("/zy/archives/documents/?q=品牌").text
    login_as(world.office_editor)
    assert client.get(f"/zy/archives/documents/{document.id}/download").status_code == 403
    login_as(world.wf_admin)
    assert client.get(f"/wf/archives/documents/{document.id}/download").status_code == 404


def test_html_disguised_as_pdf_is_refused(archives, client, login_as):
    world = archives
    login_as(world.juvenile_secretary)
    html = b"<!doctype html><html><script>alert(document.cookie)</script></html>"
    response = client.post(
        "/zy/archives/documents/new", data=form(world, html, "总结.pdf"), content_type="multipart/form-data"
    )
    assert response.status_code == 200
    assert "文件格式不支持" in response.text and "2025年发展党员工作总结" in response.text  # nothing typed is lost
    assert documents() == []


def test_traversal_filename_is_stored_under_an_internal_name(archives, client, login_as, app):
    world = archives
    login_as(world.juvenile_secretary)
    client.post(
        "/zy/archives/documents/new",
        data=form(world, PDF, "../../../../tmp/evil.pdf"),
        content_type="multipart/form-data",
    )
    [document] = documents()
    assert document.stored.original_name == "evil.pdf"
    assert "/" not in document.stored.internal_name and ".." not in document.stored.internal_name
    assert not Path("/tmp/evil.pdf").exists()
    disposition = client.get(f"/zy/archives/documents/{document.id}/download").headers["Content-Disposition"]
    assert ".." not in disposition and "/" not in disposition.split("filename*=")[0]


def test_oversized_file_gets_a_chinese_error(archives, client, login_as):
    world = archives
    modules.save_settings(world.zy, "archives", {"filing_days": 3, "reminder_days": 15, "upload_max_mb": 1})
    db.session.commit()
    login_as(world.juvenile_secretary)
    big = PDF + b"0" * (1024 * 1024 + 10)
    response = client.post(
        "/zy/archives/documents/new", data=form(world, big, "big.pdf"), content_type="multipart/form-data"
    )
    assert response.status_code == 200 and "文件太大" in response.text
    assert documents() == []


def test_request_above_the_host_limit_is_413(archives, make_app):
    world = archives
    small = make_app(MAX_CONTENT_LENGTH=256 * 1024)
    client = small.test_client()
    with small.app_context():
        from dangjian.auth.models import User

        sign_in(small, client, db.session.get(User, world.juvenile_secretary.id))
        response = client.post(
            "/zy/archives/documents/new",
            data=form(world, PDF + b"0" * 300 * 1024, "big.pdf"),
            content_type="multipart/form-data",
        )
    assert response.status_code == 413
    assert "文件太大" in response.text


def zip_bomb_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (60 * 1024 * 1024))
    return buffer.getvalue()


def test_zip_bomb_like_docx_is_refused(archives, client, login_as):
    world = archives
    login_as(world.juvenile_secretary)
    response = client.post(
        "/zy/archives/documents/new", data=form(world, zip_bomb_docx(), "总结.docx"), content_type="multipart/form-data"
    )
    assert response.status_code == 200 and "解压后体积过大" in response.text
    assert documents() == []


def test_meeting_exports_as_word_and_print_view(archives, client, login_as):
    world = archives
    members = roster(world.juvenile, 2)
    db.session.commit()
    login_as(world.juvenile_secretary)
    client.post(
        "/zy/archives/meetings/new",
        data={
            "branch_id": world.juvenile.id,
            "type_id": _type(world, "lesson"),
            "title": "红旗渠精神专题党课",
            "held_on": "2025-06-12",
            "start_time": "15:00",
            "place": "院史馆",
            "chair": "林晓彤",
            "recorder": "周立言",
            "lecturer": "林晓彤",
            "hours": "1.5",
            "minutes": "第一部分……\n第二部分……",
            f"att-{members[0].id}": "absent",
            f"reason-{members[0].id}": "外出开庭",
        },
    )
    from dangjian_archives.models import Meeting

    meeting = db.session.scalars(select(Meeting)).one()
    word = client.get(f"/zy/archives/meetings/{meeting.id}/word")
    assert word.status_code == 200 and word.mimetype.endswith("wordprocessingml.document")
    document = WordDocument(io.BytesIO(word.data))
    text = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "红旗渠精神专题党课" in text and "院史馆" in text and "应到 3 人，实到 2 人" in text
    assert f"{members[0].name}（外出开庭）" in text and "第二部分" in text
    assert "少年庭党支部党课记录" in document.paragraphs[0].text
    printed = client.get(f"/zy/archives/meetings/{meeting.id}/print").text
    assert "红旗渠精神专题党课" in printed
    stylesheet = re.search(r'href="([^"]*/print\.css(?:\?v=\w+)?)"', printed).group(
        1
    )  # a file: the CSP allows no <style>
    assert "@media print" in client.get(stylesheet).text


def _type(world, code):
    from .conftest import meeting_type

    return meeting_type(world.zy, code).id


def test_yearly_bundle_lists_every_file(archives, client, login_as):
    world = archives
    roster(world.juvenile, 2)
    add_meeting(world.juvenile, "general", date(2025, 3, 5), title="一季度党员大会")
    add_meeting(world.juvenile, "committee", date(2025, 4, 5), title="四月支委会")
    add_meeting(world.juvenile, "committee", date(2025, 5, 5), title="草稿不归档", status="draft")
    add_meeting(world.office, "committee", date(2025, 4, 5), title="别的支部")
    db.session.commit()
    login_as(world.juvenile_secretary)
    client.post("/zy/archives/documents/new", data=form(world, PDF, "总结.pdf"), content_type="multipart/form-data")
    client.post(
        "/zy/archives/documents/new",
        data=form(world, PDF, "名单.pdf", title="发展对象名单/第一批"),
        content_type="multipart/form-data",
    )
    page = client.get(f"/zy/archives/bundles/?branch={world.juvenile.id}&year=2025")
    assert "2 份会议记录、2 份档案文件" in page.text
    response = client.post("/zy/archives/bundles/", data={"branch_id": world.juvenile.id, "year": 2025})
    assert response.status_code == 302
    from dangjian_archives.models import Bundle

    bundle = db.session.scalars(select(Bundle)).one()
    download = client.get(f"/zy/archives/bundles/{bundle.id}/download")
    assert download.status_code == 200 and download.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(download.data))
    names = set(archive.namelist()) - {"目录.xlsx"}
    sheet = load_workbook(io.BytesIO(archive.read("目录.xlsx"))).active
    listed = {row[1] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert listed == names and len(names) == 4
    assert any("一季度党员大会" in name for name in names) and not any(
        "草稿" in name or "别的支部" in name for name in names
    )
    assert all(".." not in name and not name.startswith("/") for name in names)
    for name in names:
        if name.endswith(".docx"):
            WordDocument(io.BytesIO(archive.read(name)))  # opens
    login_as(world.office_editor)
    assert client.get(f"/zy/archives/bundles/{bundle.id}/download").status_code == 403


def test_handover_record(archives, client, login_as):
    world = archives
    login_as(world.juvenile_secretary)
    response = client.post(
        "/zy/archives/handovers/",
        data={
            "branch_id": world.juvenile.id,
            "handed_on": "2026-03-01",
            "post": "组织委员",
            "from_name": "林晓彤",
            "to_name": "周立言",
            "items": "2025 年三会一课记录本 2 册",
        },
    )
    assert response.status_code == 302
    assert "2025 年三会一课记录本 2 册" in client.get("/zy/archives/handovers/").text


def test_categories_are_editable(archives, client, login_as):
    world = archives
    login_as(world.zy_admin)
    client.post("/zy/archives/manage/categories", data={"name": "精神文明创建", "retention_years": 10})
    assert "精神文明创建" in client.get("/zy/archives/manage/").text
    login_as(world.juvenile_secretary)
    assert client.post("/zy/archives/manage/categories", data={"name": "x", "retention_years": 1}).status_code == 403
