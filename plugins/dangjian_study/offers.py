"""Materials offered by other modules (see hookspecs.py): one per source and key."""

from __future__ import annotations

import io

from flask import url_for
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from dangjian.api import KINDS, StoredFile, db, sanitize_html, save_upload, stored_path

from .models import MATERIAL_KINDS, StudyMaterial


def _copy(court, stored: StoredFile) -> StoredFile:
    upload = FileStorage(stream=io.BytesIO(stored_path(stored).read_bytes()), filename=stored.original_name)
    return save_upload(upload, allowed=frozenset({stored.kind}), max_bytes=max(stored.size, 1), court=court)


def offer_material(court, offer: dict) -> dict:
    source, key = str(offer["source"])[:40], str(offer["source_key"])[:80]
    kind = offer.get("kind", "article")
    if kind not in MATERIAL_KINDS:
        raise ValueError(f"unknown material kind {kind!r}")
    material = db.session.scalar(
        select(StudyMaterial).where(
            StudyMaterial.court_id == court.id, StudyMaterial.source == source, StudyMaterial.source_key == key
        )
    )
    created = material is None
    if material is None:
        material = StudyMaterial(
            court_id=court.id,
            scope="court",
            minutes=int(offer.get("minutes") or 60),
            source=source,
            source_key=key,
            published_by_id=offer.get("published_by_id"),
        )
        db.session.add(material)
    material.title, material.kind = str(offer["title"])[:120], kind
    material.body_html = sanitize_html(offer.get("body_html") or "")
    material.link_url = str(offer.get("link_url") or "")[:500] if kind == "link" else ""
    source_file = db.session.get(StoredFile, offer["file_id"]) if offer.get("file_id") else None
    if (
        source_file is not None
        and source_file.court_id == court.id
        and source_file.kind in KINDS
        and (material.file is None or material.file.sha256 != source_file.sha256)
    ):
        material.file = _copy(court, source_file)
    db.session.flush()
    url = url_for("study.material", court_slug=court.slug, material_id=material.id)
    return {"id": material.id, "url": url, "created": created}
