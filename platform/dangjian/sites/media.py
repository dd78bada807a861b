"""Images for the microsites: checked by content, size-limited, EXIF
stripped, thumbnails made once and cached under the instance folder.

Images are served by a signed token (court id + file id) rather than by the
plain file id: a visitor can fetch only images that an editor's content
links to, never another stored file of the court (member documents).
"""

from __future__ import annotations

import io
import os
import secrets
import time
import warnings
from pathlib import Path
from typing import Any

from flask import current_app, g, url_for
from itsdangerous import BadSignature, URLSafeSerializer
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError
from werkzeug.datastructures import FileStorage

from ..files.services import display_name, path_of, save_upload
from ..files.sniffing import IMAGES, KINDS, NotAllowed, check
from .errors import ImageTooLarge

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a decompression bomb is refused long before memory runs out
MAX_FRAMES = 300
MAX_TOTAL_PIXELS = 25_000_000  # summed over an animation's frames: about a second of decoding
DECODE_SECONDS = 5.0
Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow raises DecompressionBombError at twice this, warns above it
MAX_SIDE = 4096  # larger photos are scaled down on upload (nobody needs more on an intranet site)
SIZES = {"thumb": 360, "medium": 1024, "full": MAX_SIDE}
PIL_FORMATS = {"jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP"}
TOKEN_SALT = "dangjian.sites.media"


def max_bytes() -> int:
    return int(current_app.config.get("SITES_IMAGE_MAX_BYTES", DEFAULT_MAX_BYTES))


def _measure(stream) -> int:
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return size


def clean_image_bytes(stream) -> tuple[bytes, str]:
    """Decode and re-encode an image: drops EXIF (GPS, camera, names) and
    anything hidden after the pixels.  Returns ``(bytes, kind)``.

    What the header already tells (size, frame count) is checked before any
    pixel is decoded: a 43 KB GIF can declare 50 frames of 2000×2000 and cost
    seconds of CPU to decode, so work is bounded by pixels and by time."""
    kind = check(stream, IMAGES)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image: Image.Image = Image.open(stream)  # lazy: reads the header only
            animated = kind == "gif" and getattr(image, "is_animated", False)
            _refuse_bombs(image.size, getattr(image, "n_frames", 1) if animated else 1)
            if animated:
                frames = _decode_frames(image)
            else:
                image.load()
    except NotAllowed:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        ValueError,
        EOFError,
    ) as error:
        raise NotAllowed("图片已损坏或尺寸过大，无法读取。请用看图软件另存后再上传。") from error
    out = io.BytesIO()
    if animated:
        loop = {"loop": image.info["loop"]} if "loop" in image.info else {}  # without it the GIF plays once
        frames[0].save(
            out,
            format="GIF",
            save_all=True,
            append_images=frames[1:],
            optimize=False,
            duration=[f.info.get("duration", 100) for f in frames],
            **loop,
        )
    else:
        image = ImageOps.exif_transpose(image)  # keep the photo upright once EXIF is gone
        if max(image.size) > MAX_SIDE:
            image.thumbnail((MAX_SIDE, MAX_SIDE))
        image = _normalise_mode(image, kind)
        options = {"quality": 88} if kind in ("jpeg", "webp") else {}
        image.save(out, format=PIL_FORMATS[kind], **options)
    return out.getvalue(), kind


def _refuse_bombs(size: tuple[int, int], frames: int) -> None:
    width, height = size
    if width * height > MAX_PIXELS:
        raise NotAllowed(f"图片尺寸过大（{width}×{height} 像素），服务器不予处理。请缩小到 4000 万像素以内后再上传。")
    if frames > MAX_FRAMES or width * height * frames > MAX_TOTAL_PIXELS:
        raise NotAllowed(
            f"动图帧数过多或画面过大（{width}×{height} 像素，{frames} 帧），服务器不予处理。"
            "请减少帧数或缩小尺寸后再上传，或改用静态图片。"
        )


