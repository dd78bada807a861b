"""Court page, education bases and the resource library."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from dangjian.api import (
    NotAllowed,
    audit,
    can,
    current_user,
    db,
    delete_stored,
    get_in_court_or_404,
    is_enabled,
    page_arg,
    requires,
    sanitize_html,
    send_stored,
    show_refusal,
)

from . import media, services
from .forms import BaseForm, ResourceForm, choices
from .models import RESOURCE_KINDS, Base, BasePhoto, Resource

bp = Blueprint("redculture", __name__)


@bp.route("/")
@requires("redculture.view")
def index():
    today = services.court_today(g.court)
    recent = db.session.scalars(
        services.activities_query(g.court).where(services.Activity.held_on < today).limit(6)
    ).all()
    return render_template(
        "redculture/index.html",
        bases=services.bases(g.court),
        today=today,
        upcoming=services.upcoming(g.court, today, 8),
        recent=recent,
        member=services.member_of(current_user, g.court),
    )


# --- bases --------------------------------------------------------------------


@bp.route("/bases/<int:base_id>")
@requires("redculture.view")
def base_detail(base_id: int):
    base = get_in_court_or_404(Base, base_id)
    activities = db.session.scalars(
        services.activities_query(g.court).where(services.Activity.base_id == base.id).limit(20)
    ).all()
    resources = db.session.scalars(services.resources_query(g.court).where(Resource.base_id == base.id).limit(20)).all()
    return render_template("redculture/base_page.html", base=base, activities=activities, resources=resources)


def _add_base_photos(form: BaseForm, base: Base) -> bool:
    """Called before the base's own fields change: the first photo is then copied without the write lock."""
    stored, errors = media.save_photos(form.photos.data, g.court, current_user)
    base.photos.extend(BasePhoto(file=s, file_id=s.id) for s in stored)
    form.photos.errors = list(form.photos.errors) + errors
    return not errors


def _fill_base(form: BaseForm, base: Base) -> None:
    for field in ("name", "place", "themes", "description", "visiting_notes"):
        setattr(base, field, (getattr(form, field).data or "").strip())


@bp.route("/bases/new", methods=["GET", "POST"])
@requires("redculture.manage")
def base_create():
    form = BaseForm()
    if form.validate_on_submit():
        base = Base(court_id=g.court.id)
        if _add_base_photos(form, base):
            _fill_base(form, base)
            db.session.add(base)
            db.session.flush()
            audit("redculture.base_saved", f"新增教育基地：{base.name}", target=base, court=g.court, user=current_user)
            db.session.commit()
            flash("教育基地已保存。", "success")
            return redirect(url_for("redculture.base_detail", base_id=base.id))
        db.session.rollback()
    return render_template("redculture/base_form.html", form=form, base=None), 422 if form.errors else 200


@bp.route("/bases/<int:base_id>/edit", methods=["GET", "POST"])
@requires("redculture.manage")
def base_edit(base_id: int):
    base = get_in_court_or_404(Base, base_id)
    form = BaseForm(obj=base)
    if form.validate_on_submit():
        if _add_base_photos(form, base):
            _fill_base(form, base)
            audit("redculture.base_saved", f"修改教育基地：{base.name}", target=base, court=g.court, user=current_user)
            db.session.commit()
            flash("教育基地已保存。", "success")
            return redirect(url_for("redculture.base_detail", base_id=base.id))
        db.session.rollback()
        base = get_in_court_or_404(Base, base_id)
    return render_template("redculture/base_form.html", form=form, base=base), 422 if form.errors else 200


@bp.route("/bases/<int:base_id>/delete", methods=["POST"])
@requires("redculture.manage")
def base_delete(base_id: int):
    base = get_in_court_or_404(Base, base_id)
    name, files = base.name, [p.file for p in base.photos]
    db.session.delete(base)
    db.session.flush()
    for stored in files:
        delete_stored(stored)
    audit("redculture.base_deleted", f"删除教育基地：{name}（相关活动保留）", court=g.court, user=current_user)
    db.session.commit()
    flash(f"已删除教育基地“{name}”，在该基地开展的活动记录仍然保留。", "success")
    return redirect(url_for("redculture.index"))


def _base_photo(base_photo_id: int) -> BasePhoto:
    photo = db.session.get(BasePhoto, base_photo_id)
    if photo is None:
        abort(404)
    get_in_court_or_404(Base, photo.base_id)
    return photo


@bp.route("/base-photos/<int:base_photo_id>")
@requires("redculture.view")
def base_photo(base_photo_id: int):
    return send_stored(_base_photo(base_photo_id).file, inline=True)


@bp.route("/base-photos/<int:base_photo_id>/delete", methods=["POST"])
@requires("redculture.manage")
def base_photo_delete(base_photo_id: int):
    photo = _base_photo(base_photo_id)
    base_id, stored = photo.base_id, photo.file
    db.session.delete(photo)
    db.session.flush()
    delete_stored(stored)
    db.session.commit()
    flash("照片已删除。", "success")
    return redirect(url_for("redculture.base_edit", base_id=base_id))


# --- resources ------------------------------------------------------------------


