"""What a third-party plugin may rely on when it declares or implements a
hook: ``firstresult`` is honoured one implementation at a time, hook wrappers
and historic hooks are refused at registration, an undeclared hook name
raises in strict mode, and the host declares its own permissions and audit
labels through the same hooks as a plugin."""

from __future__ import annotations

import pytest

from dangjian.access.registry import registry
from dangjian.access.roles import MEMBER, Permission
from dangjian.api import NavItem, hookimpl, hookspec
from dangjian.audit.services import action_labels
from dangjian.db import db
from dangjian.modules import services
from dangjian.plugins import CORE_PLUGIN, HookContractError, UnknownHookError, plugin_host
from tests.conftest import sign_in


class AnswerSpecs:
    @hookspec(firstresult=True)
    def dangjian_contract_answer(self, court) -> list[str] | None:
        """One module answers; the first answer that is not None wins."""


class Declares:
    @hookimpl
    def dangjian_add_hookspecs(self, plugin_manager):
        plugin_manager.add_hookspecs(AnswerSpecs)


class Calls:
    def __init__(self):
        self.heard = []


CALLS = Calls()


class Silent:
    @hookimpl(tryfirst=True)
    def dangjian_contract_answer(self, court):
        CALLS.heard.append("silent")


class Answers:
    @hookimpl
    def dangjian_contract_answer(self, court):
        CALLS.heard.append("answers")
        return ["三会一课", "主题党日"]  # one answer: not flattened into the others


class Late:
    @hookimpl(trylast=True)
    def dangjian_contract_answer(self, court):
        CALLS.heard.append("late")
        return ["不会被问到"]


class Broken:
    @hookimpl(tryfirst=True)
    def dangjian_contract_answer(self, court):
        CALLS.heard.append("broken")
        raise RuntimeError("answer broke")


def enable(app, court, *names):
    with app.app_context():
        for name in names:
            services.set_enabled(db.session.merge(court), name, True)
        db.session.commit()


@pytest.fixture(autouse=True)
def _forget_calls():
    CALLS.heard.clear()


def test_firstresult_stops_at_the_first_answer(plugin_app, world):
    plugins = {"declares": Declares(), "silent": Silent(), "answers": Answers(), "late": Late()}
    app = plugin_app(plugins)
    enable(app, world.zy, *plugins)
    with app.app_context():
        assert services.court_hooks(world.zy, "dangjian_contract_answer") == ["三会一课", "主题党日"]
    assert CALLS.heard == ["silent", "answers"]  # tryfirst first, trylast never reached


def test_firstresult_answers_none_when_nobody_answers(plugin_app, world):
    app = plugin_app({"declares": Declares(), "silent": Silent()})
    enable(app, world.zy, "declares", "silent")
    with app.app_context():
        assert services.court_hooks(world.zy, "dangjian_contract_answer") is None
        # Modules switched off in the court are not asked.
        assert services.court_hooks(world.wf, "dangjian_contract_answer") is None
    assert CALLS.heard == ["silent"]


def test_firstresult_contains_a_failing_implementation(plugin_app, world):
    app = plugin_app({"declares": Declares(), "broken": Broken(), "answers": Answers()}, PLUGINS_STRICT=False)
    enable(app, world.zy, "declares", "broken", "answers")
    with app.app_context():
        assert services.court_hooks(world.zy, "dangjian_contract_answer") == ["三会一课", "主题党日"]
        record = plugin_host().records["broken"]
        assert record.status == "failed" and record.stage == "request:dangjian_contract_answer"
        assert "answer broke" in record.error
        CALLS.heard.clear()
        assert services.court_hooks(world.zy, "dangjian_contract_answer") == ["三会一课", "主题党日"]
    assert CALLS.heard == ["answers"]  # the failed plugin is no longer asked


def test_the_hosts_firstresult_hooks_answer_one_value(plugin_app, world):
    app = plugin_app({"declares": Declares()})
    with app.app_context():
        info = plugin_host().collect("dangjian_module_info", only={"example"})
    assert info.title == "示例模块"  # a ModuleInfo, not a list of them


class Wrapper:
    @hookimpl(wrapper=True)
    def dangjian_nav_items(self, court):
        items = yield
        return items


class OldStyleWrapper:
    @hookimpl(hookwrapper=True)
    def dangjian_nav_items(self, court):
        yield


class Navigates:
    @hookimpl
    def dangjian_nav_items(self, court):
        return [NavItem("契约测试", "court.home", "court.dashboard", order=45)]


