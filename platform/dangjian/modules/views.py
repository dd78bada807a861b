"""功能模块: a court admin switches modules for their court and edits their
settings; the platform admin sees every plugin and the courts × modules grid."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..access import requires
from ..courts.models import Court
from ..courts.tenancy import court_blueprint
from ..db import db
from ..plugins import BLOCKED, plugin_host
from ..refusals import Refused, show_refusal
from . import services
from .hook_labels import hook_label

bp = court_blueprint("modules", __name__, url_prefix="/manage/modules")
platform_bp = Blueprint("platform_modules", __name__, url_prefix="/admin/modules")


def _record_or_404(name: str):
    try:
        return services.module_record(name)
    except services.UnknownModule:
        abort(404)


@bp.route("/")
@requires("modules.manage")
def index():
    enabled = services.enabled_names(g.court)
    # Plugins the platform admin blocked are not the court's business.
    modules = [record for record in plugin_host().modules() if record.status != BLOCKED]
    return render_template("modules/court_modules.html", modules=modules, enabled=enabled)


@bp.route("/<name>/toggle", methods=["POST"])
@requires("modules.manage")
def toggle(name: str):
    record = _record_or_404(name)
    wanted = request.form.get("enabled") == "1"
    try:
        changed = services.set_enabled(g.court, name, wanted, user=current_user)
    except Refused as refusal:
        show_refusal(refusal)
        return redirect(url_for(".index"))
    db.session.commit()
    if changed:
        flash(
            f"已{'启用' if wanted else '停用'}“{record.title}”。"
            + ("" if wanted else "模块数据已保留，重新启用即可恢复。"),
            "success",
        )
    return redirect(url_for(".index"))


@bp.route("/<name>/settings", methods=["GET", "POST"])
@requires("modules.manage")
def settings(name: str):
    record = _record_or_404(name)
    if record.settings_form is None:
        abort(404)
    current = services.module_settings(name, g.court)
    form = record.settings_form(data=current) if request.method == "GET" else record.settings_form()
    if form.validate_on_submit():
        values = {key: value for key, value in form.data.items() if key != "csrf_token"}
        services.save_settings(g.court, name, values, user=current_user)
        db.session.commit()
        flash(f"“{record.title}”的设置已保存。", "success")
        return redirect(url_for(".index"))
    return render_template("modules/settings.html", record=record, form=form)


@platform_bp.route("/")
@requires("platform.modules")
def overview():
    courts = db.session.scalars(select(Court).order_by(Court.position, Court.id)).all()
    enabled = services.enabled_courts_by_module()
    host = plugin_host()
    hooks = {
        record.name: sorted((hook_label(name, host.pm), name) for name in host.implemented_hooks(record))
        for record in host.modules()
    }
    return render_template(
        "modules/platform_modules.html", modules=host.modules(), courts=courts, enabled=enabled, hooks=hooks
    )