@bp.route("/resources")
@requires("redculture.view")
def resources():
    q = request.args.get("q", "").strip()[:40]
    theme = request.args.get("theme", "").strip()[:20]
    kind = request.args.get("kind", "")
    kind = kind if kind in RESOURCE_KINDS else ""
    page = db.paginate(services.resources_query(g.court, q, theme, kind), page=page_arg(), per_page=20, error_out=False)
    return render_template(
        "redculture/resources.html",
        page=page,
        q=q,
        theme=theme,
        kind=kind,
        kinds=RESOURCE_KINDS,
        themes=services.all_themes(g.court),
    )


@bp.route("/resources/<int:resource_id>")
@requires("redculture.view")
def resource_detail(resource_id: int):
    resource = get_in_court_or_404(Resource, resource_id)
    return render_template(
        "redculture/resource.html",
        resource=resource,
        study_on=can("redculture.manage") and is_enabled(g.court, "study"),
    )


@bp.route("/resources/<int:resource_id>/file")
@requires("redculture.view")
def resource_file(resource_id: int):
    resource = get_in_court_or_404(Resource, resource_id)
    if resource.file is None:
        abort(404)
    return send_stored(resource.file, inline=resource.kind == "video")


def _resource_form(resource=None) -> ResourceForm:
    form = ResourceForm(obj=resource)
    form.base_id.choices = choices([(0, "（不关联基地）")] + [(b.id, b.name) for b in services.bases(g.court)])
    if resource is not None and request.method == "GET":
        form.base_id.data = resource.base_id or 0
    return form


def _save_resource(form: ResourceForm, resource: Resource) -> bool:
    resource.title, resource.kind = form.title.data.strip(), form.kind.data
    resource.themes, resource.summary = (form.themes.data or "").strip(), (form.summary.data or "").strip()
    resource.base_id = form.base_id.data or None
    resource.body_html = sanitize_html(form.body_html.data or "")
    resource.link_url = (form.link_url.data or "").strip() if resource.kind == "link" else ""
    if resource.kind not in ("document", "video"):
        return True
    upload = form.upload.data
    if not upload or not upload.filename:
        if resource.file is None or (resource.kind == "video") != (resource.file.kind in ("mp4", "webm")):
            form.upload.errors = [*form.upload.errors, "请选择要上传的文件"]
            return False
        return True
    try:
        stored = media.save_resource_file(upload, resource.kind, g.court, current_user)
    except NotAllowed as error:
        show_refusal(error, form, field="upload")
        return False
    if resource.file is not None:
        delete_stored(resource.file)
    resource.file = stored
    return True


@bp.route("/resources/new", methods=["GET", "POST"])
@requires("redculture.manage")
def resource_create():
    form = _resource_form()
    if form.validate_on_submit():
        resource = Resource(court_id=g.court.id, created_by_id=current_user.id)
        if _save_resource(form, resource):
            db.session.add(resource)
            db.session.flush()
            audit(
                "redculture.resource_saved",
                f"新增红色资源：{resource.title}",
                target=resource,
                court=g.court,
                user=current_user,
            )
            db.session.commit()
            flash("资源已保存。", "success")
            return redirect(url_for("redculture.resource_detail", resource_id=resource.id))
    return render_template("redculture/resource_form.html", form=form, resource=None), 422 if form.errors else 200


@bp.route("/resources/<int:resource_id>/edit", methods=["GET", "POST"])
@requires("redculture.manage")
def resource_edit(resource_id: int):
    resource = get_in_court_or_404(Resource, resource_id)
    form = _resource_form(resource)
    if form.validate_on_submit():
        if _save_resource(form, resource):
            audit(
                "redculture.resource_saved",
                f"修改红色资源：{resource.title}",
                target=resource,
                court=g.court,
                user=current_user,
            )
            db.session.commit()
            flash("资源已保存。", "success")
            return redirect(url_for("redculture.resource_detail", resource_id=resource.id))
        db.session.rollback()
        resource = get_in_court_or_404(Resource, resource_id)
    return render_template("redculture/resource_form.html", form=form, resource=resource), 422 if form.errors else 200


@bp.route("/resources/<int:resource_id>/delete", methods=["POST"])
@requires("redculture.manage")
def resource_delete(resource_id: int):
    resource = get_in_court_or_404(Resource, resource_id)
    title, stored = resource.title, resource.file
    db.session.delete(resource)
    db.session.flush()
    if stored is not None:
        delete_stored(stored)
    audit("redculture.resource_deleted", f"删除红色资源：{title}", court=g.court, user=current_user)
    db.session.commit()
    flash(f"已删除资源“{title}”。", "success")
    return redirect(url_for("redculture.resources"))


@bp.route("/resources/<int:resource_id>/study", methods=["POST"])
@requires("redculture.manage")
def resource_to_study(resource_id: int):
    resource = get_in_court_or_404(Resource, resource_id)
    url = services.offer_to_study(g.court, resource, current_user)
    if url is None:
        flash("本院未启用“学习打卡”模块，不能布置为学习资料。", "warning")
    else:
        audit(
            "redculture.resource_assigned",
            f"布置为学习资料：{resource.title}",
            target=resource,
            court=g.court,
            user=current_user,
        )
        db.session.commit()
        flash("已布置为全院学习资料，可在“学习打卡”中调整范围和学时。", "success")
    return redirect(url_for("redculture.resource_detail", resource_id=resource.id))
