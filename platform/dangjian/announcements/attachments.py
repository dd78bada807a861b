"""Attachments of an announcement: every upload is checked by content before
any is stored, so one bad file leaves nothing behind; the accepted ones go
to the host's file store under internal names (``files.services``)."""

from __future__ import annotations

import os

from werkzeug.datastructures import FileStorage

from ..db import db
from ..files.models import StoredFile
from ..files.services import display_name, store_file
from ..files.sniffing import DOCUMENTS, IMAGES, KINDS, NotAllowed, check

ALLOWED = DOCUMENTS | IMAGES
MAX_BYTES = 20 * 1024 * 1024
MAX_FILES = 10


def chosen(files: list[FileStorage]) -> list[FileStorage]:
    return [upload for upload in files if upload is not None and upload.filename]


def check_all(uploads: list[FileStorage], already: int) -> None:
    """Raise :class:`NotAllowed` (naming the file) unless every upload is acceptable."""
    if already + len(uploads) > MAX_FILES:
        raise NotAllowed(f"附件最多 {MAX_FILES} 个（已有 {already} 个），请少选几个。")
    for upload in uploads:
        name = display_name(upload.filename)
        stream = upload.stream
        stream.seek(0, os.SEEK_END)
        size = stream.tell()
        stream.seek(0)
        if size == 0:
            raise NotAllowed(f"“{name}”是空文件，请重新选择。")
        if size > MAX_BYTES:
            raise NotAllowed(f"“{name}”太大（{size / 1048576:.1f} MB），每个附件不能超过 {MAX_BYTES // 1048576} MB。")
        try:
            check(stream, ALLOWED)
        except NotAllowed as problem:
            raise NotAllowed(f"“{name}”：{problem}") from problem
        finally:
            stream.seek(0)


def store_all(uploads: list[FileStorage], court, user) -> list[StoredFile]:
    """Store checked uploads and add their rows (the caller commits; a
    rollback removes the stored bytes too)."""
    stored = []
    for upload in uploads:
        staged = store_file(upload, allowed=ALLOWED, max_bytes=MAX_BYTES)
        stored.append(
            StoredFile(
                court_id=court.id,
                kind=staged.kind,
                mime_type=KINDS[staged.kind].mime_type,
                size=staged.size,
                sha256=staged.sha256,
                internal_name=staged.internal_name,
                original_name=staged.original_name,
                uploaded_by_id=getattr(user, "id", None),
            )
        )
    db.session.add_all(stored)
    return stored
