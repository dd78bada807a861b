"""Signed, expiring codes for QR sign-in (扫码签到).

The sign-in screen shows a code for the current 30-second window; a scan is
accepted for that window and the one before it only, so a photo of an old
code is useless.  The code names what it signs in to (kind, record, court),
so a code of one meeting cannot sign anybody in to another.  Signed with the
app's secret key and a salt per kind: no table, nothing to clean up.
"""

from __future__ import annotations

import time

import segno
from flask import current_app, make_response, render_template
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from markupsafe import Markup

from .refusals import Refused

WINDOW_SECONDS = 30


class CodeRefused(Refused):
    """A scanned code that signs nobody in; the message is for the member."""


def _serializer(kind: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"dangjian.signin.{kind}")


def current_window(now: float | None = None) -> int:
    """The number of the 30-second window ``now`` (epoch seconds) falls in."""
    return int((time.time() if now is None else now) // WINDOW_SECONDS)


def signin_code(kind: str, record_id: int, court_id: int, window: int | None = None) -> str:
    """The code for a sign-in screen: URL-safe, for the current window unless given."""
    window = current_window() if window is None else window
    return _serializer(kind).dumps([kind, record_id, court_id, window])


def check_signin_code(code: str, kind: str, record_id: int, court_id: int, now: float | None = None) -> None:
    """Raise :class:`CodeRefused` unless ``code`` is this record's, unaltered
    and of the current or the previous window."""
    try:
        # The timestamp is a second fence: no code lives beyond three windows.
        payload = _serializer(kind).loads(code, max_age=3 * WINDOW_SECONDS)
    except SignatureExpired:
        raise CodeRefused("二维码已过期，请扫描屏幕上最新的二维码。") from None
    except BadSignature:
        raise CodeRefused("二维码无效（可能不完整或被改动），请重新扫描屏幕上的二维码。") from None
    if not (isinstance(payload, list) and len(payload) == 4 and isinstance(payload[3], int)):
        raise CodeRefused("二维码无效，请重新扫描屏幕上的二维码。")
    if payload[:3] != [kind, record_id, court_id]:
        raise CodeRefused("这个二维码不是本次活动的签到码，请扫描现场屏幕上的二维码。")
    if current_window(now) - payload[3] not in (0, 1):
        raise CodeRefused("二维码已过期，请扫描屏幕上最新的二维码。")


def qr_svg(data: str, title: str = "签到二维码") -> Markup:
    """The QR code of ``data`` as inline SVG (no image file, no external service)."""
    qr = segno.make(data, error="m")
    return Markup(qr.svg_inline(scale=8, border=2, title=title, svgclass="dj-qr", lineclass=None, omitsize=True))


def signin_result(ok: bool, message: str, *, title: str, where: str, back_url: str | None = None, status: int = 200):
    """What the member's phone shows after a scan (``signin/result.html``),
    never kept by a cache."""
    page = render_template("signin/result.html", ok=ok, message=message, title=title, where=where, back_url=back_url)
    response = make_response(page, status)
    response.headers["Cache-Control"] = "no-store"
    return response
