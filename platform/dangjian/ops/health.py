"""``/healthz`` for monitors and load balancers: no login, no court, no cache.

Cheap on purpose (a monitor calls it every few seconds): one connection for
``SELECT 1`` and a read of ``alembic_version`` (compared with the script
heads, read once per process), and one small file created and removed in the
upload folder.
"""

from __future__ import annotations

import logging
import os
import secrets

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..access import PUBLIC, requires
from ..db import db
from ..files.services import storage_root
from ..migration_state import migration_state, script_heads

bp = Blueprint("ops", __name__)
log = logging.getLogger(__name__)


def _heads() -> frozenset[str]:
    # The scripts cannot change under a running process: read them once.
    heads = current_app.extensions.get("dangjian.script_heads")
    if heads is None:
        heads = current_app.extensions["dangjian.script_heads"] = script_heads()
    return heads


def check_database() -> frozenset[str]:
    """Reachable, and the revisions ``alembic_version`` stores (read with
    plain SQL: Alembic's context would log two lines on every call)."""
    with db.engine.connect() as connection:
        connection.execute(text("SELECT 1"))
        try:
            return frozenset(connection.scalars(text("SELECT version_num FROM alembic_version")))
        except SQLAlchemyError:
            return frozenset()  # never migrated (the connection is closed right after)


def check_migrations(current: frozenset[str]) -> bool:
    if current == _heads():
        return True
    # A plugin head reached through depends_on is not stored: ask the full
    # walk once per stored state (a good answer only changes with an upgrade).
    known = current_app.extensions.setdefault("dangjian.heads_reached", {})
    if current not in known:
        if not current or not migration_state().at_heads:
            return False
        known[current] = True
    return known[current]


def check_storage() -> bool:
    probe = storage_root() / f".healthz-{os.getpid()}-{secrets.token_hex(4)}"
    probe.write_bytes(b"ok")
    probe.unlink()
    return True


def _outcome(check, *args) -> tuple[str, object]:
    try:
        return "ok", check(*args)
    except Exception:  # a monitor wants an answer; the log keeps the reason
        log.exception("health check %s failed", check.__name__)
        return "error", None


@bp.route("/healthz")
@requires(PUBLIC)
def healthz():
    results = {}
    results["database"], current = _outcome(check_database)
    if results["database"] == "ok":
        results["migrations"] = "ok" if _outcome(check_migrations, current)[1] else "error"
    else:
        results["migrations"] = "unknown"
        db.session.remove()
    results["storage"] = _outcome(check_storage)[0]
    healthy = all(value == "ok" for value in results.values())
    response = jsonify(status="ok" if healthy else "error", **results)
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response
