"""通知公告 for the people they are addressed to: the list, an announcement
(opening it records the reading), 确认已阅 and the attachments."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..access import can, requires
from ..courts.tenancy import court_blueprint
from ..db import db, writing
from ..files.services import send_stored
from ..inbox.badge import court_today
from ..inputs import page_arg
from ..refusals import show_refusal
from . import queries, services
from .models import Announcement

bp = court_blueprint("announcements", __name__, url_prefix="/announcements")
PER_PAGE = 20


@bp.route("/")
@requires("announcements.view")
def index():
    search = (request.args.get("q") or "").strip()[:100]
    show = request.args.get("show") or ""
    if show not in queries.RECEIVED_FILTERS:
        show = ""
    page = db.paginate(
        queries.received(current_user, g.court, search=search, show=show),
        page=page_arg(),
        per_page=PER_PAGE,
        error_out=False,
    )
    return render_template(
        "announcements/index.html",
        page=page,
        search=search,
        show=show,
        filters=queries.RECEIVED_FILTERS,
        today=court_today(g.court),
        may_manage=can("announcements.manage"),
    )


def _as_sender(announcement_id: int) -> Announcement | None:
    """The announcement when the current user may manage it (its court's admins)."""
    if not can("announcements.manage"):
        return None
    return db.session.scalar(
        select(Announcement).where(Announcement.id == announcement_id, Announcement.court_id == g.court.id)
    )


def _visible(announcement_id: int):
    """(announcement, receipt): addressed to the user here and live, or the
    sender's own (any state, no receipt).  Anything else is a 404, so ids of
    other branches and courts are not even confirmed to exist."""
    receipt = services.receipt_of(announcement_id, current_user, g.court)
    if receipt is not None:
        return receipt.announcement, receipt
    announcement = _as_sender(announcement_id)
    if announcement is None:
        abort(404)
    return announcement, None


@bp.route("/<int:announcement_id>")
@requires("announcements.view")
def detail(announcement_id: int):
    announcement, receipt = _visible(announcement_id)
    if receipt is not None and receipt.read_at is None:
        # A GET that writes: end the read, then one short writing
        # transaction (SQLite's BEGIN IMMEDIATE) for the receipt.
        db.session.rollback()
        with writing():
            receipt = services.receipt_of(announcement_id, current_user, g.court)
            if receipt is None:
                abort(404)
            services.mark_read(receipt, url_for(".detail", announcement_id=announcement_id))
            db.session.commit()
        announcement = receipt.announcement
    return render_template(
        "announcements/detail.html",
        announcement=announcement,
        receipt=receipt,
        today=court_today(g.court),
        kind_label=services.kind_label,
        sender=receipt is None or (can("announcements.manage") and announcement.court_id == g.court.id),
    )


@bp.route("/<int:announcement_id>/acknowledge", methods=["POST"])
@requires("announcements.view")
def acknowledge(announcement_id: int):
    receipt = services.receipt_of(announcement_id, current_user, g.court)
    if receipt is None:
        abort(404)
    path = url_for(".detail", announcement_id=announcement_id)
    try:
        done = services.acknowledge(receipt, path)
    except services.AnnouncementError as problem:
        show_refusal(problem, category="warning")
        return redirect(path)
    db.session.commit()
    flash(
        "已确认。发布方会在签收情况中看到您已确认。" if done else "您已经确认过这条通知。",
        "success" if done else "info",
    )
    return redirect(path)


@bp.route("/<int:announcement_id>/files/<int:announcement_file_id>")
@requires("announcements.view")
def attachment(announcement_id: int, announcement_file_id: int):
    announcement, _receipt = _visible(announcement_id)
    found = next((item for item in announcement.files if item.id == announcement_file_id), None)
    if found is None:
        abort(404)
    return send_stored(found.file)
