"""``dangjian create-admin``: the first platform administrator.

The password is only ever read from a hidden prompt (never an argument, which
would land in shell history and the process list), and there is no default.
"""

from __future__ import annotations

import re

import click
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..access.models import RoleAssignment
from ..access.roles import PLATFORM_ADMIN
from ..audit.services import record
from ..auth.models import User
from ..auth.passwords import hash_password, password_problems
from ..db import db, utcnow, writing
from .output import explains_database_errors, fail

USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9._-]{2,60}$")
ATTEMPTS = 3


def _ask_password(username: str, names=()) -> str:
    for _ in range(ATTEMPTS):
        password = click.prompt("密码", hide_input=True, default="", show_default=False)
        problems = password_problems(password, username, names)
        if not problems:
            again = click.prompt("再次输入密码", hide_input=True, default="", show_default=False)
            if again == password:
                return password
            problems = ["两次输入的密码不一致。"]
        for problem in problems:
            click.echo(f"✗ {problem}", err=True)
    fail(f"{ATTEMPTS} 次输入的密码都不可用，未创建账号。")


@click.command("create-admin")
@click.option("--username", help="新管理员的用户名（英文字母、数字和 . _ -）。")
@click.option("--display-name", default="", help="显示的姓名，默认与用户名相同。")
@with_appcontext
@explains_database_errors
def create_admin_command(username: str | None, display_name: str) -> None:
    """创建平台管理员。密码只在隐藏的提示中输入（输入两次），须符合密码规则。"""
    username = (username or click.prompt("用户名")).strip()
    if not USERNAME_PATTERN.match(username):
        fail("用户名应为 2–60 个字符，只能使用英文字母、数字和 . _ - 符号。")
    if db.session.scalar(select(User.id).where(User.username == username)) is not None:
        fail(f"用户名 {username} 已被使用，请换一个。")
    db.session.rollback()
    password = _ask_password(username, [display_name])
    with writing():
        user = User(
            username=username,
            display_name=display_name.strip() or username,
            password_hash=hash_password(password),
            password_changed_at=utcnow(),
        )
        user.roles.append(RoleAssignment(role=PLATFORM_ADMIN))
        db.session.add(user)
        db.session.flush()
        record("user.created", f"在命令行创建平台管理员 {username}", target=user, username="命令行")
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            fail(f"用户名 {username} 已被使用，请换一个。")
    click.echo(f"已创建平台管理员 {username}。请用这个账号登录，添加法院并为各法院指定管理员。")
