"""Storing uploads under internal names and serving them safely."""
from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path, PureWindowsPath
from urllib.parse import quote

from flask import current_app, send_file
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


def save_upload(upload: FileStorage, *, allowed, max_bytes: int, court=None, user=None) -> StoredFile:
    """Check an upload by content and size, store it, and add its row.

    Raises :class:`NotAllowed` (a Chinese message for the form) for a file
    of the wrong kind or too large.  The caller commits.
    """
    stream = upload.stream
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    if size == 0:
        raise NotAllowed("文件是空的，请重新选择。")
    if size > max_bytes:
        raise NotAllowed(f"文件太大（{size / 1048576:.1f} MB），不能超过 {max_bytes / 1048576:.0f} MB。")
    kind = check(stream, frozenset(allowed))
    internal_name = f"{secrets.token_hex(16)}.{KINDS[kind].extension}"
    digest = hashlib.sha256()
    target = storage_root() / internal_name
    with open(target, "xb") as handle:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            handle.write(chunk)
    stored = StoredFile(
        court_id=court.id if court is not None else None,
        kind=kind,
        mime_type=KINDS[kind].mime_type,
        size=size,
        sha256=digest.hexdigest(),
        internal_name=internal_name,
        original_name=display_name(upload.filename),
        uploaded_by_id=user.id if user is not None and getattr(user, "is_authenticated", False) else None,
    )
    db.session.add(stored)
    db.session.flush()
    return stored


def path_of(stored: StoredFile) -> Path:
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
    response.headers["Content-Disposition"] = f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
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


__all__ = ["NotAllowed", "delete_stored", "display_name", "path_of", "save_upload", "send_stored"]
