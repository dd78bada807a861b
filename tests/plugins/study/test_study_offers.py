"""dangjian_study_offer_material: another module offers a study material,
created once per source and key, through court_hooks (no import)."""

from __future__ import annotations

import io

from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from dangjian.api import court_hooks
from dangjian.db import db
from dangjian.files.services import save_upload
from dangjian.files.sniffing import DOCUMENTS
from dangjian.modules import services as modules
from dangjian_study.models import StudyMaterial

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _offer(court, **extra):
    offer = {
        "source": "redculture",
        "source_key": "resource-7",
        "title": "红旗渠的故事",
        "kind": "article",
        "body_html": "<p>故事</p><script>alert(1)</script>",
    }
    offer.update(extra)
    with_request = court_hooks(court, "dangjian_study_offer_material", offer=offer)
    db.session.commit()
    return with_request


def test_offer_creates_once_and_updates(study, app):
    with app.test_request_context():
        first = _offer(study.zy)
        material = db.session.get(StudyMaterial, first[0]["id"])
        assert first[0]["created"] and first[0]["url"] == f"/zy/study/materials/{material.id}"
        assert material.scope == "court" and "<script>" not in material.body_html
        material.minutes = 120  # set in the study module: kept on the next offer
        db.session.commit()
        second = _offer(study.zy, title="红旗渠的故事（修订）")
    assert second[0] == {"id": material.id, "url": first[0]["url"], "created": False}
    assert db.session.scalar(select(func.count(StudyMaterial.id))) == 1
    assert material.title == "红旗渠的故事（修订）" and material.minutes == 120


def test_offered_file_is_copied(study, app):
    stored = save_upload(
        FileStorage(io.BytesIO(PDF), filename="读本.pdf"), allowed=DOCUMENTS, max_bytes=10**6, court=study.zy
    )
    db.session.commit()
    with app.test_request_context():
        answer = _offer(study.zy, kind="document", file_id=stored.id)
    material = db.session.get(StudyMaterial, answer[0]["id"])
    assert material.file_id != stored.id and material.file.sha256 == stored.sha256


def test_no_answer_where_study_is_disabled(study, app):
    modules.set_enabled(study.zy, "study", False)
    db.session.commit()
    with app.test_request_context():
        assert _offer(study.zy) == []
    assert db.session.scalar(select(func.count(StudyMaterial.id))) == 0
