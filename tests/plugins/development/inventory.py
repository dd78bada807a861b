"""Objects of the 中院 for the route inventory (tests/host/test_route_inventory.py):
one of each thing the development module's URLs take."""

from __future__ import annotations

import io

from werkzeug.datastructures import FileStorage

from dangjian.db import db
from dangjian.files.services import save_upload
from dangjian_development import documents, services
from dangjian_development.models import CandidateDocument

from .conftest import make_candidate, walk


def route_objects(world) -> dict[str, int]:
    services.ensure_steps(world.zy)
    candidate = make_candidate(world)
    walk(world, candidate, upto="talk")
    stored = save_upload(
        FileStorage(io.BytesIO(documents.default_template("talk")), filename="谈话记录.docx"),
        allowed={"docx"},
        max_bytes=10**7,
        court=world.zy,
    )
    document = CandidateDocument(candidate_id=candidate.id, title="谈话记录", kind="talk", file_id=stored.id)
    db.session.add(document)
    db.session.commit()
    return {
        "candidate_id": candidate.id,
        "record_id": candidate.records[0].id,
        "step_id": candidate.records[0].step_id,
        "document_id": document.id,
    }
