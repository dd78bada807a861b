"""``dangjian demo``: load the demo data and show the demo accounts once."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..demo import DemoAccount, install_demo, reset_demo_passwords
from .output import echo_json, explains_database_errors, fail, table

HEADERS = ["角色", "法院", "支部", "用户名", "密码"]


def accounts_table(accounts: list[DemoAccount]) -> str:
    return table(HEADERS, [[a.role, a.court or "", a.branch or "", a.username, a.password] for a in accounts])


@click.command("demo")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出演示账号。")
@click.option("--reset-passwords", is_flag=True, help="为已有的演示账号重新生成密码并显示。")
@with_appcontext
@explains_database_errors
def demo_command(as_json: bool, reset_passwords: bool) -> None:
    """导入演示数据（安阳两级法院、党组织、党员），并显示每个角色的演示账号。"""
    if reset_passwords:
        accounts = reset_demo_passwords()
        if not accounts:
            fail("没有找到演示账号。请先运行 dangjian demo 导入演示数据。")
        _show(accounts, as_json, "已为演示账号重新生成密码（原来的登录状态已全部失效）：")
        return
    result = install_demo()
    if result.status == "refused":
        fail("数据库中已有法院数据，演示数据只能导入空数据库，以免与真实数据混在一起。")
    if result.status == "present":
        if as_json:
            echo_json([])
        click.echo(
            f"演示数据已存在（{result.demo_users} 个演示账号），未重复导入。"
            "密码只在首次导入时显示；忘记了可运行 dangjian demo --reset-passwords 重新生成。",
            err=as_json,
        )
        return
    intro = "演示数据已导入：安阳市中级人民法院及 9 个基层法院的党组织和党员。"
    if result.modules:
        intro += f"各法院已启用功能模块：{'、'.join(result.modules)}。"
    _show(result.accounts, as_json, intro + "演示账号如下（密码只显示这一次）：")


def _show(accounts: list[DemoAccount], as_json: bool, intro: str) -> None:
    if as_json:
        echo_json([account.as_dict() for account in accounts])
        return
    click.echo(intro)
    click.echo()
    click.echo(accounts_table(accounts))
    click.echo()
    click.echo("演示账号仅供体验。正式部署请使用不含演示数据的新数据库（dangjian check 会检查演示账号）。")
