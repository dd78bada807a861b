"""Storing uploads under internal names and serving them safely."""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from urllib.parse import quote

from flask import current_app, send_file
from sqlalchemy import event
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage

from ..db import db
from .models import StoredFile
from .sniffing import KINDS, NotAllowed, check

CHUNK = 1024 * 1024


def storage_root() -> Path:
    root = Path(current_app.config.get("UPLOAD_FOLDER") or Path(current_app.instance_path) / "uploads")
    root.mkdir(parents=True, exist_ok=True)
    return root


def display_name(filename: str | None) -> str:
    """The uploader's file name without any directory part (display only)."""
    name = PureWindowsPath(filename or "").name  # handles both / and \\
    return name.replace("\x00", "").strip()[:200] or "未命名文件"


@dataclass(frozen=True)
class Staged:
    """A checked upload already on disk, waiting for its row."""

    kind: str
    size: int
    sha256: str
    internal_name: str
    original_name: str


def store_file(upload: FileStorage, *, allowed, max_bytes: int) -> Staged:
    """Check an upload by content and size and copy it to the store, before
    any row is written: on SQLite the copy (up to 30 MB) would otherwise hold
    the database's write lock.  The file is removed again if the transaction
    that should record it is rolled back.  Raises :class:`NotAllowed`."""
    stream = upload.stream
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    if size == 0:
        raise NotAllowed("文件是空的，请重新选择。")
    if size > max_bytes:
        raise NotAllowed(f"文件太大（{size / 1048576:.1f} MB），不能超过 {max_bytes / 1048576:.0f} MB。")
    kind = check(stream, frozenset(allowed))
    _release_idle_write_lock()
    internal_name = f"{secrets.token_hex(16)}.{KINDS[kind].extension}"
    target = storage_root() / internal_name
    _pending_files(db.session()).append(target)
    digest = _copy(stream, target)
    return Staged(kind, size, digest, internal_name, display_name(upload.filename))


def _copy(stream, target: Path) -> str:
    digest = hashlib.sha256()
    with open(target, "xb") as handle:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            handle.write(chunk)
    return digest.hexdigest()


def save_upload(upload: FileStorage, *, allowed, max_bytes: int, court=None, user=None) -> StoredFile:
    """Check an upload by content and size, store it, and add its row.

    Raises :class:`NotAllowed` (a Chinese message for the form) for a file
    of the wrong kind or too large.  The caller commits; if it rolls back
    instead, the stored bytes are removed too.
    """
    staged = store_file(upload, allowed=allowed, max_bytes=max_bytes)
    stored = StoredFile(
        court_id=court.id if court is not None else None,
        kind=staged.kind,
        mime_type=KINDS[staged.kind].mime_type,
        size=staged.size,
        sha256=staged.sha256,
        internal_name=staged.internal_name,
        original_name=staged.original_name,
        uploaded_by_id=user.id if user is not None and getattr(user, "is_authenticated", False) else None,
    )
    db.session.add(stored)
    db.session.flush()
    return stored


# --- files written in a transaction live or die with it ------------------------

_PENDING = "dangjian.files.pending"
_FLUSHED = "dangjian.files.flushed"


def _pending_files(session: Session) -> list[Path]:
    return session.info.setdefault(_PENDING, [])


def _release_idle_write_lock() -> None:
    """End a SQLite transaction that has only read so far (a writing request
    begins IMMEDIATE at its first query), so the copy runs without the lock.
    A transaction with changes is left alone: committing it would save half
    of the caller's work."""
    session = db.session()
    if db.engine.dialect.name != "sqlite" or not session.in_transaction():
        return
    if session.new or session.dirty or session.deleted or session.info.get(_FLUSHED) or session.info.get(_PENDING):
        return
    session.commit()


@event.listens_for(Session, "after_flush")
def _note_flush(session, _context):
    session.info[_FLUSHED] = True


@event.listens_for(Session, "after_commit")
def _keep_files(session):
    session.info.pop(_PENDING, None)
    session.info.pop(_FLUSHED, None)


@event.listens_for(Session, "after_transaction_end")
def _remove_files_of_a_lost_transaction(session, transaction):
    if transaction.parent is not None:
        return
    session.info.pop(_FLUSHED, None)
    for path in session.info.pop(_PENDING, []):
        path.unlink(missing_ok=True)


def path_of(stored: StoredFile) -> Path:
    """Where the stored file's bytes are on disk (``dangjian.api.stored_path``)."""
    return storage_root() / stored.internal_name


def send_stored(stored: StoredFile, *, inline: bool = False):
    """Serve a stored file: attachment by default, never sniffed, sandboxed.

    Range requests are answered (videos seek), and the download name keeps
    the uploader's Chinese file name (RFC 5987).
    """
    response = send_file(
        path_of(stored),
        mimetype=stored.mime_type,
        conditional=True,
        max_age=3600,
    )
    name = stored.original_name or f"file.{stored.extension}"
    ascii_name = name.encode("ascii", "ignore").decode().replace('"', "").strip() or f"file.{stored.extension}"
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = (
        f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


def delete_stored(stored: StoredFile) -> None:
    """Remove the row and the bytes (the caller commits)."""
    path = path_of(stored)
    db.session.delete(stored)
    if path.exists():
        path.unlink()


__all__ = [
    "NotAllowed",
    "Staged",
    "delete_stored",
    "display_name",
    "path_of",
    "save_upload",
    "send_stored",
    "store_file",
]