@pytest.mark.parametrize("wrapper", [Wrapper(), OldStyleWrapper()], ids=["wrapper", "hookwrapper"])
def test_hook_wrappers_are_refused_at_registration(plugin_app, world, wrapper):
    app = plugin_app({"wrapping": wrapper, "navigates": Navigates()}, PLUGINS_STRICT=False)
    enable(app, world.zy, "navigates")
    with app.app_context():
        host = plugin_host()
        record = host.records["wrapping"]
        assert record.status == "failed" and record.stage == "validation"
        assert "dangjian_nav_items" in record.error and "包装器" in record.error
        assert host.implemented_hooks(record) == []
    client = app.test_client()
    with app.app_context():
        sign_in(app, client, world.zy_admin)
    page = client.get("/zy/")
    assert page.status_code == 200
    assert "契约测试" in page.get_data(as_text=True)  # the other plugin keeps working


def test_hook_wrappers_raise_in_strict_mode(plugin_app):
    with pytest.raises(HookContractError, match="包装器"):
        plugin_app({"wrapping": Wrapper()})


class HistoricSpecs:
    @hookspec(historic=True)
    def dangjian_contract_history(self, court) -> None:
        """Replayed to late registrations: not something the host does."""


class DeclaresHistoric:
    @hookimpl
    def dangjian_add_hookspecs(self, plugin_manager):
        plugin_manager.add_hookspecs(HistoricSpecs)


def test_historic_hooks_are_refused(plugin_app):
    app = plugin_app({"historic": DeclaresHistoric()}, PLUGINS_STRICT=False)
    with app.app_context():
        record = plugin_host().records["historic"]
    assert record.status == "failed" and record.stage == "startup"
    assert "dangjian_contract_history" in record.error and "historic" in record.error
    with pytest.raises(HookContractError, match="historic"):
        plugin_app({"historic": DeclaresHistoric()})


class ImplementsUndeclared:
    @hookimpl(optionalhook=True)
    def dangjian_contract_nobody_declares(self, court):
        CALLS.heard.append("undeclared")
        return ["?"]


def test_an_undeclared_hook_raises_in_strict_mode(plugin_app, world):
    app = plugin_app({"undeclared": ImplementsUndeclared()})
    enable(app, world.zy, "undeclared")
    with app.app_context():
        with pytest.raises(UnknownHookError, match="dangjian_contract_misspelt"):
            services.court_hooks(world.zy, "dangjian_contract_misspelt")
        # Implementations alone do not declare a hook.
        with pytest.raises(UnknownHookError):
            services.court_hooks(world.zy, "dangjian_contract_nobody_declares")


def test_an_undeclared_hook_answers_nothing_otherwise(plugin_app, world):
    app = plugin_app({"undeclared": ImplementsUndeclared()}, PLUGINS_STRICT=False)
    enable(app, world.zy, "undeclared")
    with app.app_context():
        assert services.court_hooks(world.zy, "dangjian_contract_nobody_declares") == []
    assert CALLS.heard == []  # an implementation without a specification is never called


class ClaimsHostPermission:
    @hookimpl
    def dangjian_permissions(self):
        return [Permission("members.view", "冒充主机的权限", frozenset({MEMBER}))]

    @hookimpl
    def dangjian_audit_actions(self):
        return {"contract.checked": "核对钩子契约"}


def test_host_permissions_and_audit_labels_come_through_the_hooks(plugin_app, world):
    app = plugin_app({"claims": ClaimsHostPermission()}, PLUGINS_STRICT=False)
    with app.app_context():
        host = plugin_host()
        core = host.records[CORE_PLUGIN]
        assert "members.view" in {permission.name for permission in core.permissions}
        assert core.audit_actions["auth.login"] == "登录成功"
        assert "dangjian_permissions" in host.implemented_hooks(core)
        assert "dangjian_audit_actions" in host.implemented_hooks(core)
        # The host declared members.view first: the plugin claiming it too is refused.
        assert host.records["claims"].status == "failed"
        assert "declared twice" in host.records["claims"].error
        assert registry().get("members.view").label == "查看党员名册"
        labels = action_labels()
    assert labels["auth.login"] == "登录成功"
    assert labels["contract.checked"] == "核对钩子契约"  # kept for entries already written


def guarded_module():
    """A module whose blueprint has its own before_request (built per test:
    a blueprint takes no functions once registered)."""
    from flask import Blueprint, g, url_for

    blueprint = Blueprint("guarded", __name__)
    seen = []

    @blueprint.before_request
    def remember():
        seen.append(g.court.slug)

    @blueprint.route("/")
    def index():
        return url_for(".index")

    class Guarded:
        @hookimpl
        def dangjian_blueprints(self):
            return [blueprint]

    return Guarded(), seen


def test_module_pages_resolve_the_court_and_are_guarded_first(plugin_app, world):
    plugin, seen = guarded_module()
    app = plugin_app({"guarded": plugin})
    enable(app, world.zy, "guarded")
    client = app.test_client()
    page = client.get("/zy/guarded/")
    assert page.status_code == 200 and page.get_data(as_text=True) == "/zy/guarded/"  # url_for keeps the court
    assert client.get("/wf/guarded/").status_code == 404  # off in that court
    assert client.get("/nowhere/guarded/").status_code == 404
    assert seen == ["zy"]  # the module's own code never ran where it is off
