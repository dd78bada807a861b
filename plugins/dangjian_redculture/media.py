"""Photos and files: checked by content by the host; photos lose their EXIF
(GPS position, camera) before they are stored, since chosen photos reach the
branch microsite's visitors."""
from __future__ import annotations

import io

from werkzeug.datastructures import FileStorage

from dangjian.api import DOCUMENTS, IMAGES, VIDEOS, NotAllowed, save_upload

PHOTO_MAX = 10 * 1024 * 1024
FILE_MAX = 30 * 1024 * 1024  # the host accepts requests up to 32 MB
PIL_FORMATS = {"JPEG", "PNG", "WEBP"}


def _without_exif(data: bytes) -> bytes:
    try:
        from PIL import Image, ImageOps

        with Image.open(io.BytesIO(data)) as image:
            if image.format not in PIL_FORMATS:
                return data  # GIFs (maybe animated) keep their frames
            image.load()
            upright = ImageOps.exif_transpose(image)
            if image.format == "JPEG" and upright.mode not in ("RGB", "L"):
                upright = upright.convert("RGB")
            out = io.BytesIO()
            upright.save(out, format=image.format, **({"quality": 88} if image.format != "PNG" else {}))
            return out.getvalue()
    except Exception:  # not an image Pillow reads: the host's content check decides
        return data


def save_photo(upload: FileStorage, court, user):
    data = upload.stream.read(PHOTO_MAX + 1)
    if len(data) > PHOTO_MAX:
        raise NotAllowed(f"图片太大，不能超过 {PHOTO_MAX // 1048576} MB。")
    cleaned = FileStorage(stream=io.BytesIO(_without_exif(data) if data else data), filename=upload.filename)
    return save_upload(cleaned, allowed=IMAGES, max_bytes=PHOTO_MAX, court=court, user=user)


def save_photos(uploads, court, user) -> tuple[list, list[str]]:
    """Store every chosen photo; returns (stored files, error messages per file)."""
    stored, errors = [], []
    for upload in uploads or []:
        if not upload or not upload.filename:
            continue
        try:
            stored.append(save_photo(upload, court, user))
        except NotAllowed as error:
            errors.append(f"{upload.filename}：{error}")
    return stored, errors


def save_resource_file(upload: FileStorage, kind: str, court, user):
    return save_upload(upload, allowed=VIDEOS if kind == "video" else DOCUMENTS, max_bytes=FILE_MAX, court=court, user=user)
