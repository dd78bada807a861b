"""Dues officers of a branch, and the import of a payments statement."""

from __future__ import annotations

from pathlib import PureWindowsPath
from urllib.parse import quote

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from dangjian.api import active_branches, current_user, db, get_in_court_or_404, requires, show_refusal

from . import importer, ledger, services
from .blueprint import bp, status_code
from .forms import ImportForm, OfficerForm
from .models import ImportBatch, Officer
from .money import yuan
from .scoping import branch_or_404, secretary_scope
from .services import DuesRefused

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _secretary_scope() -> set[int] | None:
    scope = secretary_scope(current_user, g.court)
    if scope is not None and not scope:
        abort(403)
    return scope


@bp.route("/branches/<int:branch_id>/officers", methods=["GET", "POST"])
@requires("dues.manage")
def officers(branch_id: int):
    branch = branch_or_404(branch_id, _secretary_scope())
    form = OfficerForm()
    members = ledger.roll(g.court, [branch.id])
    form.member.choices = [SelectChoice(0, "请选择"), *(SelectChoice(m.id, m.name) for m in members)]
    if form.validate_on_submit():
        member = next(m for m in members if m.id == form.member.data)
        try:
            services.add_officer(g.court, branch, member, user=current_user)
        except DuesRefused as refusal:
            show_refusal(refusal, form)
        else:
            db.session.commit()
            flash(f"已指定{member.name}为党费收缴员。", "success")
            return redirect(url_for(".officers", branch_id=branch.id))
    current = db.session.scalars(
        select(Officer).where(Officer.court_id == g.court.id, Officer.branch_id == branch.id).order_by(Officer.id)
    ).all()
    return render_template("dues/officers.html", branch=branch, form=form, officers=current), status_code(form)


@bp.route("/officers/<int:officer_id>/delete", methods=["POST"])
@requires("dues.manage")
def officer_delete(officer_id: int):
    officer = get_in_court_or_404(Officer, officer_id)
    branch = branch_or_404(officer.branch_id, _secretary_scope())
    services.remove_officer(g.court, officer, branch, user=current_user)
    db.session.commit()
    flash("已取消党费收缴员指定。", "success")
    return redirect(url_for(".officers", branch_id=branch.id))


# --- import ----------------------------------------------------------------------


def _recent_batches():
    return db.session.scalars(
        select(ImportBatch)
        .where(ImportBatch.court_id == g.court.id, ImportBatch.status != "pending")
        .order_by(ImportBatch.id.desc())
        .limit(10)
    ).all()


@bp.route("/import", methods=["GET", "POST"])
@requires("dues.import")
def import_upload():
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        name = PureWindowsPath(upload.filename or "").name.strip()[:200] or "未命名文件.xlsx"
        try:
            batch = importer.dry_run(g.court, upload.read(), name, current_user)
        except DuesRefused as refusal:
            show_refusal(refusal, form)
        else:
            db.session.commit()
            return redirect(url_for(".import_preview", batch_id=batch.id), 303)
    return render_template("dues/import.html", form=form, batches=_recent_batches(), yuan=yuan), status_code(form)


@bp.route("/import/<int:batch_id>")
@requires("dues.import")
def import_preview(batch_id: int):
    batch = get_in_court_or_404(ImportBatch, batch_id)
    return render_template("dues/import_preview.html", batch=batch, yuan=yuan)


@bp.route("/import/<int:batch_id>/confirm", methods=["POST"])
@requires("dues.import")
def import_confirm(batch_id: int):
    batch = get_in_court_or_404(ImportBatch, batch_id)
    try:
        count = importer.confirm(g.court, batch, current_user, skip_errors=request.form.get("skip_errors") == "1")
    except DuesRefused as refusal:
        show_refusal(refusal)
        return redirect(url_for(".import_preview", batch_id=batch_id))
    db.session.commit()
    flash(f"已导入党费缴纳记录 {count} 笔。如有误，可在“最近导入”中撤销这一批。", "success")
    return redirect(url_for(".import_upload"))


@bp.route("/import/<int:batch_id>/cancel", methods=["POST"])
@requires("dues.import")
def import_cancel(batch_id: int):
    batch = get_in_court_or_404(ImportBatch, batch_id)
    if batch.status == "pending":
        db.session.delete(batch)
        db.session.commit()
    flash("已取消本次导入，没有写入任何数据。", "info")
    return redirect(url_for(".import_upload"))


@bp.route("/import/<int:batch_id>/undo", methods=["POST"])
@requires("dues.import")
def import_undo(batch_id: int):
    batch = get_in_court_or_404(ImportBatch, batch_id)
    try:
        count = importer.undo(g.court, batch, current_user)
    except DuesRefused as refusal:
        show_refusal(refusal)
        return redirect(url_for(".import_upload"))
    db.session.commit()
    flash(f"已撤销该批次，删除缴纳记录 {count} 笔。", "success")
    return redirect(url_for(".import_upload"))


@bp.route("/import/template.xlsx")
@requires("dues.import")
def import_template():
    data = importer.template([b.name for b in active_branches(g.court)])
    return xlsx_response(data, "党费缴纳明细导入模板.xlsx", "dues-import-template.xlsx")


def xlsx_response(data: bytes, name: str, fallback: str) -> Response:
    response = Response(data, mimetype=XLSX)
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
    )
    response.headers["Cache-Control"] = "no-store"
    return response
