"""Request ids and logging: plain text or one JSON object a line.

Every request gets an id (a sane incoming ``X-Request-ID`` from the proxy,
or a new one); it goes back in the response header, onto the error pages
("错误编号") and into every log record made while the request runs, so a
user's quote finds the traceback.  ``LOG_FORMAT = "json"`` suits log
collectors; ``"text"`` (the default) suits people.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request
from flask.logging import default_handler
from sqlalchemy import inspect

REQUEST_ID_HEADER = "X-Request-ID"
SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")
REQUEST_FIELDS = ("request_id", "method", "path", "user_id", "court")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
access_log = logging.getLogger("dangjian.requests")


def request_id() -> str:
    """This request's id (made on first use)."""
    value = g.get("request_id")
    if value is None:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        value = incoming if SANE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        g.request_id = value
    return value


def _identity(instance):
    # Never load anything while logging: an expired object would query.
    if instance is None:
        return None
    try:
        identity = inspect(instance).identity
    except Exception:
        return None
    return identity[0] if identity else None


def request_fields() -> dict:
    if not has_request_context():
        return dict.fromkeys(REQUEST_FIELDS)
    user = g.get("_login_user")
    return {
        "request_id": request_id(),
        "method": request.method,
        "path": request.path,
        "user_id": _identity(user) if getattr(user, "is_authenticated", False) else None,
        "court": _identity(g.get("court")),
    }


_installed_factory = None


def install_record_factory() -> None:
    """Records made during a request carry its fields (whatever handler,
    also pytest's caplog, ends up formatting them)."""
    global _installed_factory
    if _installed_factory is not None:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args, **kwargs):
        record = previous(*args, **kwargs)
        # One attribute of our own: a caller's extra={"path": ...} must not clash.
        record.dangjian_request = request_fields()
        return record

    _installed_factory = factory
    logging.setLogRecordFactory(factory)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = {
            **getattr(record, "dangjian_request", {}),
            "status": getattr(record, "status", None),
            "duration_ms": getattr(record, "duration_ms", None),
        }
        entry.update((key, value) for key, value in fields.items() if value is not None)
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        record.request_id = (getattr(record, "dangjian_request", None) or {}).get("request_id") or "-"
        return super().format(record)


class StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is now (servers and test runners
    swap it), and marks itself so a second app does not add another."""

    dangjian = True

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def formatter_for(app: Flask) -> logging.Formatter:
    kind = str(app.config.get("LOG_FORMAT") or "text").lower()
    if kind not in ("text", "json"):
        raise ValueError(f"LOG_FORMAT must be 'text' or 'json', not {kind!r}")
    return JsonFormatter() if kind == "json" else TextFormatter(TEXT_FORMAT)


def configure_handler(app: Flask) -> logging.Handler:
    root = logging.getLogger()
    handler = next((h for h in root.handlers if getattr(h, "dangjian", False)), None)
    if handler is None:
        handler = StderrHandler()
        root.addHandler(handler)
    handler.setFormatter(formatter_for(app))
    if not app.testing:
        root.setLevel(str(app.config.get("LOG_LEVEL") or "INFO").upper())
    # Records of app.logger reach the root handler; Flask's own would print them twice.
    app.logger.removeHandler(default_handler)
    return handler


def init_app(app: Flask) -> None:
    install_record_factory()
    app.extensions["dangjian.log_handler"] = configure_handler(app)

    @app.before_request
    def _start():
        g.request_started = time.perf_counter()
        request_id()

    @app.after_request
    def _finish(response):
        response.headers[REQUEST_ID_HEADER] = request_id()
        if app.config.get("LOG_REQUESTS", True):
            started = g.get("request_started")
            duration = round((time.perf_counter() - started) * 1000, 1) if started else None
            access_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={"status": response.status_code, "duration_ms": duration},
            )
        return response
