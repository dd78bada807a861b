"""What a file is, judged by its bytes.

Extensions and browser-sent content types are ignored: an HTML page renamed
``.jpg`` or a script saved as ``.pdf`` is refused here.  Office files are zip
containers; they are opened to check their parts and to refuse archives
whose declared contents would expand far beyond the upload (zip bombs).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO

from ..refusals import Refused


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    mime_type: str
    extension: str


KINDS = {
    kind.name: kind
    for kind in (
        Kind("pdf", "PDF 文档", "application/pdf", "pdf"),
        Kind("docx", "Word 文档", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
        Kind("xlsx", "Excel 表格", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
        Kind(
            "pptx",
            "PowerPoint 演示文稿",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "pptx",
        ),
        Kind("jpeg", "JPEG 图片", "image/jpeg", "jpg"),
        Kind("png", "PNG 图片", "image/png", "png"),
        Kind("gif", "GIF 图片", "image/gif", "gif"),
        Kind("webp", "WebP 图片", "image/webp", "webp"),
        Kind("mp4", "MP4 视频", "video/mp4", "mp4"),
        Kind("webm", "WebM 视频", "video/webm", "webm"),
        Kind("mp3", "MP3 音频", "audio/mpeg", "mp3"),
    )
}
DOCUMENTS = frozenset({"pdf", "docx", "xlsx", "pptx"})
IMAGES = frozenset({"jpeg", "png", "gif", "webp"})
VIDEOS = frozenset({"mp4", "webm"})

OFFICE_PARTS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
MAX_ZIP_EXPANSION = 100  # declared uncompressed size / compressed size
MAX_ZIP_TOTAL = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 5000


class NotAllowed(Refused):
    """The file is not of an accepted kind; the message is for the user."""


def sniff(stream: IO[bytes]) -> str | None:
    """The kind name of the file, or None when it is none we know."""
    stream.seek(0)
    head = stream.read(64)
    stream.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp":
        return "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm"
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "mp3"
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(stream)
    return None


def _office_kind(stream: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            if "[Content_Types].xml" not in names:
                return None
            _refuse_bombs(entries, stream)
            for kind, prefix in OFFICE_PARTS.items():
                if any(name.startswith(prefix) for name in names):
                    return kind
    except zipfile.BadZipFile:
        return None
    finally:
        stream.seek(0)
    return None


def _refuse_bombs(entries, stream: IO[bytes]) -> None:
    stream.seek(0, 2)
    compressed = max(stream.tell(), 1)
    declared = sum(entry.file_size for entry in entries)
    if len(entries) > MAX_ZIP_ENTRIES or declared > MAX_ZIP_TOTAL or declared / compressed > MAX_ZIP_EXPANSION:
        raise NotAllowed("文件内部结构异常（解压后体积过大），已拒绝。请用 Office/WPS 重新保存后再上传。")


def check(stream: IO[bytes], allowed: frozenset[str] | set[str]) -> str:
    """Return the kind of an acceptable file or raise :class:`NotAllowed`."""
    kind = sniff(stream)
    if kind is None or kind not in allowed:
        labels = "、".join(sorted({KINDS[name].label for name in allowed}))
        raise NotAllowed(f"文件格式不支持（按文件内容识别，而不是扩展名）。可以上传：{labels}。")
    return kind
