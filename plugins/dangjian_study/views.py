"""我的学习, materials and check-ins."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from dangjian.api import (
    DOCUMENTS,
    VIDEOS,
    NotAllowed,
    audit,
    branch_scope,
    can,
    current_user,
    db,
    delete_stored,
    get_in_court_or_404,
    page_arg,
    requires,
    sanitize_html,
    save_upload,
    send_stored,
    show_refusal,
)

from . import daily, services
from .forms import CheckinForm, MaterialForm, choices
from .models import SCOPES, StudyMaterial

bp = Blueprint("study", __name__)
MAX_UPLOAD = 30 * 1024 * 1024  # the host accepts requests up to 32 MB


@bp.route("/")
@requires("study.view")
def index():
    member = services.member_of(current_user, g.court)
    if member is None:
        # Accounts without a member record go where their role works.
        if not can("study.publish") and can("study.curate"):
            return redirect(url_for("study.reflections"))
        return redirect(url_for("study.materials"))
    home = services.study_home(g.court, member)
    return render_template(
        "study/home.html", member=member, home=home, points_on=services.settings(g.court)["points_enabled"]
    )


@bp.route("/materials")
@requires("study.view")
def materials():
    q = request.args.get("q", "").strip()[:40]
    page = db.paginate(
        services.visible_materials(current_user, g.court, q), page=page_arg(), per_page=20, error_out=False
    )
    member = services.member_of(current_user, g.court)
    done = services.done_material_ids(member) if member else set()
    return render_template(
        "study/materials.html", page=page, q=q, done=done, member=member, can_publish=can("study.publish")
    )


def _material_form(material=None) -> MaterialForm:
    form = MaterialForm(obj=material)
    scope = branch_scope(current_user, "study.publish", g.court)
    branches = services.active_branches(g.court, scope)
    form.scope.choices = choices([(k, v) for k, v in SCOPES.items() if k != "court" or scope is None])
    form.branch_ids.choices = choices([(b.id, b.name) for b in branches])
    form.group_id.choices = choices(
        [(0, "请选择党小组")]
        + [(grp.id, f"{_parent_name(grp)} · {grp.name}") for grp in services.groups_of(b.id for b in branches)]
    )
    if material is None and request.method == "GET" and len(branches) == 1:
        form.branch_ids.data = [branches[0].id]
    if material is not None and request.method == "GET":
        form.hours.data = material.minutes / 60
        form.branch_ids.data = [t.branch_id for t in material.targets]
        form.group_id.data = material.group_id or 0
    return form


def _parent_name(group) -> str:
    assert group.parent is not None  # a party group sits under its branch
    return group.parent.name


def _publishing_branch(form: MaterialForm):
    """The branch a secretary publishes for (None for the court committee)."""
    scope = branch_scope(current_user, "study.publish", g.court)
    if scope is None:
        return None
    if form.scope.data == "branches":
        return form.branch_ids.data[0]
    group = db.session.get_one(services.Organisation, form.group_id.data)  # the form offered only existing groups
    return group.parent_id


def _attach(form: MaterialForm, material: StudyMaterial) -> bool:
    upload = form.upload.data
    if form.kind.data not in ("document", "video"):
        return True
    if not upload or not upload.filename:
        if material.file_id is None:
            form.upload.errors.append("请选择要上传的文件")
            return False
        return True
    try:
        stored = save_upload(
            upload,
            allowed=VIDEOS if form.kind.data == "video" else DOCUMENTS,
            max_bytes=MAX_UPLOAD,
            court=g.court,
            user=current_user,
        )
    except NotAllowed as error:
        show_refusal(error, form, field="upload")
        return False
    if material.file is not None:
        delete_stored(material.file)
    material.file = stored
    return True


def _fill(form: MaterialForm, material: StudyMaterial) -> None:
    material.title = form.title.data.strip()
    material.kind = form.kind.data
    material.body_html = sanitize_html(form.body_html.data)
    material.link_url = (form.link_url.data or "").strip() if form.kind.data == "link" else ""
    material.scope = form.scope.data
    material.group_id = form.group_id.data or None
    material.minutes = services.minutes_from_hours(form.hours.data)
    material.due_on = form.due_on.data


@bp.route("/materials/new", methods=["GET", "POST"])
@requires("study.publish")
def material_create():
    form = _material_form()
    if form.validate_on_submit():
        material = StudyMaterial(court_id=g.court.id, published_by_id=current_user.id)
        _fill(form, material)
        material.branch_id = _publishing_branch(form)
        if _attach(form, material):
            services.save_material(material, form.branch_ids.data)
            audit("study.material_published", f"发布学习资料：{material.title}", court=g.court, user=current_user)
            db.session.commit()
            flash("学习资料已发布。", "success")
            return redirect(url_for("study.material", material_id=material.id))
    return render_template("study/material_form.html", form=form, material=None)


@bp.route("/materials/<int:material_id>")
@requires("study.view")
def material(material_id: int):
    item = _openable(material_id)
    member = services.member_of(current_user, g.court)
    assigned = member is not None and services.is_assigned(member, item)
    checkin = services.existing_checkin(member, item) if member is not None and assigned else None
    form = CheckinForm(studied_on=services.court_today(g.court), hours=item.minutes / 60)
    return render_template(
        "study/material.html",
        item=item,
        assigned=assigned,
        checkin=checkin,
        form=form,
        may_manage=can("study.publish") and services.may_manage(current_user, g.court, item),
        min_length=services.settings(g.court)["reflection_min_length"],
    )


def _openable(material_id: int) -> StudyMaterial:
    item = get_in_court_or_404(StudyMaterial, material_id)
    if not services.may_open(current_user, g.court, item):
        abort(404)
    return item


@bp.route("/materials/<int:material_id>/file")
@requires("study.view")
def material_file(material_id: int):
    item = _openable(material_id)
    if item.file is None:
        abort(404)
    return send_stored(item.file, inline=item.kind == "video")


@bp.route("/materials/<int:material_id>/checkin", methods=["POST"])
@requires("study.view")
def material_checkin(material_id: int):
    item = _openable(material_id)
    member = services.member_of(current_user, g.court)
    if member is None or not services.is_assigned(member, item):
        abort(403)
    form = CheckinForm()
    if form.validate_on_submit():
        try:
            _checkin, created = services.check_in(
                g.court,
                member,
                material=item,
                studied_on=form.studied_on.data,
                minutes=services.minutes_from_hours(form.hours.data),
                reflection=form.reflection.data,
            )
        except services.CheckinRefused as error:
            show_refusal(error, form, field="reflection")
        else:
            db.session.commit()
            flash(
                "打卡成功，学习记录已保存。" if created else "这份资料您已经打过卡了。",
                "success" if created else "info",
            )
            return redirect(url_for("study.material", material_id=item.id))
    return render_template(
        "study/material.html",
        item=item,
        assigned=True,
        checkin=None,
        form=form,
        may_manage=False,
        min_length=services.settings(g.court)["reflection_min_length"],
    ), 422


FREE_CHECKIN_MESSAGES = {
    "created": lambda row: ("打卡成功，学习记录已保存。", "success"),
    "added": lambda row: (
        f"这一天已经打过卡，本次内容已补充到 {row.studied_on:%m月%d日} 的学习记录里（当天共 {row.hours} 学时）。",
        "success",
    ),
    "unchanged": lambda row: ("这一天您已经打过卡了，这段心得已在当天的记录里。", "info"),
}


@bp.route("/checkin", methods=["GET", "POST"])
@requires("study.view")
def checkin():
    member = services.member_of(current_user, g.court)
    if member is None:
        return render_template("study/not_member.html"), 403
    form = CheckinForm(studied_on=services.court_today(g.court))
    if form.validate_on_submit():
        if not (form.topic.data or "").strip():
            form.topic.errors.append("请填写学习内容")
        else:
            try:
                row, outcome = daily.free_check_in(
                    g.court,
                    member,
                    topic=form.topic.data,
                    studied_on=form.studied_on.data,
                    minutes=services.minutes_from_hours(form.hours.data),
                    reflection=form.reflection.data,
                )
            except services.CheckinRefused as error:
                show_refusal(error, form, field="reflection")
            else:
                db.session.commit()
                flash(*FREE_CHECKIN_MESSAGES[outcome](row))
                return redirect(url_for("study.index"))
    day = form.studied_on.data if isinstance(form.studied_on.data, date) else services.court_today(g.court)
    return render_template(
        "study/checkin.html",
        form=form,
        day_checkin=daily.day_checkin(member, day),
        min_length=services.settings(g.court)["reflection_min_length"],
    )


@bp.route("/materials/<int:material_id>/edit", methods=["GET", "POST"])
@requires("study.publish")
def material_edit(material_id: int):
    item = _managed(material_id)
    form = _material_form(item)
    # _attach first: the file is copied before the material changes (see save_upload).
    if form.validate_on_submit() and _attach(form, item):
        _fill(form, item)
        services.save_material(item, form.branch_ids.data)
        audit("study.material_changed", f"修改学习资料：{item.title}", court=g.court, user=current_user)
        db.session.commit()
        flash("学习资料已保存。", "success")
        return redirect(url_for("study.material", material_id=item.id))
    return render_template("study/material_form.html", form=form, material=item)


@bp.route("/materials/<int:material_id>/delete", methods=["POST"])
@requires("study.publish")
def material_delete(material_id: int):
    item = _managed(material_id)
    title, stored = item.title, item.file
    services.delete_material(item)
    if stored is not None:
        delete_stored(stored)
    audit("study.material_deleted", f"删除学习资料：{title}（已有的打卡记录保留）", court=g.court, user=current_user)
    db.session.commit()
    flash(f"已删除学习资料“{title}”，党员已有的学习记录仍然保留。", "success")
    return redirect(url_for("study.materials"))


def _managed(material_id: int) -> StudyMaterial:
    item = get_in_court_or_404(StudyMaterial, material_id)
    if not services.may_manage(current_user, g.court, item):
        abort(404)
    return item


@bp.context_processor
def study_helpers():
    return {"study_points_on": lambda: bool(services.settings(g.court)["points_enabled"])}
