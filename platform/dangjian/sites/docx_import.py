"""A Word document (.docx) becomes the title and body of a draft post.

mammoth keeps the structure people made in Word or WPS (headings, lists,
bold, tables) and drops the formatting noise; the document's pictures are
stored like uploaded images (checked, EXIF stripped).  The result is
sanitised before anyone sees it.
"""

from __future__ import annotations

import html
import os
import re

import mammoth

from ..files.models import StoredFile
from ..files.sniffing import NotAllowed, check
from ..richtext import sanitize_html
from . import media
from .errors import ImageTooLarge

MAX_DOCX_BYTES = 20 * 1024 * 1024
MAX_IMAGES = 60
TITLE_LENGTH = 120
# Word's heading levels move down one: a post's title is the page's <h1>.
STYLE_MAP = """
p[style-name='Title'] => h1:fresh
p[style-name='标题'] => h1:fresh
p[style-name='Heading 1'] => h2:fresh
p[style-name='heading 1'] => h2:fresh
p[style-name='标题 1'] => h2:fresh
p[style-name='Heading 2'] => h3:fresh
p[style-name='heading 2'] => h3:fresh
p[style-name='标题 2'] => h3:fresh
p[style-name='Heading 3'] => h4:fresh
p[style-name='heading 3'] => h4:fresh
p[style-name='标题 3'] => h4:fresh
"""
TAGS = re.compile(r"<[^>]+>")


def docx_to_html(stream, court, user) -> tuple[str, str]:
    """Convert an uploaded .docx; returns ``(title, html)``.

    Raises :class:`NotAllowed` with a Chinese message for anything that is
    not a Word document.  Images are added to the session (caller commits).
    """
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    if size == 0:
        raise NotAllowed("文件是空的，请重新选择。")
    if size > MAX_DOCX_BYTES:
        raise ImageTooLarge(f"文档太大（{size / 1048576:.1f} MB），不能超过 {MAX_DOCX_BYTES // 1048576} MB。")
    check(stream, {"docx"})  # by content: refuses other files and zip bombs
    stored_images: list[StoredFile] = []

    def convert_image(image):
        if len(stored_images) >= MAX_IMAGES:
            return {}
        with image.open() as source:
            data = source.read()
        try:
            stored = media.save_image_bytes(data, f"word-image-{len(stored_images) + 1}", court, user)
        except NotAllowed:
            return {}  # EMF/WMF drawings and the like: left out, the text stays
        stored_images.append(stored)
        return {
            "src": media.image_url(stored.id, "medium", court_id=court.id, court_slug=court.slug),
            "alt": image.alt_text or "",
        }

    try:
        result = mammoth.convert_to_html(
            stream, style_map=STYLE_MAP, convert_image=mammoth.images.img_element(convert_image)
        )
    except Exception as error:  # mammoth raises many kinds on a damaged file
        raise NotAllowed("无法读取这个 Word 文档，请用 Word 或 WPS 另存为 .docx 后再上传。") from error
    body = re.sub(r"<img(?![^>]*\bsrc=)[^>]*>", "", result.value)  # pictures that were left out
    title, body = _split_title(body)
    return title, sanitize_html(body)


def _text(fragment: str) -> str:
    return html.unescape(TAGS.sub("", fragment)).strip()


def _split_title(body: str) -> tuple[str, str]:
    match = re.search(r"<h1>(.*?)</h1>", body, re.S)
    if match and _text(match.group(1)):
        return _text(match.group(1))[:TITLE_LENGTH], body[: match.start()] + body[match.end() :]
    first = re.search(r"<(p|h2|h3)>(.*?)</\1>", body, re.S)
    if first and _text(first.group(2)):
        text = _text(first.group(2))
        if len(text) <= 60:  # a short first line is the title people typed
            return text, body[: first.start()] + body[first.end() :]
        return text[:30] + "…", body
    return "导入的文档", body
