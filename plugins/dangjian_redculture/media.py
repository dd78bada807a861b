"""Photos and files: checked by content by the host; photos lose their EXIF
(GPS position, camera) before they are stored, since chosen photos reach the
branch microsite's visitors."""

from __future__ import annotations

from werkzeug.datastructures import FileStorage

from dangjian.api import DOCUMENTS, VIDEOS, NotAllowed, save_clean_image, save_upload

FILE_MAX = 30 * 1024 * 1024  # the host accepts requests up to 32 MB


def save_photo(upload: FileStorage, court, user):
    """Stored re-encoded by the host (EXIF gone, checked by content)."""
    return save_clean_image(upload, court, user)


def save_photos(uploads, court, user) -> tuple[list, list[str]]:
    """Store every chosen photo; returns (stored files, error messages per file)."""
    stored, errors = [], []
    for upload in uploads or []:
        # Editing a base, WTForms fills the empty file field from the base's own ``photos`` (BasePhoto rows).
        if not isinstance(upload, FileStorage) or not upload.filename:
            continue
        try:
            stored.append(save_photo(upload, court, user))
        except NotAllowed as error:
            errors.append(f"{upload.filename}：{error}")
    return stored, errors


def save_resource_file(upload: FileStorage, kind: str, court, user):
    return save_upload(
        upload, allowed=VIDEOS if kind == "video" else DOCUMENTS, max_bytes=FILE_MAX, court=court, user=user
    )
