"""Modules are switched per court, on a screen and on the command line; a
disabled module disappears from that court but keeps its data."""

import json

from sqlalchemy import func, select

from dangjian.db import db
from dangjian.modules import services
from dangjian.modules.models import CourtModule
from dangjian_example.models import ExampleNote


def toggle(client, court, name, on):
    return client.post(f"/{court}/manage/modules/{name}/toggle", data={"enabled": "1" if on else "0"})


def test_disabled_by_default_then_enabled_on_the_module_screen(client, world, login_as):
    login_as(world.zy_admin)
    assert client.get("/zy/example/").status_code == 404
    assert "示例模块" not in client.get("/zy/").get_data(as_text=True)
    screen = client.get("/zy/manage/modules/").get_data(as_text=True)
    assert "示例模块" in screen and "未启用" in screen

    response = toggle(client, "zy", "example", True)
    assert response.status_code == 302
    home = client.get("/zy/").get_data(as_text=True)
    assert "示例模块" in home  # nav item
    assert "示例留言" in home  # dashboard widget
    assert client.get("/zy/example/").status_code == 200


def test_disable_hides_everything_and_keeps_data(client, world, login_as):
    login_as(world.zy_admin)
    toggle(client, "zy", "example", True)
    client.post("/zy/example/", data={"text": "不忘初心"})
    assert "不忘初心" in client.get("/zy/example/").get_data(as_text=True)

    toggle(client, "zy", "example", False)
    assert client.get("/zy/example/").status_code == 404
    home = client.get("/zy/").get_data(as_text=True)
    assert "示例模块" not in home and "示例留言" not in home
    assert db.session.scalar(select(func.count(ExampleNote.id))) == 1  # data kept

    toggle(client, "zy", "example", True)
    assert "不忘初心" in client.get("/zy/example/").get_data(as_text=True)


def test_two_courts_with_different_modules(client, world, login_as):
    services.set_enabled(world.zy, "example", True)
    db.session.commit()
    login_as(world.zy_admin)
    assert client.get("/zy/example/").status_code == 200
    login_as(world.wf_admin)
    assert client.get("/wf/example/").status_code == 404
    assert "示例模块" not in client.get("/wf/").get_data(as_text=True)


def test_only_court_admins_switch_modules(client, world, login_as):
    login_as(world.juvenile_secretary)
    assert toggle(client, "zy", "example", True).status_code == 403
    login_as(world.wf_admin)
    assert toggle(client, "zy", "example", True).status_code == 403
    assert db.session.scalar(select(func.count(CourtModule.id))) == 0


def test_settings_stored_per_court_with_defaults(client, world, login_as):
    for court in (world.zy, world.wf):
        services.set_enabled(court, "example", True)
    db.session.commit()
    login_as(world.zy_admin)
    form = client.get("/zy/manage/modules/example/settings").get_data(as_text=True)
    assert "欢迎来到示例模块" in form  # the default is shown
    bad = client.post("/zy/manage/modules/example/settings", data={"greeting": "学思践悟", "page_size": "0"})
    assert "每页 1 到 100 条" in bad.get_data(as_text=True)
    assert 'value="学思践悟"' in bad.get_data(as_text=True)  # nothing typed is lost
    client.post("/zy/manage/modules/example/settings", data={"greeting": "学思践悟", "page_size": "5"})
    assert "学思践悟" in client.get("/zy/example/").get_data(as_text=True)
    assert services.module_settings("example", world.zy) == {"greeting": "学思践悟", "page_size": 5}
    assert services.module_settings("example", world.wf) == {"greeting": "欢迎来到示例模块", "page_size": 10}
    login_as(world.wf_admin)
    assert "欢迎来到示例模块" in client.get("/wf/example/").get_data(as_text=True)


def test_platform_admin_sees_courts_by_modules_grid(client, world, login_as):
    services.set_enabled(world.wf, "example", True)
    db.session.commit()
    login_as(world.platform_admin)
    page = client.get("/admin/modules/").get_data(as_text=True)
    assert "dangjian-example-plugin" in page and "1.0.0" in page
    assert "dangjian_nav_items" in page  # the hooks it implements
    assert "各法院启用情况" in page and "安阳市文峰区人民法院" in page
    assert page.count("bi-check-circle-fill") == 1
    login_as(world.zy_admin)
    assert client.get("/admin/modules/").status_code == 403


def test_cli_list_enable_disable(runner, world):
    result = runner.invoke(args=["plugins", "enable", "example", "--court", "wf"])
    assert result.exit_code == 0, result.output
    listed = json.loads(runner.invoke(args=["plugins", "list", "--json"]).output)
    example = next(row for row in listed if row["name"] == "example")
    assert example["courts"] == ["wf"] and example["status"] == "active"
    result = runner.invoke(args=["plugins", "disable", "example", "--court", "wf"])
    assert result.exit_code == 0
    db.session.expire_all()
    assert services.enabled_names(world.wf) == frozenset()
    unknown = runner.invoke(args=["plugins", "enable", "nope", "--court", "wf"])
    assert unknown.exit_code != 0 and "没有安装" in unknown.output
    bad_court = runner.invoke(args=["plugins", "enable", "example", "--court", "nowhere"])
    assert bad_court.exit_code != 0 and "没有找到法院" in bad_court.output


def test_switching_is_audited(client, world, login_as):
    from dangjian.audit.models import AuditEntry

    login_as(world.zy_admin)
    toggle(client, "zy", "example", True)
    toggle(client, "zy", "example", False)
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.action.like("module.%")).order_by(AuditEntry.id)
    ).all()
    assert actions == ["module.enabled", "module.disabled"]


def test_plugin_cli_command(runner, world):
    db.session.add(ExampleNote(court_id=world.zy.id, text="学习强国"))
    db.session.commit()
    result = runner.invoke(args=["example-count", "zy"])
    assert result.exit_code == 0, result.output
    assert "安阳市中级人民法院：1 条留言" in result.output


def test_a_switch_reaches_every_worker_without_restart(make_app, world):
    """Two apps on one database stand in for two worker processes."""
    from tests.conftest import sign_in

    worker_a, worker_b = make_app(), make_app()
    client_a, client_b = worker_a.test_client(), worker_b.test_client()
    sign_in(worker_a, client_a, world.zy_admin)
    sign_in(worker_b, client_b, world.zy_admin)
    assert client_b.get("/zy/example/").status_code == 404  # b has served the court already
    assert toggle(client_a, "zy", "example", True).status_code == 302
    assert client_b.get("/zy/example/").status_code == 200
    toggle(client_a, "zy", "example", False)
    assert client_b.get("/zy/example/").status_code == 404


def test_plugin_audit_actions_are_labelled_and_filterable(client, world, login_as):
    services.set_enabled(world.zy, "example", True)
    db.session.commit()
    login_as(world.zy_admin)
    client.post("/zy/example/", data={"text": "两学一做"})
    page = client.get("/zy/manage/audit/").get_data(as_text=True)
    assert "发布示例留言" in page and "发布留言：两学一做" in page
    assert 'label="示例模块"' in page  # filter options grouped under the module's title
    filtered = client.get("/zy/manage/audit/?action=example.note_added").get_data(as_text=True)
    assert "发布留言：两学一做" in filtered
