"""QR sign-in (扫码签到) for an activity: the organiser's screen, its status
for the screen's script, and the scan URL a member's phone opens."""

from __future__ import annotations

from flask import g, jsonify, make_response, render_template, url_for
from sqlalchemy.exc import IntegrityError

from dangjian.api import (
    Refused,
    check_signin_code,
    current_user,
    db,
    get_in_court_or_404,
    qr_svg,
    requires,
    signin_code,
    signin_result,
)

from . import services
from .models import Activity
from .views import bp
from .views_activities import _managed


def _scan_url(activity: Activity) -> str:
    code = signin_code(services.SIGNIN_KIND, activity.id, g.court.id)
    return url_for("redculture.signin_scan", activity_id=activity.id, token=code, _external=True)


def _no_store(body, status: int = 200):
    # A code or a list of names must never come back from a cache.
    response = make_response(body, status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/activities/<int:activity_id>/signin")
@requires("redculture.organise")
def signin_screen(activity_id: int):
    activity = _managed(activity_id)
    scan_url = _scan_url(activity)
    return _no_store(
        render_template(
            "redculture/signin_screen.html",
            activity=activity,
            qr=qr_svg(scan_url),
            scan_url=scan_url,
            names=[p.member.name for p in services.attendees(activity)],
        )
    )


@bp.route("/activities/<int:activity_id>/signin/status")
@requires("redculture.organise")
def signin_status(activity_id: int):
    activity = _managed(activity_id)
    scan_url = _scan_url(activity)
    names = [p.member.name for p in services.attendees(activity)]
    return _no_store(jsonify(count=len(names), names=names, scan_url=scan_url, svg=str(qr_svg(scan_url))))


@bp.route("/activities/<int:activity_id>/signin/<token>")
@requires("redculture.view")
def signin_scan(activity_id: int, token: str):
    activity = get_in_court_or_404(Activity, activity_id)
    where = f"{activity.kind_label} · {activity.held_on:%Y年%m月%d日}" + (
        f" · {activity.where}" if activity.where else ""
    )

    def answer(ok: bool, message: str, status: int = 200):
        back = url_for("redculture.activity_detail", activity_id=activity.id) if ok else None
        return signin_result(ok, message, title=activity.title, where=where, back_url=back, status=status)

    try:
        check_signin_code(token, services.SIGNIN_KIND, activity.id, g.court.id)
    except Refused as error:
        return answer(False, error.message, 400)
    member = services.member_of(current_user, g.court)
    try:
        created = services.sign_in(g.court, activity, member, current_user)
        db.session.commit()
    except Refused as error:
        db.session.rollback()
        return answer(False, error.message, 403)
    except IntegrityError:  # the same member's other scan won the race
        db.session.rollback()
        created = False
    return answer(True, "签到成功" if created else "您已签到")
