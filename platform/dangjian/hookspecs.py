"""The hook contract between the host and plugins.

Every hook here is documented with its arguments, its return value and an
example; ``tests/host/test_hooks.py`` fails when one is not, or when no test
implements it.  Hooks return data and the host wires it in.  An
implementation may accept any subset of a hook's arguments: pluggy passes
only the names it asks for.

How the host calls them (docs/plugins.md §6, "The hook contract"): one
implementation at a time, in pluggy's order (``tryfirst`` / ``trylast``
honoured), so that one plugin's exception is contained; a ``firstresult``
hook stops at the first answer that is not ``None``; hook wrappers and
historic hooks are refused when the plugin is registered.  Every
specification carries type hints for its arguments and return value.

The kinds of hook (``tests/host/test_hooks.py`` keeps this list, the one in
docs/plugins.md and the labels of the modules page complete):

* startup hooks, asked once of each plugin when the app is built:
  ``dangjian_add_hookspecs`` (first), ``dangjian_module_info``,
  ``dangjian_blueprints``, ``dangjian_api_blueprints``, ``dangjian_permissions``,
  ``dangjian_settings_form``, ``dangjian_audit_actions``,
  ``dangjian_cli_commands``, ``dangjian_migrations``; a plugin raising in
  one is marked failed and left out.  The host declares its own
  permissions and audit labels through them too (``core_hooks``);
* operations: ``dangjian_storage_folders`` (backups) and
  ``dangjian_demo_data`` (``dangjian demo``);
* UI hooks, per request, only for plugins enabled in the court being
  viewed: ``dangjian_nav_items``, ``dangjian_dashboard_widgets``,
  ``dangjian_member_panels``, ``dangjian_site_sections``,
  ``dangjian_todos``; one plugin's exception is logged and skipped;
* event hooks, telling plugins what happened, also only for plugins
  enabled in that court: ``dangjian_member_created``,
  ``dangjian_member_changed``, ``dangjian_member_transferred``,
  ``dangjian_module_enabled``, ``dangjian_module_disabled``, and
  ``dangjian_court_created`` (every plugin).
"""

# Specifications have no body, only their docstring: mypy's empty-body check
# does not apply to them.
# mypy: disable-error-code="empty-body"

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    import click
    from flask import Blueprint
    from flask_login import AnonymousUserMixin
    from flask_smorest import Blueprint as ApiBlueprint
    from flask_wtf import FlaskForm

    from .access.roles import Permission
    from .auth.models import User
    from .courts.models import Court
    from .inbox.todos import Todo
    from .members.models import Member
    from .org.models import Organisation
    from .plugins import ModuleInfo, NavItem, Panel, Section, Widget

hookspec = pluggy.HookspecMarker("dangjian")
hookimpl = pluggy.HookimplMarker("dangjian")


# --- startup hooks -------------------------------------------------------


@hookspec
def dangjian_add_hookspecs(plugin_manager: pluggy.PluginManager) -> None:
    """Declare hooks of the plugin's own, for other plugins to implement.

    Arguments: ``plugin_manager`` — the application's
    ``pluggy.PluginManager``; call its ``add_hookspecs`` with a module or
    class of ``@hookspec`` functions (``pluggy.HookspecMarker("dangjian")``).
    Returns nothing.  Runs before any implementation is validated, so other
    plugins may implement the new hooks.  Call them through
    ``dangjian.api.court_hooks(court, "hook_name", ...)``.

    Example::

        class ArchiveSpecs:
            @hookspec
            def dangjian_archive_evidence(self, court, year):
                "Evidence for the yearly assessment."

        @hookimpl
        def dangjian_add_hookspecs(plugin_manager):
            plugin_manager.add_hookspecs(ArchiveSpecs)
    """


@hookspec(firstresult=True)
def dangjian_module_info() -> ModuleInfo | None:
    """Describe the plugin as a module a court can switch on (功能模块).

    Returns: a ``dangjian.api.ModuleInfo`` (title, description, icon).
    Without it the plugin is listed under its entry-point name.

    Example::

        @hookimpl
        def dangjian_module_info():
            return ModuleInfo("学习打卡", "学习资料、学习心得与学时统计", icon="book")
    """


@hookspec
def dangjian_blueprints() -> list[Blueprint]:
    """Flask blueprints the plugin serves.

    Returns: a list of ``flask.Blueprint``.  Each blueprint's name must be the
    plugin's name (or start with ``<name>_``); the host mounts it under
    ``/<court>/<name>/``, resolves the court into ``g.court`` and answers 404
    while the module is disabled for that court.  Views still declare their
    permission with ``@requires``.

    Example::

        bp = Blueprint("study", __name__)

        @bp.route("/")
        @requires("study.view")
        def index():
            return render_template("study/index.html")

        @hookimpl
        def dangjian_blueprints():
            return [bp]
    """


