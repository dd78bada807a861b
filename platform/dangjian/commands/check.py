"""``dangjian check``: a production self-check (like Django's ``check --deploy``).

Each check says in Chinese what it looked at and, when it fails, what to do.
The command exits non-zero when any check fails, so a deploy script can stop.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from ..auth.models import User
from ..db import db
from ..migration_state import migration_state
from .output import echo_json, safe_database_url

MIN_SECRET_KEY_LENGTH = 32
# Keys copied from tutorials, templates and test suites.
PLACEHOLDER_KEYS = frozenset(
    {
        "dev",
        "development",
        "secret",
        "secret-key",
        "secret_key",
        "secretkey",
        "changeme",
        "change-me",
        "change_me",
        "please-change-me",
        "your-secret-key",
        "replace-me",
        "test",
        "testing",
        "default",
        "password",
        "test-secret-key-not-for-production",
    }
)
PLACEHOLDER_WORDS = ("change", "not-for-production", "example", "placeholder", "your-secret", "replace")


@dataclass(frozen=True)
class Check:
    id: str
    title: str
    ok: bool
    detail: str


def secret_key_problem(key) -> str | None:
    if not key:
        return "没有设置 SECRET_KEY。"
    text = key.decode("utf-8", "replace") if isinstance(key, bytes) else str(key)
    lowered = text.lower()
    if lowered in PLACEHOLDER_KEYS or any(word in lowered for word in PLACEHOLDER_WORDS):
        return "SECRET_KEY 是示例或占位用的值，任何人都能据此伪造登录会话。"
    if len(text) < MIN_SECRET_KEY_LENGTH:
        return f"SECRET_KEY 只有 {len(text)} 个字符，至少需要 {MIN_SECRET_KEY_LENGTH} 个随机字符。"
    if len(set(text)) < 8:
        return "SECRET_KEY 字符过于单一，不像随机生成的。"
    return None


def _database_checks() -> tuple[list[Check], bool]:
    url = safe_database_url(db.engine)
    try:
        state = migration_state()
    except SQLAlchemyError as error:
        reason = type(getattr(error, "orig", None) or error).__name__
        return [
            Check(
                "database", "数据库可以连接", False, f"无法连接 {url}（{reason}）。请检查 DATABASE_URL 和数据库服务。"
            ),
            Check("migrations", "数据库结构为最新版本", False, "数据库无法连接，未能检查。"),
        ], False
    checks = [Check("database", "数据库可以连接", True, url)]
    if state.at_heads:
        checks.append(Check("migrations", "数据库结构为最新版本", True, "、".join(sorted(state.current))))
    else:
        checks.append(
            Check(
                "migrations",
                "数据库结构为最新版本",
                False,
                f"还有迁移没有执行（{', '.join(state.missing) or '版本不一致'}）。请运行 dangjian db upgrade。",
            )
        )
    return checks, True


def _demo_check(reachable: bool) -> Check:
    title = "没有演示账号"
    if not reachable:
        return Check("demo_accounts", title, False, "数据库无法连接，未能检查。")
    count = db.session.scalar(select(func.count(User.id)).where(User.is_demo.is_(True))) or 0
    db.session.rollback()
    if count:
        return Check(
            "demo_accounts",
            title,
            False,
            f"数据库里有 {count} 个演示账号，其密码曾显示在终端上。正式部署请使用不含演示数据的新数据库。",
        )
    return Check("demo_accounts", title, True, "未发现演示账号。")


def _config_checks(config) -> list[Check]:
    checks = []
    debug = bool(config.get("DEBUG")) or current_app.debug
    testing = bool(config.get("TESTING"))
    checks.append(
        Check(
            "debug",
            "调试模式和测试模式已关闭",
            not (debug or testing),
            "DEBUG 和 TESTING 均未开启。"
            if not (debug or testing)
            else "DEBUG 或 TESTING 已开启：出错时会暴露代码和配置，测试模式还会放宽安全检查。请在配置中关闭。",
        )
    )
    problem = secret_key_problem(config.get("SECRET_KEY"))
    checks.append(
        Check(
            "secret_key",
            "SECRET_KEY 足够强",
            problem is None,
            problem + "删除配置中的 SECRET_KEY 即改用 dangjian init 生成的密钥文件。"
            if problem
            else "密钥足够长且不是示例值。",
        )
    )
    for key, name in (("SESSION_COOKIE_SECURE", "登录会话"), ("REMEMBER_COOKIE_SECURE", "“记住我”")):
        on = bool(config.get(key))
        checks.append(
            Check(
                key.lower(),
                f"{name} Cookie 只通过 HTTPS 发送",
                on,
                f"{key} 已开启。"
                if on
                else f"{key} 未开启：Cookie 可能以明文经过网络被截获。站点经 HTTPS 访问时请设为 True。",
            )
        )
    httponly = bool(config.get("SESSION_COOKIE_HTTPONLY")) and bool(config.get("REMEMBER_COOKIE_HTTPONLY", True))
    checks.append(
        Check(
            "cookie_httponly",
            "页面脚本读不到登录 Cookie",
            httponly,
            "HttpOnly 已开启。"
            if httponly
            else "SESSION_COOKIE_HTTPONLY 或 REMEMBER_COOKIE_HTTPONLY 已关闭：网页中的恶意脚本可以盗取登录状态。",
        )
    )
    return checks


def _configured_workers(config) -> int | None:
    value = config.get("WORKERS") or os.environ.get("WEB_CONCURRENCY")
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None


def _ratelimit_checks(config) -> list[Check]:
    enabled = bool(config.get("RATELIMIT_ENABLED", True))
    checks = [
        Check(
            "ratelimit_enabled",
            "登录限流已开启",
            enabled,
            "已开启。" if enabled else "RATELIMIT_ENABLED 已关闭：密码可以被不限次数地猜测。",
        )
    ]
    uri = config.get("RATELIMIT_STORAGE_URI") or "memory://"
    workers = _configured_workers(config)
    if uri.startswith("memory://"):
        ok = not workers or workers <= 1
        detail = (
            "限流计数保存在本进程内存中，适用于单进程运行；多进程部署请改用 Redis。"
            if ok
            else f"配置了 {workers} 个工作进程，但限流计数保存在各进程内存中，互不相通，实际限额会放大 {workers} 倍。"
            '请设置 RATELIMIT_STORAGE_URI = "redis://..."。'
        )
        checks.append(Check("ratelimit_storage", "限流计数在各进程间共享", ok, detail))
        return checks
    checks.append(_storage_reachable(uri))
    return checks


def _storage_reachable(uri: str) -> Check:
    from limits.storage import storage_from_string

    scheme = uri.split(":", 1)[0]
    options = {"socket_connect_timeout": 3, "socket_timeout": 3} if scheme.startswith("redis") else {}
    try:
        # check() is typed as maybe async; the storages made here answer a bool.
        reachable = bool(storage_from_string(uri, **options).check())
    except Exception as error:  # a missing driver or a bad URI, reported not raised
        reachable, reason = False, type(error).__name__
    else:
        reason = "无响应"
    shown = f"{scheme}://{uri.rsplit('@', 1)[-1]}" if "@" in uri else uri  # never print a password
    return Check(
        "ratelimit_storage",
        "限流计数存储可以连接",
        reachable,
        f"使用 {shown}。" if reachable else f"无法连接 {shown}（{reason}）。",
    )


def run_checks() -> list[Check]:
    config = current_app.config
    database, reachable = _database_checks()
    return [*database, _demo_check(reachable), *_config_checks(config), *_ratelimit_checks(config)]


@click.command("check")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出检查结果。")
@with_appcontext
def check_command(as_json: bool) -> None:
    """上线前自检：演示账号、调试模式、密钥强度、Cookie 安全、数据库与迁移、限流存储。"""
    checks = run_checks()
    failed = [check for check in checks if not check.ok]
    if as_json:
        echo_json({"ok": not failed, "checks": [asdict(check) for check in checks]})
    else:
        for check in checks:
            click.echo(f"{'✓' if check.ok else '✗'} {check.title}：{check.detail}")
        click.echo()
        click.echo(
            f"全部 {len(checks)} 项检查通过。"
            if not failed
            else f"{len(failed)} 项检查未通过（共 {len(checks)} 项）。请按上面的提示修改后再上线。"
        )
    if failed:
        raise click.exceptions.Exit(1)
