"""The module's blueprint and small helpers its views share."""

from __future__ import annotations

from flask import Blueprint, g

from dangjian.api import court_today, current_user

from .money import percent, yuan
from .scoping import may_manage

bp = Blueprint("dues", __name__)


def today():
    return court_today(g.court)


def status_code(form) -> int:
    return 422 if form.errors else 200


@bp.context_processor
def _helpers():
    return {"dues_manager": lambda: may_manage(current_user, g.court), "yuan": yuan, "percent": percent}
