"""Objects of the 中院 for the route inventory (tests/host/test_route_inventory.py):
one of each thing the showcase module's URLs take."""

from __future__ import annotations

import io

from werkzeug.datastructures import FileStorage

from dangjian.db import db
from dangjian.files.services import save_upload
from dangjian.files.sniffing import DOCUMENTS
from dangjian_showcase.models import Attachment, CourtHonour, Criterion, Entry, Judge, Review

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def route_objects(world) -> dict[str, int]:
    review = Review(
        court_id=world.zy.id,
        title="品牌展评",
        status="open",
        votes_enabled=True,
        criteria=[Criterion(name="特色", weight=100)],
        judges=[Judge(user_id=world.zy_admin.id)],
    )
    honour = CourtHonour(court_id=world.zy.id, title="市级党建示范点", level="city")
    db.session.add_all([review, honour])
    db.session.flush()
    entry = Entry(
        court_id=world.zy.id,
        review_id=review.id,
        branch_id=world.juvenile.id,
        summary="品牌介绍",
        submitted_at=db.func.now(),
    )
    db.session.add(entry)
    db.session.flush()
    stored = save_upload(FileStorage(io.BytesIO(PDF), "材料.pdf"), allowed=DOCUMENTS, max_bytes=1 << 20, court=world.zy)
    attachment = Attachment(entry_id=entry.id, file_id=stored.id)
    db.session.add(attachment)
    db.session.commit()
    return {"review_id": review.id, "entry_id": entry.id, "attachment_id": attachment.id, "honour_id": honour.id}
