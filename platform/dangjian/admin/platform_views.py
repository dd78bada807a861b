"""Platform administration: courts and their hierarchy, the whole audit log."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from wtforms.fields.choices import SelectChoice

from ..access import requires
from ..courts.models import Court
from ..db import db
from ..inputs import int_arg
from . import courts as court_service
from .audit_query import court_choices
from .forms import CourtForm, PlatformAuditFilterForm
from .services import Refused
from .views import render_audit_log, show_refusal

bp = Blueprint("platform_admin", __name__, url_prefix="/admin")


@bp.route("/")
@requires("courts.manage")
def index():
    return redirect(url_for(".courts"))


@bp.route("/courts/")
@requires("courts.manage")
def courts():
    return render_template(
        "admin/courts.html", forest=court_service.court_forest(), counts=court_service.court_counts()
    )


def _court_data(form: CourtForm, slug: str = "") -> court_service.CourtData:
    return court_service.CourtData(
        slug=slug,
        name=form.name.data.strip(),
        short_name=(form.short_name.data or "").strip(),
        level=form.level.data,
        parent_id=form.parent_id.data,
        timezone=(form.timezone.data or "").strip(),
        position=form.position.data or 0,
    )


def _parent_choices(court: Court | None = None):
    return [SelectChoice(None, "（无，顶级法院）")] + [
        SelectChoice(court_id, name) for court_id, name in court_service.parent_choices(court)
    ]


@bp.route("/courts/new", methods=["GET", "POST"])
@requires("courts.manage")
def court_new():
    form = CourtForm()
    form.parent_id.choices = _parent_choices()
    if request.method == "GET" and int_arg("parent"):
        form.parent_id.data = int_arg("parent")
        form.level.data = "basic"
    if form.validate_on_submit():
        try:
            court = court_service.create_court(_court_data(form, slug=form.slug.data.strip()))
        except Refused as refusal:
            show_refusal(refusal, form)
        else:
            db.session.commit()
            flash(f"已新建 {court.name}，并建立了其机关党委。下一步：为该院创建机关党委管理员账号。", "success")
            return redirect(url_for(".courts"))
    return render_template("admin/court_form.html", form=form, court=None)


@bp.route("/courts/<int:court_id>/edit", methods=["GET", "POST"])
@requires("courts.manage")
def court_edit(court_id: int):
    court = db.session.get(Court, court_id)
    if court is None:
        abort(404)
    form = CourtForm(obj=court)
    form.parent_id.choices = _parent_choices(court)
    # The slug is fixed once created: links and bookmarks use it.
    del form.slug
    if form.validate_on_submit():
        try:
            changes = court_service.update_court(court, _court_data(form))
        except Refused as refusal:
            show_refusal(refusal, form)
        else:
            db.session.commit()
            flash(
                f"已保存 {court.name} 的修改。" if changes else "没有需要保存的修改。", "success" if changes else "info"
            )
            return redirect(url_for(".courts"))
    return render_template("admin/court_form.html", form=form, court=court)


@bp.route("/audit/")
@requires("platform.audit")
def audit():
    form = PlatformAuditFilterForm(request.args)
    form.court.choices = [SelectChoice("", "全部法院")] + [
        SelectChoice(value, label) for value, label in court_choices()
    ]
    return render_audit_log(form, endpoint="platform_admin.audit", zone=current_app.config["TIMEZONE"], platform=True)
