"""``dangjian notifications purge`` and ``send-digest`` (for daily timers)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from ..db import db, writing
from .output import echo_json, explains_database_errors, fail


@click.group("notifications")
def notifications_group() -> None:
    """通知：清理过期通知、发送每日邮件汇总。"""


@notifications_group.command("purge")
@click.option(
    "--days",
    type=click.IntRange(1, 36500),
    default=None,
    help="删除早于这么多天的通知（默认取 NOTIFICATIONS_KEEP_DAYS）。",
)
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出结果。")
@with_appcontext
@explains_database_errors
def purge_command(days: int | None, as_json: bool) -> None:
    """删除超过保留期的通知（已读、未读都删除）。"""
    from ..inbox.services import purge

    keep = days if days is not None else int(current_app.config.get("NOTIFICATIONS_KEEP_DAYS", 180))
    if keep < 1:
        fail("NOTIFICATIONS_KEEP_DAYS 必须至少为 1 天。")
    with writing():
        deleted = purge(keep)
        db.session.commit()
    if as_json:
        echo_json({"deleted": deleted, "keep_days": keep})
    else:
        click.echo(f"已删除 {deleted} 条超过 {keep} 天的通知。")


@notifications_group.command("send-digest")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出结果。")
@with_appcontext
@explains_database_errors
def send_digest_command(as_json: bool) -> None:
    """给选择“每天汇总”的用户各发一封邮件，汇总上次以来的新通知（同一天再次运行不会重复发送）。"""
    from ..inbox.digest import send_digests
    from ..inbox.mail import mail_enabled

    if not mail_enabled():
        if as_json:
            echo_json({"mail": False, "users": 0, "sent": 0, "notifications": 0, "skipped_today": 0})
        else:
            click.echo("未配置邮件服务器（MAIL_SERVER），不发送邮件。")
        return
    with writing():
        result = send_digests()
        db.session.commit()
    failed = result.sent < len(result.recipients)
    if as_json:
        echo_json(
            {
                "mail": True,
                "users": result.users,
                "sent": result.sent,
                "notifications": result.notifications,
                "skipped_today": result.skipped_today,
                "failed": len(result.recipients) - result.sent,
            }
        )
    else:
        click.echo(
            f"已发送每日汇总邮件 {result.sent} 封（共 {result.notifications} 条通知）；"
            f"今天已发过而跳过 {result.skipped_today} 人。"
        )
    if failed:
        fail(f"有 {len(result.recipients) - result.sent} 封邮件未能发出（见日志），下次运行时会重试。")
