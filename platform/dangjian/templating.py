"""Jinja filters and globals shared by every template."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app, g
from flask_login import current_user
from sqlalchemy import func, select

from .access import can, is_platform_admin
from .db import db
from .modules.services import court_hooks
from .richtext import render_html


def _zone() -> ZoneInfo:
    court = g.get("court")
    return court.zone if court is not None else ZoneInfo(current_app.config["TIMEZONE"])


def localtime(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """Timestamps are stored as naive UTC; show them in the court's zone."""
    if value is None:
        return ""
    return value.replace(tzinfo=UTC).astimezone(_zone()).strftime(fmt)


def cn_date(value: date | None) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


def nav_items():
    court = g.get("court")
    if court is None:
        return []
    items = court_hooks(court, "dangjian_nav_items", user=current_user)
    # An item whose page is not served (its module's blueprint failed) is left out.
    visible = [item for item in items if item.endpoint in current_app.view_functions and can(item.permission, court)]
    return sorted(visible, key=lambda item: (item.order, item.label))


def court_branch_count() -> int:
    """Active 党支部 in the request's court: empty states of a new court point
    to the organisation tree instead of saying "all is well" (once per request)."""
    court = g.get("court")
    if court is None:
        return 0
    if "dj_branch_count" not in g:
        from .org.models import Organisation

        g.dj_branch_count = db.session.scalar(
            select(func.count(Organisation.id)).where(
                Organisation.court_id == court.id, Organisation.kind == "branch", Organisation.dissolved_at.is_(None)
            )
        )
    return g.dj_branch_count


def init_app(app: Flask) -> None:
    app.jinja_env.filters["localtime"] = localtime
    app.jinja_env.filters["cn_date"] = cn_date
    app.jinja_env.filters["richtext"] = render_html
    app.jinja_env.globals.update(
        can=can, nav_items=nav_items, is_platform_admin=is_platform_admin, court_branch_count=court_branch_count
    )