@hookspec
def dangjian_api_blueprints() -> list[ApiBlueprint]:
    """JSON API routes the plugin serves under ``/api/v1/<court>/<name>/``.

    Returns: a list of ``dangjian.api.ApiBlueprint`` (flask-smorest
    blueprints), named like the plugin's page blueprints (the plugin's name
    or ``<name>_…``; page and API blueprints need different names).  The host
    mounts each under ``/api/v1/<court>/<name>/``, resolves the court into
    ``g.court``, answers 404 where the module is off, signs the request in
    with its bearer token (read tokens cannot write), and adds the routes to
    the OpenAPI document.  Views still declare their permission with
    ``@requires``; lists use ``ApiPageArgs`` and ``api_paginate``.

    Example::

        api = ApiBlueprint("study_api", __name__, description="学习")

        @api.route("/materials")
        @requires("study.view")
        @api.arguments(ApiPageArgs, location="query")
        @api.response(200, api_page_of(MaterialSchema))
        def materials(args):
            return api_paginate(select(StudyMaterial).where(...), args)

        @hookimpl
        def dangjian_api_blueprints():
            return [api]
    """


@hookspec
def dangjian_permissions() -> list[Permission]:
    """Declare the named permissions a plugin's views use.

    Returns: a list of ``dangjian.api.Permission``.  A permission names the
    roles that hold it; ``oversight=True`` also grants it read-only to the
    admins of the court above.  Permission checks fail closed: a name nobody
    declared is refused.

    Example::

        @hookimpl
        def dangjian_permissions():
            return [Permission("study.view", "查看学习资料", frozenset({MEMBER, COURT_ADMIN}))]
    """


@hookspec(firstresult=True)
def dangjian_settings_form() -> type[FlaskForm] | None:
    """The form of the module's per-court settings.

    Returns: a ``flask_wtf.FlaskForm`` subclass whose field defaults are the
    settings' defaults.  The host shows it on the court's 功能模块 screen and
    stores the values per plugin and court; read them with
    ``dangjian.api.module_settings(name, court)``.

    Example::

        class StudySettings(FlaskForm):
            yearly_hours = IntegerField("党员年度学时目标", default=32)

        @hookimpl
        def dangjian_settings_form():
            return StudySettings
    """


@hookspec
def dangjian_audit_actions() -> dict[str, str]:
    """Chinese labels of the audit actions the plugin records.

    Returns: a dict of action name (``"<plugin>.<what>"``) to label.  The
    audit log screens show the labels and offer them as filters, grouped
    under the module's title.

    Example::

        @hookimpl
        def dangjian_audit_actions():
            return {"study.material_published": "发布学习资料"}
    """


@hookspec
def dangjian_cli_commands() -> list[click.Command]:
    """Commands added to the ``dangjian`` command line.

    Returns: a list of ``click.Command`` (often one ``click.Group`` named
    after the plugin).  They run inside the application context.

    Example::

        @click.command("study-remind")
        def remind():
            ...

        @hookimpl
        def dangjian_cli_commands():
            return [remind]
    """


@hookspec
def dangjian_migrations() -> str | None:
    """Where the plugin's Alembic revisions live.

    Returns: the path (str) of its ``migrations/versions`` folder.  Its
    revisions carry their own branch label and ``depends_on`` a core
    revision; ``dangjian db upgrade`` applies every head.  Until its head is
    applied the plugin is shown as needing an upgrade and stays disabled.

    Example::

        @hookimpl
        def dangjian_migrations():
            return str(Path(__file__).parent / "migrations" / "versions")
    """


@hookspec
def dangjian_storage_folders() -> list[tuple[str, Path]]:
    """Folders where the plugin keeps files of its own (``dangjian backup``).

    Returns: a list of ``(name, path)`` — a short stable name (the folder's
    name inside a backup archive) and the folder's ``pathlib.Path``.  Files
    stored through ``save_upload`` are the host's and need no entry here;
    caches that can be rebuilt (thumbnails) do not belong here either.

    Example::

        @hookimpl
        def dangjian_storage_folders():
            return [("archives_bundles", bundle_folder())]
    """


@hookspec
def dangjian_demo_data(court: Court) -> None:
    """Add the plugin's demo data for one court (``dangjian demo``).

    Arguments: ``court`` — a demo court where the module has just been
    enabled.  Returns nothing; add rows to ``db.session`` (the caller
    commits).

    Example::

        @hookimpl
        def dangjian_demo_data(court):
            db.session.add(StudyMaterial(court_id=court.id, title="党章学习"))
    """


# --- UI hooks (per request, enabled modules only) ------------------------


@hookspec
def dangjian_nav_items(court: Court, user: User | AnonymousUserMixin) -> list[NavItem]:
    """Items for the main navigation of a court.

    Arguments: ``court`` (the court being viewed), ``user`` (the current
    user, possibly anonymous).  Returns a list of ``NavItem`` (label,
    endpoint, permission, order, icon).  The host shows an item only when
    the user holds its permission in that court.

    Example::

        @hookimpl
        def dangjian_nav_items(court):
            return [NavItem("学习打卡", "study.index", "study.view", order=30, icon="book")]
    """


