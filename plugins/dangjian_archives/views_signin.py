"""QR sign-in (扫码签到): the secretary's screen, its status for the screen's
script, and the scan URL a member's phone opens."""

from __future__ import annotations

from flask import flash, g, jsonify, make_response, redirect, render_template, url_for
from sqlalchemy.exc import IntegrityError

from dangjian.api import (
    Refused,
    check_signin_code,
    current_user,
    db,
    get_in_court_or_404,
    member_of,
    qr_svg,
    requires,
    signin_code,
    signin_result,
    utcnow,
)

from .blueprint import bp
from .models import Meeting
from .services import signin as svc
from .views_meetings import _meeting


def _scan_url(meeting: Meeting) -> str:
    code = signin_code(svc.KIND, meeting.id, g.court.id)
    return url_for("archives.signin_scan", meeting_id=meeting.id, token=code, _external=True)


def _no_store(body, status: int = 200):
    # A code or a list of names must never come back from a cache.
    response = make_response(body, status)
    response.headers["Cache-Control"] = "no-store"
    return response


def _open_meeting(meeting_id: int):
    meeting = _meeting(meeting_id, "archives.record")
    if not svc.open_for_signin(meeting):
        flash("已报送的记录不能再扫码签到。", "warning")
        return None, redirect(url_for("archives.meeting_detail", meeting_id=meeting.id))
    return meeting, None


@bp.route("/meetings/<int:meeting_id>/signin")
@requires("archives.record")
def signin_screen(meeting_id):
    meeting, refused = _open_meeting(meeting_id)
    if refused is not None:
        return refused
    scan_url = _scan_url(meeting)
    rows = svc.signed_in(meeting)
    return _no_store(
        render_template(
            "archives/signin_screen.html",
            meeting=meeting,
            qr=qr_svg(scan_url),
            scan_url=scan_url,
            names=[row.member.name for row in rows],
        )
    )


@bp.route("/meetings/<int:meeting_id>/signin/status")
@requires("archives.record")
def signin_status(meeting_id):
    meeting = _meeting(meeting_id, "archives.record")
    scan_url = _scan_url(meeting)
    names = [row.member.name for row in svc.signed_in(meeting)]
    return _no_store(
        jsonify(
            open=svc.open_for_signin(meeting),
            count=len(names),
            names=names,
            scan_url=scan_url,
            svg=str(qr_svg(scan_url)),
        )
    )


@bp.route("/meetings/<int:meeting_id>/signin/<token>")
@requires("archives.view")
def signin_scan(meeting_id, token):
    # Not scoped by the viewer's branch: a member of another branch is told
    # why, rather than meeting a bare 404; another court's id is still a 404.
    meeting = get_in_court_or_404(Meeting, meeting_id)
    where = f"{meeting.branch.name} · {meeting.type.name} · {meeting.held_on:%Y年%m月%d日}"

    def answer(ok: bool, message: str, status: int = 200):
        back = url_for("archives.meeting_detail", meeting_id=meeting.id) if ok else None
        return signin_result(ok, message, title=meeting.title, where=where, back_url=back, status=status)

    try:
        check_signin_code(token, svc.KIND, meeting.id, g.court.id)
    except Refused as error:
        return answer(False, error.message, 400)
    member = member_of(current_user, g.court)
    try:
        created = svc.sign_in(g.court, meeting, member, current_user, utcnow())
        db.session.commit()
    except Refused as error:
        db.session.rollback()
        return answer(False, error.message, 403)
    except IntegrityError:  # the same member's other scan won the race
        db.session.rollback()
        created = False
    return answer(True, "签到成功" if created else "您已签到")
