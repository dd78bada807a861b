"""Court admin settings of the module: meeting types with their checklist,
and document categories."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from sqlalchemy import func, select

from dangjian.api import audit, db, get_in_court_or_404, requires

from .blueprint import bp
from .defaults import ELEMENTS, FREQUENCIES
from .forms import CategoryForm, TypeForm
from .models import Document, DocumentCategory, MeetingType
from .services.setup import categories, ensure_defaults, meeting_types


@bp.before_request
def _defaults():
    # A court that switched the module on before this version, or through
    # the CLI, still gets its meeting types and categories.  A request hook
    # is view code, so it commits what the service added.
    if ensure_defaults(g.court):
        db.session.commit()


@bp.route("/manage/")
@requires("archives.manage")
def manage():
    used = dict(
        db.session.execute(
            select(Document.category_id, func.count(Document.id))
            .where(Document.court_id == g.court.id)
            .group_by(Document.category_id)
        ).all()
    )
    return render_template(
        "archives/manage.html",
        types=meeting_types(g.court),
        categories=categories(g.court),
        frequencies=FREQUENCIES,
        elements=ELEMENTS,
        used=used,
        category_form=CategoryForm(),
    )


@bp.route("/manage/types/<int:type_id>", methods=["GET", "POST"])
@requires("archives.manage")
def type_edit(type_id):
    meeting_type = get_in_court_or_404(MeetingType, type_id)
    form = TypeForm(obj=meeting_type)
    if request.method == "GET":
        form.custom_elements.data = "\n".join(meeting_type.custom_elements or [])
    if form.validate_on_submit():
        meeting_type.name = form.name.data.strip()
        meeting_type.frequency = form.frequency.data
        meeting_type.elements = [key for key in ELEMENTS if key in (form.elements.data or [])]
        lines = [line.strip()[:100] for line in (form.custom_elements.data or "").splitlines()]
        meeting_type.custom_elements = list(dict.fromkeys(line for line in lines if line))[:50]
        audit(
            "archives.type_changed",
            f"修改会议类型与记录要素：{meeting_type.name}",
            target=meeting_type,
            court=g.court,
            detail={
                "frequency": meeting_type.frequency,
                "elements": meeting_type.elements,
                "custom": len(meeting_type.custom_elements),
            },
        )
        db.session.commit()
        flash(
            f"“{meeting_type.name}”已保存：{len(meeting_type.elements) + len(meeting_type.custom_elements)} 项必备要素。",
            "success",
        )
        return redirect(url_for("archives.manage"))
    return render_template("archives/type_form.html", form=form, meeting_type=meeting_type)


@bp.route("/manage/categories", methods=["POST"])
@requires("archives.manage")
def category_add():
    form = CategoryForm()
    if form.validate_on_submit():
        position = len(categories(g.court))
        category = DocumentCategory(
            court_id=g.court.id,
            name=form.name.data.strip(),
            retention_years=form.retention_years.data,
            position=position,
        )
        db.session.add(category)
        db.session.flush()
        audit("archives.category_added", f"新增档案类别：{category.name}", target=category, court=g.court)
        db.session.commit()
        flash("类别已添加。", "success")
    else:
        flash("；".join(e for errors in form.errors.values() for e in errors), "danger")
    return redirect(url_for("archives.manage") + "#categories")


@bp.route("/manage/categories/<int:category_id>", methods=["POST"])
@requires("archives.manage")
def category_edit(category_id):
    category = get_in_court_or_404(DocumentCategory, category_id)
    form = CategoryForm()
    if form.validate_on_submit():
        category.name, category.retention_years = form.name.data.strip(), form.retention_years.data
        audit("archives.category_changed", f"修改档案类别：{category.name}", target=category, court=g.court)
        db.session.commit()
        flash("类别已保存。", "success")
    else:
        flash("；".join(e for errors in form.errors.values() for e in errors), "danger")
    return redirect(url_for("archives.manage") + "#categories")


@bp.route("/manage/categories/<int:category_id>/delete", methods=["POST"])
@requires("archives.manage")
def category_delete(category_id):
    category = get_in_court_or_404(DocumentCategory, category_id)
    in_use = db.session.scalar(select(func.count(Document.id)).where(Document.category_id == category.id))
    if in_use:
        flash(f"“{category.name}”下还有 {in_use} 份文件，不能删除；可以改名。", "danger")
    else:
        audit("archives.category_deleted", f"删除档案类别：{category.name}", target=category, court=g.court)
        db.session.delete(category)
        db.session.commit()
        flash("类别已删除。", "success")
    return redirect(url_for("archives.manage") + "#categories")