@hookspec
def dangjian_dashboard_widgets(court: Court, user: User) -> list[Widget]:
    """Cards for the court home (工作台) of a signed-in user.

    Arguments: ``court``, ``user``.  Returns a list of ``Widget`` (title,
    body HTML as ``markupsafe.Markup`` rendered by the plugin's own
    template, order, width in Bootstrap columns).  Return ``[]`` when the
    user has nothing to see.

    Example::

        @hookimpl
        def dangjian_dashboard_widgets(court, user):
            html = render_template("study/widget.html", due=due_materials(user))
            return [Widget("我的待学资料", Markup(html), order=10)]
    """


@hookspec
def dangjian_member_panels(court: Court, member: Member, user: User) -> list[Panel]:
    """Panels on a member's profile page.

    Arguments: ``court``, ``member`` (the ``Member`` shown), ``user`` (who
    is looking; check what they may see).  Returns a list of ``Panel``
    (title, body ``Markup``, order).

    Example::

        @hookimpl
        def dangjian_member_panels(member):
            hours = study_hours(member)
            return [Panel("学习情况", Markup(f"<p>今年学时：{hours}</p>"))]
    """


@hookspec
def dangjian_site_sections(court: Court, branch: Organisation) -> list[Section]:
    """Sections a module adds to a branch's microsite (品牌网站).

    Arguments: ``court``, ``branch`` (the ``Organisation`` whose site is
    shown).  Returns a list of ``Section`` (key, title, body ``Markup``,
    order).  The branch's editor chooses which sections show; nothing
    personal is shown to visitors without that choice.

    Example::

        @hookimpl
        def dangjian_site_sections(branch):
            return [Section("study", "学习风采", Markup(render_rate(branch)))]
    """


@hookspec
def dangjian_todos(court: Court, user: User) -> list[Todo]:
    """What awaits ``user`` in ``court`` now (待办), for the inbox, its badge
    and the dashboard.

    Arguments: ``court``, ``user`` (signed in).  Returns a list of
    ``dangjian.api.Todo`` (kind, kind_label, title, url, due, detail),
    computed from current data — never stored, so an item disappears when
    the work is done.  Only items this user may act on in this court.  Cost:
    a constant number of SQL statements whatever the data size (one query
    per kind of item, no query per row).

    Example::

        @hookimpl
        def dangjian_todos(court, user):
            return [Todo("study.due", "待学资料", m.title, url_for("study.material", id=m.id), due=m.due_on)
                    for m in due_materials(court, user)]
    """


# --- events (enabled modules only) ---------------------------------------


@hookspec
def dangjian_member_created(court: Court, member: Member) -> None:
    """A member record was created (by hand or by an Excel import).

    Arguments: ``court``, ``member``.  Returns nothing.  Runs inside the
    creating transaction: add rows to ``db.session``, do not commit.

    Example::

        @hookimpl
        def dangjian_member_created(member):
            db.session.add(StudyTarget(member_id=member.id, hours=32))
    """


@hookspec
def dangjian_member_changed(court: Court, member: Member, changes: dict[str, tuple[Any, Any]]) -> None:
    """A member record was edited.

    Arguments: ``court``, ``member``, ``changes`` — a dict of field name to
    ``(old, new)``.  Returns nothing.  Runs inside the transaction.

    Example::

        @hookimpl
        def dangjian_member_changed(member, changes):
            if "party_post" in changes:
                refresh_targets(member)
    """


@hookspec
def dangjian_member_transferred(
    court: Court, member: Member, from_branch: Organisation, to_branch: Organisation
) -> None:
    """A member moved to another branch of the court.

    Arguments: ``court``, ``member``, ``from_branch``, ``to_branch``
    (``Organisation``).  Returns nothing.  Runs inside the transaction.

    Example::

        @hookimpl
        def dangjian_member_transferred(member, to_branch):
            reassign_open_materials(member, to_branch)
    """


@hookspec
def dangjian_court_created(court: Court) -> None:
    """A court was created by the platform admin.

    Arguments: ``court``.  Returns nothing.  Called for every installed
    plugin (no module is enabled in a new court yet).

    Example::

        @hookimpl
        def dangjian_court_created(court):
            create_default_categories(court)
    """


@hookspec
def dangjian_module_enabled(court: Court, name: str) -> None:
    """A module was switched on for a court (also when switched on again).

    Arguments: ``court``, ``name`` (the plugin's name; check it is yours).
    Returns nothing.

    Example::

        @hookimpl
        def dangjian_module_enabled(court, name):
            if name == "study":
                ensure_default_plan(court)
    """


@hookspec
def dangjian_module_disabled(court: Court, name: str) -> None:
    """A module was switched off for a court.  Its data stays.

    Arguments: ``court``, ``name``.  Returns nothing.  Called before the
    module disappears from the court, so it still receives this event.

    Example::

        @hookimpl
        def dangjian_module_disabled(court, name):
            if name == "study":
                cancel_reminders(court)
    """
