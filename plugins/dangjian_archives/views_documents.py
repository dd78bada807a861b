"""The document archive, yearly bundles and handover records."""

from __future__ import annotations

from urllib.parse import quote

from flask import abort, flash, g, redirect, render_template, request, send_file, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from dangjian.api import (
    NotAllowed,
    audit,
    current_user,
    db,
    delete_stored,
    get_in_scope_or_404,
    int_arg,
    page_arg,
    requires,
    send_stored,
    show_refusal,
    year_arg,
)

from .blueprint import bp, branch_choices, branch_in_scope, scope, today
from .forms import BundleForm, DocumentForm, HandoverForm, choices
from .models import Bundle, Document, Handover
from .services import documents as svc
from .services.setup import categories

PER_PAGE = 20


@bp.route("/documents/")
@requires("archives.view")
def documents():
    q = request.args.get("q", "").strip()[:50]
    branch_id, year, category_id = int_arg("branch"), year_arg("year"), int_arg("category")
    query = svc.search(g.court, scope(), q=q, branch_id=branch_id, year=year, category_id=category_id)
    page = db.paginate(query, page=page_arg(), per_page=PER_PAGE, error_out=False)
    return render_template(
        "archives/documents.html",
        page=page,
        branches=branch_choices("archives.view"),
        categories=categories(g.court),
        filters={"q": q, "branch": branch_id, "year": year, "category": category_id},
        max_mb=svc.max_upload_bytes(g.court) // 1048576,
    )


def _document_form():
    form = DocumentForm()
    form.branch_id.choices = choices(branch_choices("archives.record"))
    form.category_id.choices = choices((c.id, f"{c.name}（保管{c.retention_label}）") for c in categories(g.court))
    return form


@bp.route("/documents/new", methods=["GET", "POST"])
@requires("archives.record")
def document_new():
    form = _document_form()
    if request.method == "GET":
        form.year.data = today().year
        form.branch_id.data = int_arg("branch")
    if form.validate_on_submit():
        branch = branch_in_scope(form.branch_id.data, "archives.record")
        category = next(c for c in categories(g.court) if c.id == form.category_id.data)
        try:
            svc.add_document(
                g.court,
                branch,
                category,
                {"year": form.year.data, "title": form.title.data, "description": form.description.data},
                form.upload.data,
                current_user,
            )
        except NotAllowed as error:
            show_refusal(error, form, field="upload")
        else:
            db.session.commit()
            flash("文件已归档。", "success")
            return redirect(url_for("archives.documents", branch=branch.id))
    return render_template("archives/document_form.html", form=form, max_mb=svc.max_upload_bytes(g.court) // 1048576)


@bp.route("/documents/<int:document_id>/download")
@requires("archives.view")
def document_download(document_id):
    document = get_in_scope_or_404(Document, document_id, "archives.view")
    return send_stored(document.stored)


@bp.route("/documents/<int:document_id>/delete", methods=["POST"])
@requires("archives.record")
def document_delete(document_id):
    document = get_in_scope_or_404(Document, document_id, "archives.record")
    audit("archives.document_deleted", f"删除档案文件：{document.title}", target=document, court=g.court)
    stored = document.stored
    db.session.delete(document)
    db.session.flush()
    delete_stored(stored)
    db.session.commit()
    flash("文件已删除。", "success")
    return redirect(url_for("archives.documents"))


# --- yearly bundle -------------------------------------------------------


def _bundle_form():
    form = BundleForm()
    form.branch_id.choices = choices(branch_choices("archives.record"))
    return form


@bp.route("/bundles/", methods=["GET", "POST"])
@requires("archives.record")
def bundles():
    form = _bundle_form()
    if request.method == "GET":
        form.year.data = year_arg("year", today().year - 1)
        form.branch_id.data = int_arg("branch")
    if form.validate_on_submit():
        branch = branch_in_scope(form.branch_id.data, "archives.record")
        bundle = svc.build_bundle(g.court, branch, form.year.data, current_user)
        db.session.commit()
        flash(
            f"已生成 {branch.name} {bundle.year} 年档案包：{bundle.record_count} 份会议记录，{bundle.document_count} 份文件。",
            "success",
        )
        return redirect(url_for("archives.bundles"))
    visible = scope("archives.record")
    query = select(Bundle).where(Bundle.court_id == g.court.id).options(selectinload(Bundle.branch))
    if visible is not None:
        query = query.where(Bundle.branch_id.in_(visible or {-1}))
    recent = list(db.session.scalars(query.order_by(Bundle.id.desc()).limit(20)))
    preview = {}
    if form.branch_id.data and form.year.data and form.branch_id.data in {c.value for c in form.branch_id.choices}:
        branch = branch_in_scope(form.branch_id.data, "archives.record")
        meeting_ids, docs = svc.bundle_contents(g.court, branch, form.year.data)
        preview = {"records": len(meeting_ids), "documents": len(docs)}
    return render_template("archives/bundles.html", form=form, recent=recent, preview=preview)


@bp.route("/bundles/<int:bundle_id>/download")
@requires("archives.record")
def bundle_download(bundle_id):
    bundle = get_in_scope_or_404(Bundle, bundle_id, "archives.record")
    path = svc.bundle_folder() / bundle.internal_name
    if not path.exists():
        abort(404)
    response = send_file(path, mimetype="application/zip", conditional=True)
    name = f"{bundle.branch.name}{bundle.year}年党建档案.zip"
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"archive-{bundle.year}.zip\"; filename*=UTF-8''{quote(name)}"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# --- handover records ----------------------------------------------------


@bp.route("/handovers/", methods=["GET", "POST"])
@requires("archives.record")
def handovers():
    form = HandoverForm()
    form.branch_id.choices = choices(branch_choices("archives.record"))
    if request.method == "GET":
        form.handed_on.data = today()
    if form.validate_on_submit():
        branch = branch_in_scope(form.branch_id.data, "archives.record")
        item = Handover(
            court_id=g.court.id,
            branch_id=branch.id,
            handed_on=form.handed_on.data,
            post=form.post.data.strip(),
            from_name=form.from_name.data.strip(),
            to_name=form.to_name.data.strip(),
            items=form.items.data.strip(),
            created_by_id=current_user.id,
        )
        db.session.add(item)
        db.session.flush()
        audit(
            "archives.handover",
            f"档案交接：{branch.name} {item.post} {item.from_name} → {item.to_name}",
            target=item,
            court=g.court,
        )
        db.session.commit()
        flash("交接记录已保存。", "success")
        return redirect(url_for("archives.handovers"))
    visible = scope("archives.record")
    query = select(Handover).where(Handover.court_id == g.court.id).options(selectinload(Handover.branch))
    if visible is not None:
        query = query.where(Handover.branch_id.in_(visible or {-1}))
    items = list(db.session.scalars(query.order_by(Handover.handed_on.desc(), Handover.id.desc()).limit(50)))
    return render_template("archives/handovers.html", form=form, items=items)