def _decode_frames(image: Image.Image) -> list[Image.Image]:
    """Every frame of an animated GIF, within a time budget (the pixel limit
    bounds the work; the deadline is the backstop for slow decoders)."""
    deadline = time.monotonic() + DECODE_SECONDS
    frames = []
    for frame in ImageSequence.Iterator(image):
        if time.monotonic() > deadline:
            raise NotAllowed("动图处理超时，服务器不予处理。请减少帧数或缩小尺寸后再上传，或改用静态图片。")
        copy = frame.copy()
        copy.info["duration"] = frame.info.get("duration", 100)
        frames.append(copy)
    return frames


def _normalise_mode(image: Image.Image, kind: str) -> Image.Image:
    if kind == "jpeg" and image.mode not in ("RGB", "L"):
        return image.convert("RGB")
    if kind in ("png", "webp") and image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        return image.convert("RGBA")
    return image


def save_image(upload: FileStorage, court, user):
    """Store an uploaded image (the caller commits); raises
    :class:`NotAllowed` (or :class:`ImageTooLarge`) with a Chinese message."""
    stream = upload.stream
    size = _measure(stream)
    if size == 0:
        raise NotAllowed("文件是空的，请重新选择。")
    limit = max_bytes()
    if size > limit:
        raise ImageTooLarge(f"图片太大（{size / 1048576:.1f} MB），不能超过 {limit / 1048576:.0f} MB。")
    data, _kind = clean_image_bytes(stream)
    cleaned = FileStorage(stream=io.BytesIO(data), filename=display_name(upload.filename))
    return save_upload(cleaned, allowed=IMAGES, max_bytes=limit, court=court, user=user)


def save_image_bytes(data: bytes, filename: str, court, user):
    """For generated or extracted images (demo, .docx import)."""
    return save_image(FileStorage(stream=io.BytesIO(data), filename=filename), court, user)


# --- signed URLs -------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT)


def media_token(court_id: int, file_id: int) -> str:
    return _serializer().dumps([court_id, file_id])


def read_token(token: str) -> tuple[int, int] | None:
    try:
        court_id, file_id = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(court_id, int) or not isinstance(file_id, int):
        return None
    return court_id, file_id


def image_url(file_id: int | None, size: str = "medium", court_id: int | None = None, court_slug: str | None = None):
    """URL of a stored image of the court being served (None for no image)."""
    if not file_id:
        return None
    court_id = court_id if court_id is not None else g.court.id
    values: dict[str, Any] = {"media_token": media_token(court_id, file_id), "size": size}
    if court_slug:
        values["court_slug"] = court_slug
    return url_for("sites.media", **values)


# --- thumbnails ----------------------------------------------------------------


def thumbnail_root() -> Path:
    root = Path(current_app.config.get("SITES_THUMBNAIL_FOLDER") or Path(current_app.instance_path) / "site_thumbnails")
    root.mkdir(parents=True, exist_ok=True)
    return root


def rendition(stored, size: str) -> tuple[Path, str]:
    """The file to send for ``size`` and its MIME type; made on first use."""
    if size not in SIZES:
        raise KeyError(size)
    source = path_of(stored)
    if size == "full" or stored.kind == "gif":
        return source, stored.mime_type
    stem = Path(stored.internal_name).stem
    kind = "png" if stored.kind == "png" else "jpeg"
    target = thumbnail_root() / f"{stem}-{size}.{KINDS[kind].extension}"
    if not target.exists():
        _make_rendition(source, target, SIZES[size], kind)
    return target, KINDS[kind].mime_type


def _make_rendition(source: Path, target: Path, side: int, kind: str) -> None:
    with Image.open(source) as opened:
        opened.thumbnail((side, side))
        image = _normalise_mode(opened, kind)
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}")
        image.save(temporary, format=PIL_FORMATS[kind], **({"quality": 82} if kind == "jpeg" else {}))
    os.replace(temporary, target)  # concurrent first requests both finish with a whole file
