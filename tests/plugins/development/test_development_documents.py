"""Standard documents: generated .docx opens and holds the file's fields; a court's own template."""

from __future__ import annotations

import io

from docx import Document

from dangjian.db import db
from dangjian_development.documents import TEMPLATES

from .conftest import make_candidate, walk


def text_of(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_each_document_is_generated_filled_from_the_file(dev, client, login_as):
    candidate = make_candidate(dev)
    candidate.department = "少年审判庭"
    candidate.contact_person = "林晓彤"
    walk(dev, candidate, upto="approve")
    login_as(dev.juvenile_secretary)
    for kind in TEMPLATES:
        assert client.post(f"/zy/development/candidates/{candidate.id}/documents/{kind}").status_code == 302, kind
    db.session.expire_all()
    assert {d.kind for d in candidate.documents} == set(TEMPLATES)
    by_kind = {d.kind: d for d in candidate.documents}
    texts = {}
    for kind, document in by_kind.items():
        response = client.get(f"/zy/development/documents/{document.id}")
        assert response.status_code == 200
        assert response.mimetype.endswith("wordprocessingml.document")
        texts[kind] = text_of(response.data)
        assert "王一鸣" in texts[kind] and "{{" not in texts[kind], kind
    assert "2022年3月20日" in texts["talk"] and "少年庭党支部" in texts["talk"]
    assert "林晓彤" in texts["activist_register"] and "2022年5月10日" in texts["activist_register"]
    assert "2023年7月1日" in texts["resolution"] and "2024年7月1日" in texts["resolution"]  # 预备期满
    assert "2023年5月20日" in texts["publicity"]
    page = client.get(f"/zy/development/candidates/{candidate.id}").get_data(as_text=True)
    assert "入党申请人谈话记录" in page and "政审报告" in page


def test_a_court_template_replaces_the_default(dev, client, login_as):
    candidate = make_candidate(dev)
    walk(dev, candidate, upto="talk")
    own = Document()
    own.add_paragraph("本院格式：{{姓名}}，{{支部}}，谈话于{{谈话日期}}")
    table = own.add_table(rows=1, cols=1)
    table.rows[0].cells[0].text = "联系人：{{培养联系人}}"
    buffer = io.BytesIO()
    own.save(buffer)
    login_as(dev.zy_admin)
    response = client.post(
        "/zy/development/templates/talk",
        data={"upload": (io.BytesIO(buffer.getvalue()), "谈话记录.docx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert "/templates/talk/reset" in client.get("/zy/development/templates").get_data(as_text=True)
    client.post(f"/zy/development/candidates/{candidate.id}/documents/talk")
    db.session.expire_all()
    data = client.get(f"/zy/development/documents/{candidate.documents[0].id}").data
    assert "本院格式：王一鸣，少年庭党支部，谈话于2022年3月20日" in text_of(data)
    assert "联系人：" in text_of(data)
    client.post("/zy/development/templates/talk/reset")
    assert "/templates/talk/reset" not in client.get("/zy/development/templates").get_data(as_text=True)


def test_a_template_that_is_not_a_word_file_is_refused(dev, client, login_as):
    login_as(dev.zy_admin)
    response = client.post(
        "/zy/development/templates/talk",
        data={"upload": (io.BytesIO(b"%PDF-1.4 not word"), "模板.docx")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "/templates/talk/reset" not in page and "Word" in page
    login_as(dev.juvenile_secretary)
    assert client.get("/zy/development/templates").status_code == 403


def test_replacing_a_template_twice_keeps_one_file(dev, client, login_as):
    from sqlalchemy import func, select

    from dangjian.files.models import StoredFile
    from dangjian_development.documents import default_template

    login_as(dev.zy_admin)
    for text in ("第一版", "第二版"):
        own = Document(io.BytesIO(default_template("talk")))
        own.add_paragraph(text)
        buffer = io.BytesIO()
        own.save(buffer)
        response = client.post(
            "/zy/development/templates/talk",
            data={"upload": (io.BytesIO(buffer.getvalue()), "谈话记录.docx")},
            content_type="multipart/form-data",
        )
        assert response.status_code == 302
    assert db.session.scalar(select(func.count(StoredFile.id))) == 1
    assert "第二版" in text_of(client.get("/zy/development/templates/talk").data)
