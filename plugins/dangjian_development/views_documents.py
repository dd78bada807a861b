"""Documents of a candidate's file and the court's own templates."""

from __future__ import annotations

import io
from urllib.parse import quote

from flask import abort, flash, g, make_response, redirect, render_template, url_for
from werkzeug.datastructures import FileStorage

from dangjian.api import (
    AUTHENTICATED,
    DOCUMENTS,
    NotAllowed,
    Refused,
    audit,
    current_user,
    db,
    delete_stored,
    requires,
    save_upload,
    send_stored,
    show_refusal,
    stored_path,
)

from . import documents, services
from .blueprint import bp, managed_candidate, visible_candidate
from .forms import TemplateForm, UploadForm
from .models import CandidateDocument, DocumentTemplate
from .services import DevelopmentRefused

MAX_BYTES = 20 * 1024 * 1024
DOCX = frozenset({"docx"})
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@bp.route("/candidates/<int:candidate_id>/documents/<kind>", methods=["POST"])
@requires("development.manage")
def document_generate(candidate_id: int, kind: str):
    candidate = managed_candidate(candidate_id)
    if kind not in documents.TEMPLATES:
        abort(404)
    title = documents.TEMPLATES[kind][0]
    data = documents.render(g.court, candidate, kind)
    upload = FileStorage(io.BytesIO(data), filename=f"{candidate.name}{title}.docx", content_type=DOCX_MIME)
    stored = save_upload(upload, allowed=DOCX, max_bytes=MAX_BYTES, court=g.court, user=current_user)
    services.attach_document(g.court, candidate, stored, title, kind, "development.document_generated", current_user)
    db.session.commit()
    flash(f"已生成“{title}”，可在下方材料中下载。", "success")
    return redirect(url_for("development.candidate_detail", candidate_id=candidate.id) + "#documents")


@bp.route("/candidates/<int:candidate_id>/documents", methods=["POST"])
@requires("development.manage")
def document_upload(candidate_id: int):
    candidate = managed_candidate(candidate_id)
    form = UploadForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(message, "danger")
        return redirect(url_for("development.candidate_detail", candidate_id=candidate.id) + "#documents")
    try:
        if not form.upload.data or not getattr(form.upload.data, "filename", ""):
            raise DevelopmentRefused("请选择要上传的文件", field="upload")
        try:
            stored = save_upload(
                form.upload.data, allowed=DOCUMENTS, max_bytes=MAX_BYTES, court=g.court, user=current_user
            )
        except NotAllowed as error:
            raise DevelopmentRefused(str(error), field="upload") from error
        services.attach_document(
            g.court, candidate, stored, form.title.data.strip(), "", "development.document_uploaded", current_user
        )
        db.session.commit()
        flash("材料已上传。", "success")
    except Refused as refusal:
        show_refusal(refusal)
    return redirect(url_for("development.candidate_detail", candidate_id=candidate.id) + "#documents")


@bp.route("/documents/<int:document_id>")
@requires(AUTHENTICATED)
def document_download(document_id: int):
    document = db.session.get(CandidateDocument, document_id)
    if document is None:
        abort(404)
    visible_candidate(document.candidate_id)  # same court, and the user may read the file
    return send_stored(document.file)


# --- the court's templates --------------------------------------------------------


@bp.route("/templates")
@requires("development.configure")
def templates():
    own = {
        t.kind: t
        for t in db.session.scalars(db.select(DocumentTemplate).where(DocumentTemplate.court_id == g.court.id))
    }
    return render_template(
        "development/templates.html",
        templates=documents.TEMPLATES,
        own=own,
        fields=documents.FIELDS,
        form=TemplateForm(),
    )


def _docx_response(data: bytes, name: str):
    response = make_response(data)
    response.mimetype = DOCX_MIME
    response.headers["Content-Disposition"] = f"attachment; filename=\"template.docx\"; filename*=UTF-8''{quote(name)}"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/templates/<kind>")
@requires("development.configure")
def template_download(kind: str):
    if kind not in documents.TEMPLATES:
        abort(404)
    return _docx_response(documents.template_bytes(g.court, kind), f"{documents.TEMPLATES[kind][0]}模板.docx")


@bp.route("/templates/<kind>", methods=["POST"])
@requires("development.configure")
def template_upload(kind: str):
    if kind not in documents.TEMPLATES:
        abort(404)
    form = TemplateForm()
    title = documents.TEMPLATES[kind][0]
    try:
        if not form.validate_on_submit() or not getattr(form.upload.data, "filename", ""):
            raise DevelopmentRefused("请选择 .docx 格式的模板文件")
        try:
            stored = save_upload(form.upload.data, allowed=DOCX, max_bytes=MAX_BYTES, court=g.court, user=current_user)
        except NotAllowed as error:
            raise DevelopmentRefused(str(error)) from error
        problem = documents.check_template(stored_path(stored).read_bytes())
        if problem:
            raise DevelopmentRefused(problem)
        own = documents.court_template(g.court, kind)
        if own is None:
            db.session.add(DocumentTemplate(court_id=g.court.id, kind=kind, file_id=stored.id))
        else:
            replaced, own.file = own.file, stored
            db.session.flush()
            delete_stored(replaced)
        db.session.flush()
        audit("development.template_saved", f"上传本院文书模板：{title}", court=g.court, user=current_user)
        db.session.commit()
        flash(f"“{title}”已改用本院模板。", "success")
    except Refused as refusal:
        show_refusal(refusal)
    return redirect(url_for("development.templates"))


@bp.route("/templates/<kind>/reset", methods=["POST"])
@requires("development.configure")
def template_reset(kind: str):
    own = documents.court_template(g.court, kind) if kind in documents.TEMPLATES else None
    if own is None:
        abort(404)
    db.session.delete(own)
    db.session.flush()
    audit(
        "development.template_reset",
        f"恢复默认文书模板：{documents.TEMPLATES[kind][0]}",
        court=g.court,
        user=current_user,
    )
    db.session.commit()
    flash("已恢复默认模板。", "success")
    return redirect(url_for("development.templates"))
