"""通知公告 for the 机关党委: the court's announcements, writing one (draft →
publish), withdrawing and deleting (behind a confirmation), and who has
read and acknowledged it, with the .xlsx export."""

from __future__ import annotations

import tempfile
from urllib.parse import quote

from flask import abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from ..access import get_in_court_or_404, requires
from ..audit.services import record as audit
from ..db import db, writing
from ..files.sniffing import NotAllowed
from ..inbox.badge import court_today
from ..inputs import page_arg
from ..refusals import show_refusal
from . import attachments, export, queries, services
from .forms import AnnouncementForm
from .models import STATUSES, Announcement
from .views import bp

PER_PAGE = 20
PENDING_PER_PAGE = 100
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/manage/")
@requires("announcements.manage")
def manage():
    search = (request.args.get("q") or "").strip()[:100]
    status = request.args.get("status") or ""
    if status not in STATUSES:
        status = ""
    page = db.paginate(
        queries.court_announcements(g.court, search=search, status=status),
        page=page_arg(),
        per_page=PER_PAGE,
        error_out=False,
    )
    counts = queries.counts_by_announcement([item.id for item in page.items])
    return render_template(
        "announcements/manage.html",
        page=page,
        counts=counts,
        search=search,
        status=status,
        statuses=STATUSES,
        today=court_today(g.court),
    )


def _form(announcement: Announcement | None) -> AnnouncementForm:
    branches = services.branch_choices(g.court)
    form = AnnouncementForm(
        obj=announcement if request.method == "GET" else None,
        court=g.court,
        branches=branches,
        today=court_today(g.court),
        current_deadline=announcement.ack_deadline if announcement else None,
        scope_locked=announcement is not None and not announcement.is_draft,
    )
    if request.method == "GET" and announcement is not None:
        form.branch_ids.data = [branch.id for branch in announcement.branches]
    form.branches = branches
    if form.scope_locked:
        del form.scope
        del form.branch_ids
    return form


def _render_form(form, announcement, status: int = 200):
    return render_template(
        "announcements/form.html", form=form, announcement=announcement, max_files=attachments.MAX_FILES
    ), status


@bp.route("/manage/new", methods=["GET", "POST"])
@requires("announcements.manage")
def new():
    form = _form(None)
    if form.validate_on_submit():
        return _save(None, form)
    return _render_form(form, None, 400 if form.errors else 200)


@bp.route("/manage/<int:announcement_id>/edit", methods=["GET", "POST"])
@requires("announcements.manage")
def edit(announcement_id: int):
    announcement = get_in_court_or_404(Announcement, announcement_id)
    if announcement.withdrawn_at is not None:
        flash("这条通知已撤回，不能再修改；可以删除它，或新建一条。", "info")
        return redirect(url_for(".manage"))
    form = _form(announcement)
    if form.validate_on_submit():
        return _save(announcement, form)
    return _render_form(form, announcement, 400 if form.errors else 200)


def _save(announcement: Announcement | None, form: AnnouncementForm):
    uploads = attachments.chosen(request.files.getlist(form.attachments.name))
    try:
        attachments.check_all(uploads, len(announcement.files) if announcement else 0)
    except NotAllowed as problem:
        form.attachments.errors = [str(problem)]
        return _render_form(form, announcement, 400)
    publish = request.form.get("action") == "publish"
    created = announcement is None
    stored = attachments.store_all(uploads, g.court, current_user)
    if announcement is None:
        announcement = Announcement(court_id=g.court.id, court=g.court, author_id=current_user.id)
        db.session.add(announcement)
    announcement.title = form.title.data
    announcement.body = form.body.data
    announcement.ack_deadline = form.ack_deadline.data
    if announcement.is_draft:
        announcement.scope = form.scope.data
        chosen = set(form.branch_ids.data or ())
        services.set_branches(announcement, [branch for branch in form.branches if branch.id in chosen])
    services.add_files(announcement, stored)
    db.session.flush()
    audit(
        "announcement.created" if created else "announcement.updated",
        f"{'新建' if created else '修改'}通知公告“{announcement.title}”",
        target=announcement,
    )
    if publish and announcement.is_draft:
        try:
            count = services.publish(announcement, current_user)
        except services.AnnouncementError as problem:
            show_refusal(problem, form)
            return _render_form(form, None if created else announcement, 400)
        db.session.commit()
        if count:
            flash(f"已发布，{count} 人收到了通知。", "success")
        else:
            flash(
                "已发布，但所选范围内目前没有任何账号，没有人收到通知。请先为这些同志创建账号，再重新发布一条。",
                "warning",
            )
        return redirect(url_for(".receipts", announcement_id=announcement.id))
    db.session.commit()
    flash(
        "已保存草稿。发布后收件人才会看到。" if announcement.is_draft else "修改已保存，收件人看到的是修改后的内容。",
        "success",
    )
    return redirect(url_for(".edit", announcement_id=announcement.id))


