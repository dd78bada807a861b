"""The hook contract: documented, and honoured by the host."""

import inspect
import re
from pathlib import Path

import pytest
from markupsafe import Markup

from dangjian import hookspecs
from dangjian.access.roles import MEMBER, Permission
from dangjian.hookspecs import hookimpl
from dangjian.plugins import NavItem, Widget

HOOKS = [name for name, value in vars(hookspecs).items() if name.startswith("dangjian_") and callable(value)]
TESTS_DIR = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", HOOKS)
def test_every_hook_is_documented(name):
    doc = inspect.getdoc(getattr(hookspecs, name)) or ""
    assert len(doc) > 80, f"{name} needs a docstring"
    assert "Return" in doc, f"{name}'s docstring must say what it returns"
    assert "Example" in doc, f"{name}'s docstring must show an example"
    if inspect.signature(getattr(hookspecs, name)).parameters:
        assert "Arguments" in doc, f"{name}'s docstring must describe its arguments"


@pytest.mark.parametrize("name", HOOKS)
def test_every_hook_has_a_test(name):
    """A hook counts as tested when a plugin used by the tests implements it
    (a test module's temporary plugin or the example distribution)."""
    implemented = any(f"def {name}(" in path.read_text(encoding="utf-8") for path in TESTS_DIR.rglob("*.py"))
    assert implemented, f"no test implements hook {name}"


DOCS = Path(__file__).resolve().parents[2] / "docs" / "plugins.md"


def documented_hook_table() -> str:
    text = DOCS.read_text(encoding="utf-8")
    section = text[text.index("## 6. The other hooks") :]
    return section[: section.index("### The hook contract")]


@pytest.mark.parametrize("name", HOOKS)
def test_every_hook_is_in_the_plugin_guide(name):
    assert f"`{name}" in documented_hook_table(), f"docs/plugins.md §6 does not list {name}"


@pytest.mark.parametrize("name", HOOKS)
def test_every_hook_is_in_the_hookspecs_overview(name):
    assert f"``{name}``" in (hookspecs.__doc__ or ""), f"hookspecs.py's docstring does not list {name}"


def test_startup_hooks_are_the_documented_ones():
    from dangjian.plugins import STARTUP_HOOKS

    row = next(line for line in documented_hook_table().splitlines() if line.startswith("| start-up"))
    assert re.findall(r"`(dangjian_\w+)`", row) == list(STARTUP_HOOKS)


def declared_specs(app):
    """Every specification the app knows: the host's and its plugins' own."""
    host = app.extensions["dangjian.plugins"]
    callers = (getattr(host.pm.hook, name) for name in dir(host.pm.hook) if name.startswith("dangjian_"))
    return {caller.name: caller.spec.function for caller in callers if caller.has_spec()}


def test_every_declared_hook_has_a_label_on_the_modules_page(app):
    from dangjian.modules.hook_labels import HOOK_LABELS, hook_label

    host = app.extensions["dangjian.plugins"]
    unnamed = [name for name in declared_specs(app) if hook_label(name, host.pm) == hook_label(name)]
    unnamed = [name for name in unnamed if name not in HOOK_LABELS]
    assert not unnamed, f"no Chinese label (host: modules/hook_labels.py; plugin: HOOK_LABELS) for {unnamed}"


def test_the_host_names_only_its_own_hooks():
    # A plugin's hooks are named where the plugin declares them (its
    # hookspecs module's HOOK_LABELS), never in the host.
    from dangjian.modules.hook_labels import HOOK_LABELS

    assert set(HOOK_LABELS) == set(HOOKS)


def test_every_declared_hook_has_type_hints(app):
    specs = declared_specs(app)
    assert set(HOOKS) <= set(specs) and len(specs) > len(HOOKS)  # the plugins' own are checked too
    for name, function in specs.items():
        signature = inspect.signature(function)
        untyped = [p.name for p in signature.parameters.values() if p.name != "self" and p.annotation is p.empty]
        assert not untyped, f"{name}: arguments without a type: {untyped}"
        assert signature.return_annotation is not signature.empty, f"{name} does not say what it returns"


def enable_in_zy(app, world, name):
    from dangjian.db import db
    from dangjian.modules import services

    with app.app_context():
        services.set_enabled(db.session.merge(world.zy), name, True)
        db.session.commit()


class TemporaryPlugin:
    @hookimpl
    def dangjian_permissions(self):
        return [Permission("temporary.view", "查看临时模块", frozenset({MEMBER}))]

    @hookimpl
    def dangjian_nav_items(self, court):
        return [NavItem("临时模块", "court.home", "temporary.view", order=40)]

    @hookimpl
    def dangjian_dashboard_widgets(self, user):
        return [Widget("示例卡片", Markup("<p>来自示例插件</p>"), order=1)]


class BrokenNavPlugin:
    @hookimpl
    def dangjian_nav_items(self, court):
        raise RuntimeError("nav broke")


def test_plugin_permission_nav_and_widget(make_app, world, login_as):
    app = make_app(EXTRA_PLUGINS={"temporary": TemporaryPlugin()})
    enable_in_zy(app, world, "temporary")
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = world.member_user.get_id()
    text = client.get("/zy/").get_data(as_text=True)
    assert "临时模块" in text  # members hold temporary.view
    assert "来自示例插件" in text
    with client.session_transaction() as session:
        session["_user_id"] = world.juvenile_editor.get_id()
    text = client.get("/zy/").get_data(as_text=True)
    assert "临时模块" not in text  # editors do not


def test_failing_nav_hook_is_skipped_when_not_strict(make_app, world):
    app = make_app(PLUGINS_STRICT=False, EXTRA_PLUGINS={"broken": BrokenNavPlugin()})
    enable_in_zy(app, world, "broken")
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = world.zy_admin.get_id()
    page = client.get("/zy/")
    assert page.status_code == 200
    assert "党员名册" in page.get_data(as_text=True)  # the host's own items survive


def test_failing_nav_hook_raises_in_strict_mode(make_app, world):
    app = make_app(PLUGINS_STRICT=True, EXTRA_PLUGINS={"broken": BrokenNavPlugin()})
    enable_in_zy(app, world, "broken")
    with pytest.raises(RuntimeError, match="nav broke"):
        app.test_client().get("/zy/")
