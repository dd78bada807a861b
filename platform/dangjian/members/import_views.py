"""Member roll import (upload → dry-run preview → confirm, undo) and export.

The upload is a normal form post; ``static/js/import.js`` sends the same form
with XMLHttpRequest to show upload progress and asks for JSON back
(``X-Requested-With``).  Between the preview and the confirm the workbook
waits on disk under a random token kept in the session.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path, PureWindowsPath
from urllib.parse import quote

from flask import abort, current_app, flash, g, jsonify, redirect, render_template, request, send_file, session, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from ..access import get_in_court_or_404, requires
from ..audit.services import record
from ..auth.fresh import sensitive
from ..courts.tenancy import court_blueprint
from ..db import db, reading, writing
from ..inputs import int_arg
from ..org.queries import active_branches
from ..refusals import show_refusal
from . import exporter, import_batches
from .import_batches import UndoRefused, UploadStore
from .import_columns import COLUMNS
from .importer import validate_file
from .models import MemberImportBatch

bp = court_blueprint("member_import", __name__, url_prefix="/manage/members/import")

SESSION_KEY = "member_import"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(FlaskForm):
    file = FileField("Excel 文件", validators=[FileRequired(message="请选择要导入的 Excel 文件（.xlsx）。")])


def _store() -> UploadStore:
    return UploadStore(Path(current_app.instance_path) / "imports")


def _pending_token() -> str | None:
    pending = session.get(SESSION_KEY)
    if isinstance(pending, dict) and pending.get("court") == g.court.id:
        return pending.get("token")
    return None


def _wants_json() -> bool:
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


def _display_filename(filename: str | None) -> str:
    # Only ever shown back to people; never used as a path.
    name = PureWindowsPath(filename or "").name.strip()
    return name[:200] or "未命名文件.xlsx"


@bp.route("/", methods=["GET", "POST"])
@requires("members.import")
def upload():
    form = UploadForm()
    if form.validate_on_submit():
        problem = _accept(form.file.data)
        if problem is None:
            target = url_for(".preview")
            return jsonify(redirect=target) if _wants_json() else redirect(target, 303)
        form.file.errors.append(problem)
    if request.method == "POST" and _wants_json():
        return jsonify(errors=list(form.file.errors) or ["上传失败，请重试。"]), 400
    return _upload_page(form), 400 if form.errors else 200


def _accept(upload) -> str | None:
    """Save and dry-run the upload; a problem with the file as a whole is
    returned for the form, row problems go to the preview."""
    store = _store()
    previous = session.pop(SESSION_KEY, None)  # one pending upload per session, any court
    if isinstance(previous, dict) and previous.get("token"):
        store.discard(previous["token"])
    token = store.save(upload.stream)
    filename = _display_filename(upload.filename)
    # A dry run writes nothing: validate outside the write lock that this
    # POST request's transaction would otherwise hold for seconds.
    db.session.rollback()
    with reading():
        report = validate_file(
            store.workbook(token), g.court, max_rows=current_app.config["IMPORT_MAX_ROWS"], filename=filename
        )
        db.session.rollback()
    if report.file_errors:
        store.discard(token)
        return "".join(report.file_errors)
    store.save_report(token, report)
    session[SESSION_KEY] = {"token": token, "court": g.court.id}
    return None


def _upload_page(form: UploadForm):
    undoable = import_batches.undoable_batch(g.court)
    return render_template(
        "members/import.html",
        form=form,
        batches=import_batches.recent_batches(g.court),
        undoable_id=undoable.id if undoable else None,
        branches=active_branches(g.court),
        columns=COLUMNS,
        pending=_pending_token() is not None,
        max_rows=current_app.config["IMPORT_MAX_ROWS"],
        max_bytes=current_app.config.get("MAX_CONTENT_LENGTH") or 0,
    )


@bp.route("/preview")
@requires("members.import")
def preview():
    token = _pending_token()
    report = _store().load_report(token) if token else None
    if report is None:
        if token:  # pruned or already handled: forget it
            session.pop(SESSION_KEY, None)
        flash("没有待确认的导入，请先上传 Excel 文件。", "warning")
        return redirect(url_for(".upload"))
    return render_template("members/import_preview.html", report=report)


@bp.route("/confirm", methods=["POST"])
@requires("members.import")
def confirm():
    token = _pending_token()
    store = _store()
    previous = store.load_report(token) if token else None
    if previous is None:
        flash("没有待确认的导入，请先上传 Excel 文件。", "warning")
        return redirect(url_for(".upload"))
    with store.claimed(token) as claim:
        if claim is None:
            flash("这个文件已经处理过了，请勿重复提交。", "warning")
            return redirect(url_for(".upload"))
        report, batch = import_batches.confirm(
            claim.path,
            g.court,
            current_user,
            max_rows=current_app.config["IMPORT_MAX_ROWS"],
            filename=previous.filename,
        )
        if batch is None:
            store.save_report(token, report)
            flash("文件仍有问题（见下方列表），没有导入任何数据。请在 Excel 中修改后重新上传。", "error")
            return redirect(url_for(".preview"))
        db.session.commit()
        claim.consume()
    session.pop(SESSION_KEY, None)
    flash(f"已导入党员 {report.valid} 名。如发现有误，可在“最近导入”中撤销这一批。", "success")
    return redirect(url_for(".upload"))


@bp.route("/cancel", methods=["POST"])
@requires("members.import")
def cancel():
    token = _pending_token()
    if token:
        _store().discard(token)
    session.pop(SESSION_KEY, None)
    flash("已取消本次导入，没有写入任何数据。", "info")
    return redirect(url_for(".upload"))


@bp.route("/problems.xlsx")
@requires("members.import")
def problems():
    token = _pending_token()
    report = _store().load_report(token) if token else None
    if report is None:
        abort(404)
    out = tempfile.TemporaryFile()  # noqa: SIM115  (send_file streams it and closes it after the response)
    exporter.write_problems(report, out)
    return _download(out, f"导入问题清单-{report.filename.rsplit('.', 1)[0]}.xlsx", "import-problems.xlsx")


@bp.route("/batches/<int:batch_id>/undo", methods=["POST"])
@requires("members.import")
def undo(batch_id: int):
    batch = get_in_court_or_404(MemberImportBatch, batch_id)
    try:
        count = import_batches.undo_batch(g.court, batch, current_user)
    except UndoRefused as refusal:
        show_refusal(refusal, category="error")
        return redirect(url_for(".upload"))
    db.session.commit()
    flash(f"已撤销该导入批次，删除了其导入的党员 {count} 名。", "success")
    return redirect(url_for(".upload"))


@bp.route("/template.xlsx")
@requires("members.import")
def template():
    out = tempfile.TemporaryFile()  # noqa: SIM115  (send_file streams it and closes it after the response)
    exporter.write_template(out, [branch.name for branch in active_branches(g.court)])
    return _download(out, "党员名册导入模板.xlsx", "member-import-template.xlsx")


@bp.route("/export")
@requires("members.import")
@sensitive
def export():
    branch_id = int_arg("branch")
    branch = None
    if branch_id:
        branch = next((b for b in active_branches(g.court) if b.id == branch_id), None)
        if branch is None:
            abort(404)
    court, user = g.court, current_user._get_current_object()
    label = f"{court.display_name}党员名册{('-' + branch.name) if branch else ''}-{date.today():%Y%m%d}.xlsx"
    fallback = f"members-{court.slug}{('-' + branch.slug) if branch else ''}-{date.today():%Y%m%d}.xlsx"
    out = tempfile.TemporaryFile()  # noqa: SIM115  (send_file streams it and closes it after the response)
    count = exporter.write_roll(court, out, branch.id if branch else None)
    summary = f"导出党员名册 {count} 名（{branch.name if branch else '全院'}）"
    db.session.rollback()  # end the read; the audit entry gets its own writing transaction
    with writing():
        record(
            "member.exported",
            summary,
            court=court,
            user=user,
            target=branch,
            detail={"count": count, "branch_id": branch.id if branch else None},
        )
        db.session.commit()
    return _download(out, label, fallback)


def _download(out, name: str, fallback: str):
    out.seek(0)
    response = send_file(out, mimetype=XLSX_MIMETYPE, as_attachment=True, download_name=fallback, max_age=0)
    # RFC 6266/5987: an ASCII name for old clients, the Chinese one for the rest.
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
    )
    response.headers["Cache-Control"] = "no-store"
    return response