@bp.route("/manage/<int:announcement_id>/withdraw", methods=["POST"])
@requires("announcements.manage")
def withdraw(announcement_id: int):
    announcement = get_in_court_or_404(Announcement, announcement_id)
    try:
        services.withdraw(announcement, current_user)
    except services.AnnouncementError as problem:
        show_refusal(problem, category="warning")
    else:
        db.session.commit()
        flash(f"已撤回“{announcement.title}”：收件人不再看到它，相关的通知和待办也已去掉。", "success")
    return redirect(url_for(".manage"))


@bp.route("/manage/<int:announcement_id>/delete", methods=["POST"])
@requires("announcements.manage")
def delete(announcement_id: int):
    announcement = get_in_court_or_404(Announcement, announcement_id)
    title = announcement.title
    try:
        services.delete_announcement(announcement, current_user)
    except services.AnnouncementError as problem:
        show_refusal(problem, category="warning")
        return redirect(url_for(".edit", announcement_id=announcement_id))
    db.session.commit()
    flash(f"已删除“{title}”及其附件。", "success")
    return redirect(url_for(".manage"))


@bp.route("/manage/<int:announcement_id>/files/<int:announcement_file_id>/delete", methods=["POST"])
@requires("announcements.manage")
def delete_file(announcement_id: int, announcement_file_id: int):
    announcement = get_in_court_or_404(Announcement, announcement_id)
    found = next((item for item in announcement.files if item.id == announcement_file_id), None)
    if found is None:
        abort(404)
    if announcement.withdrawn_at is not None:
        flash("这条通知已撤回，附件不能再修改。", "info")
        return redirect(url_for(".manage"))
    name = found.file.original_name
    services.remove_file(announcement, found)
    audit("announcement.updated", f"删除通知公告“{announcement.title}”的附件“{name}”", target=announcement)
    db.session.commit()
    flash(f"已删除附件“{name}”。", "success")
    return redirect(url_for(".edit", announcement_id=announcement_id))


def _published(announcement_id: int) -> Announcement:
    announcement = get_in_court_or_404(Announcement, announcement_id)
    if announcement.is_draft:
        abort(404)
    return announcement


@bp.route("/manage/<int:announcement_id>/receipts")
@requires("announcements.manage")
def receipts(announcement_id: int):
    announcement = get_in_court_or_404(Announcement, announcement_id)
    if announcement.is_draft:
        flash("这条通知还是草稿，发布后才有签收情况。", "info")
        return redirect(url_for(".edit", announcement_id=announcement.id))
    needs_ack = announcement.ack_deadline is not None
    show = request.args.get("show") or "unread"
    if show not in queries.PENDING_FILTERS or (show == "unacked" and not needs_ack):
        show = "unread"
    units, overall = queries.receipt_units(announcement)
    page = db.paginate(queries.pending(announcement, show), page=page_arg(), per_page=PENDING_PER_PAGE, error_out=False)
    return render_template(
        "announcements/receipts.html",
        announcement=announcement,
        units=units,
        overall=overall,
        page=page,
        show=show,
        filters=queries.PENDING_FILTERS,
        needs_ack=needs_ack,
        unit_names=_unit_names(units),
        today=court_today(g.court),
    )


def _unit_names(units) -> dict:
    """(court_id, branch_id) → "court · branch" for the list of people."""
    names = {}
    for unit in units:
        for child in unit.children or [unit]:
            prefix = f"{unit.name} · " if unit.children else ""
            names[(child.court_id, child.branch_id)] = prefix + child.name
    return names


@bp.route("/manage/<int:announcement_id>/receipts.xlsx")
@requires("announcements.manage")
def receipts_export(announcement_id: int):
    announcement = _published(announcement_id)
    court, user = g.court, current_user._get_current_object()
    out = tempfile.TemporaryFile()  # noqa: SIM115  (send_file streams it and closes it after the response)
    count = export.write_receipts(announcement, out)
    title, target_id = announcement.title, announcement.id
    db.session.rollback()  # end the read; the audit entry gets its own writing transaction
    with writing():
        audit(
            "announcement.exported",
            f"导出通知公告“{title}”的签收情况（{count} 人）",
            court=court,
            user=user,
            detail={"announcement_id": target_id, "count": count},
        )
        db.session.commit()
    out.seek(0)
    stamp = court_today(court).strftime("%Y%m%d")
    fallback = f"announcement-{target_id}-receipts-{stamp}.xlsx"
    name = f"签收情况-{title[:40]}-{stamp}.xlsx"
    response = send_file(out, mimetype=XLSX_MIMETYPE, as_attachment=True, download_name=fallback, max_age=0)
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
    )
    response.headers["Cache-Control"] = "no-store"
    return response
