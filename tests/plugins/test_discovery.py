"""Plugins are found through entry points; broken ones never take the
platform down (unless strict mode asks for the exception)."""

import sys

import pluggy
import pytest

from dangjian.plugins import plugin_host

from .fake_distributions import BAD_SIGNATURE, BROKEN_IMPORT, FAILING_NAV, FAILING_STARTUP


def test_example_distribution_is_discovered(app):
    record = plugin_host().records["example"]
    assert record.usable
    assert record.distribution == "dangjian-example-plugin"
    assert record.version == "1.0.0"
    assert record.title == "示例模块"
    assert [bp.name for bp in record.blueprints] == ["example"]
    assert "/<court_slug>/example/" in {rule.rule for rule in app.url_map.iter_rules()}


@pytest.mark.parametrize(
    "name, source, stage",
    [
        ("brokenimport", BROKEN_IMPORT, "import"),
        ("badsig", BAD_SIGNATURE, "validation"),
        ("badstart", FAILING_STARTUP, "startup"),
    ],
)
def test_failing_plugin_is_isolated_and_reported(make_app, world, login_as, distributions, name, source, stage):
    distributions(name, source)
    app = make_app(PLUGINS_STRICT=False)
    client = app.test_client()
    with app.app_context():
        record = plugin_host().records[name]
    assert record.status == "failed" and record.stage == stage
    assert client.get("/").status_code == 200
    assert client.get("/zy/").status_code == 200
    # The platform admin sees the failure with its traceback.
    from tests.conftest import sign_in

    with app.app_context():
        sign_in(app, client, world.platform_admin)
    page = client.get("/admin/modules/").get_data(as_text=True)
    assert name in page and "加载失败" in page and "Traceback" in page


@pytest.mark.parametrize(
    "source, error",
    [
        (BROKEN_IMPORT, ImportError),
        (BAD_SIGNATURE, pluggy.PluginValidationError),
        (FAILING_STARTUP, RuntimeError),
    ],
)
def test_strict_mode_reraises(make_app, distributions, source, error):
    distributions("strictcheck", source)
    with pytest.raises(error):
        make_app(PLUGINS_STRICT=True)


def test_failing_nav_hook_at_request_time(make_app, world, distributions):
    distributions("badnav", FAILING_NAV)
    app = make_app(PLUGINS_STRICT=False)
    from dangjian.db import db
    from dangjian.modules import services
    from tests.conftest import sign_in

    with app.app_context():
        services.set_enabled(db.session.merge(world.zy), "badnav", True)
        db.session.commit()
        client = app.test_client()
        sign_in(app, client, world.zy_admin)
    page = client.get("/zy/")
    assert page.status_code == 200
    assert "党员名册" in page.get_data(as_text=True)  # other items still there
    with app.app_context():
        record = plugin_host().records["badnav"]
    assert record.status == "failed" and record.stage == "request:dangjian_nav_items"
    assert "nav went wrong" in record.error


def test_blocked_plugins_are_not_imported(make_app, distributions, monkeypatch):
    distributions("blockme", FAILING_STARTUP)
    monkeypatch.setenv("DANGJIAN_DISABLED_PLUGINS", "blockme, other")
    app = make_app(PLUGINS_STRICT=True)  # would raise if it were loaded
    with app.app_context():
        assert plugin_host().records["blockme"].status == "blocked"
    assert "dangjian_test_blockme" not in sys.modules
