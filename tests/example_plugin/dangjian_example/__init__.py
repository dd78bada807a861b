"""Example module: a court's notes board.

The smallest complete plugin: a model with its own migration branch, a
blueprint with a template and a static file, a nav item, a permission, a
dashboard widget, a settings form and demo data.
"""

from pathlib import Path

import click
from flask import Blueprint, g, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from markupsafe import Markup
from sqlalchemy import select
from wtforms import IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange

from dangjian.api import (
    COURT_ADMIN,
    MEMBER,
    ModuleInfo,
    NavItem,
    Permission,
    Widget,
    audit,
    db,
    hookimpl,
    module_settings,
    requires,
)

from .models import ExampleNote

bp = Blueprint("example", __name__)


class ExampleSettings(FlaskForm):
    greeting = StringField(
        "欢迎语", default="欢迎来到示例模块", validators=[DataRequired(message="请填写欢迎语"), Length(max=40)]
    )
    page_size = IntegerField(
        "每页条数", default=10, validators=[NumberRange(min=1, max=100, message="每页 1 到 100 条")]
    )


@bp.route("/", methods=["GET", "POST"])
@requires("example.view")
def index():
    settings = module_settings("example", g.court)
    if request.method == "POST":
        text = request.form.get("text", "").strip()[:200]
        if text:
            note = ExampleNote(court_id=g.court.id, text=text)
            db.session.add(note)
            db.session.flush()
            audit("example.note_added", f"发布留言：{text[:40]}", target=note)
            db.session.commit()
        return redirect(url_for("example.index"))
    notes = db.session.scalars(
        select(ExampleNote)
        .where(ExampleNote.court_id == g.court.id)
        .order_by(ExampleNote.id.desc())
        .limit(settings["page_size"])
    ).all()
    return render_template("example/index.html", notes=notes, greeting=settings["greeting"])


@hookimpl
def dangjian_module_info():
    return ModuleInfo("示例模块", "插件开发示例：一块简单的留言板。", icon="sticky")


@hookimpl
def dangjian_blueprints():
    return [bp]


@hookimpl
def dangjian_permissions():
    return [Permission("example.view", "使用示例模块", frozenset({MEMBER, COURT_ADMIN}))]


@hookimpl
def dangjian_nav_items(court):
    return [NavItem("示例模块", "example.index", "example.view", order=60, icon="sticky")]


@hookimpl
def dangjian_dashboard_widgets(court, user):
    count = db.session.scalar(select(db.func.count(ExampleNote.id)).where(ExampleNote.court_id == court.id))
    return [Widget("示例留言", Markup(f"<p class='mb-0'>本院共有 {count} 条留言。</p>"), order=90)]


@hookimpl
def dangjian_audit_actions():
    return {"example.note_added": "发布示例留言"}


@hookimpl
def dangjian_settings_form():
    return ExampleSettings


@click.command("example-count")
@click.argument("court_slug")
def count_notes(court_slug):
    """Print how many notes a court has."""
    from dangjian.api import Court

    court = db.session.scalar(select(Court).where(Court.slug == court_slug))
    if court is None:
        raise click.ClickException(f"没有找到法院“{court_slug}”。")
    total = db.session.scalar(select(db.func.count(ExampleNote.id)).where(ExampleNote.court_id == court.id))
    click.echo(f"{court.name}：{total} 条留言")


@hookimpl
def dangjian_cli_commands():
    return [count_notes]


@hookimpl
def dangjian_migrations():
    return str(Path(__file__).parent / "migrations" / "versions")


@hookimpl
def dangjian_demo_data(court):
    db.session.add(ExampleNote(court_id=court.id, text="欢迎使用党建平台"))
