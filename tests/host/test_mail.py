"""E-mail through a real local SMTP server (aiosmtpd), and with none configured."""

import json
import logging
import socket
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from dangjian.api import notify
from dangjian.auth.models import User
from dangjian.db import db, utcnow
from dangjian.inbox.models import Notification
from tests.conftest import sign_in


class Inbox:
    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


def mail_config(controller) -> dict:
    return {
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": controller.port,
        "MAIL_DEFAULT_SENDER": "党建平台 <dangjian@fy.example>",
        "MAIL_SITE_URL": "https://dangjian.fy.example",
    }


def prefer(user_id: int, how: str, email: str = "lin@fy.example") -> None:
    user = db.session.get(User, user_id)
    user.email, user.notify_email = email, how
    db.session.commit()


def invoke(app, *args):
    # The world fixture keeps another app's context pushed; run in this one's.
    with app.app_context():
        return app.test_cli_runner().invoke(args=["notifications", *args])


def body_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def test_immediate_mail_after_a_role_change(make_app, world, smtp):
    controller, inbox = smtp
    app = make_app(**mail_config(controller))
    with app.app_context():
        prefer(world.office_editor.id, "immediate", "zhou@fy.example")
        prefer(world.juvenile_editor.id, "none", "other@fy.example")
    client = app.test_client()
    sign_in(app, client, world.zy_admin)
    page = client.post(
        f"/zy/manage/users/{world.office_editor.id}/roles",
        data={"role": "branch_secretary", "branch_id": str(world.office.id)},
    )
    assert page.status_code == 302
    assert len(inbox.messages) == 1
    recipients, message = inbox.messages[0]
    assert recipients == ["zhou@fy.example"]
    assert message["Subject"] == "【法院党建工作平台】您已被授予安阳市中级人民法院的支部书记（办公室党支部）角色"
    assert "dangjian@fy.example" in message["From"]
    text = body_of(message)
    assert "您能看到的菜单和能办理的事项已随角色变化" in text
    assert "查看详情：https://dangjian.fy.example/zy/" in text
    assert "通知设置" in text


def test_nothing_is_mailed_from_a_rolled_back_transaction(make_app, world, smtp):
    controller, inbox = smtp
    app = make_app(**mail_config(controller))
    with app.app_context():
        prefer(world.member_user.id, "immediate")
        notify([world.member_user.id], court=db.session.merge(world.zy), kind="x.y", title="不会发出的通知")
        db.session.rollback()
        db.session.commit()  # a later, empty commit sends nothing either
        assert inbox.messages == []
        assert db.session.scalar(select(Notification.id)) is None


def test_smtp_failure_is_logged_and_the_request_succeeds(make_app, world, caplog):
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_TIMEOUT=2)  # nobody listens there
    with app.app_context():
        prefer(world.office_editor.id, "immediate")
    client = app.test_client()
    sign_in(app, client, world.zy_admin)
    with caplog.at_level(logging.WARNING):
        page = client.post(
            f"/zy/manage/users/{world.office_editor.id}/roles",
            data={"role": "branch_secretary", "branch_id": str(world.office.id)},
        )
    assert page.status_code == 302
    assert any("mail not sent" in record.getMessage() for record in caplog.records)
    with app.app_context():
        assert db.session.scalar(select(Notification.kind)) == "account.role_changed"  # kept in the app


def test_without_mail_server_nothing_is_sent_and_nothing_fails(make_app, world, smtp):
    _controller, inbox = smtp
    app = make_app()  # MAIL_SERVER unset; the test server listens anyway
    with app.app_context():
        prefer(world.office_editor.id, "immediate")
        prefer(world.member_user.id, "daily")
    client = app.test_client()
    sign_in(app, client, world.zy_admin)
    assert (
        client.post(
            f"/zy/manage/users/{world.office_editor.id}/roles",
            data={"role": "branch_secretary", "branch_id": str(world.office.id)},
        ).status_code
        == 302
    )
    result = invoke(app, "send-digest")
    assert result.exit_code == 0 and "未配置邮件服务器" in result.output
    assert inbox.messages == []


def test_daily_digest_once_a_day(make_app, world, smtp):
    controller, inbox = smtp
    app = make_app(**mail_config(controller))
    with app.app_context():
        prefer(world.member_user.id, "daily", "lin@fy.example")
        prefer(world.juvenile_editor.id, "immediate", "bj@fy.example")
        court = db.session.merge(world.zy)
        notify(
            [world.member_user.id],
            court=court,
            kind="archives.returned",
            title="您的会议记录被退回",
            body="退回原因：缺少签到表",
            url="/zy/archives/records/7",
        )
        notify([world.member_user.id], court=court, kind="study.published", title="新的学习资料：红旗渠精神")
        old = notify([world.member_user.id], court=court, kind="x.old", title="很久以前的通知")[0]
        db.session.commit()
        old.created_at = utcnow() - timedelta(days=3)
        db.session.commit()
    result = invoke(app, "send-digest", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["sent"] == 1, result.output
    assert len(inbox.messages) == 1
    recipients, message = inbox.messages[0]
    assert recipients == ["lin@fy.example"]
    assert message["Subject"] == "【法院党建工作平台】您有 2 条新通知（每日汇总）"
    text = body_of(message)
    assert "您的会议记录被退回" in text and "退回原因：缺少签到表" in text and "红旗渠精神" in text
    assert "https://dangjian.fy.example/zy/archives/records/7" in text
    assert "很久以前的通知" not in text  # older than the first digest's window
    again = invoke(app, "send-digest")
    assert again.exit_code == 0 and "已发送每日汇总邮件 0 封" in again.output and "跳过 1 人" in again.output
    assert len(inbox.messages) == 1
    # The next day: only what came since the last digest.
    with app.app_context():
        user = db.session.get(User, world.member_user.id)
        user.digest_sent_at = user.digest_sent_at - timedelta(days=1)
        for row in db.session.scalars(select(Notification)):
            row.created_at = row.created_at - timedelta(days=2)
        notify([user.id], court=db.session.merge(world.zy), kind="x.new", title="今天的新通知")
        db.session.commit()
    assert "已发送每日汇总邮件 1 封（共 1 条通知）" in invoke(app, "send-digest").output
    assert len(inbox.messages) == 2
    text = body_of(inbox.messages[1][1])
    assert "今天的新通知" in text and "您的会议记录被退回" not in text


def test_digest_keeps_the_window_when_the_server_is_away(make_app, world):
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_TIMEOUT=2)
    with app.app_context():
        prefer(world.member_user.id, "daily")
        notify([world.member_user.id], court=db.session.merge(world.zy), kind="x.y", title="待汇总")
        db.session.commit()
    result = invoke(app, "send-digest")
    assert result.exit_code == 1 and "未能发出" in result.output
    with app.app_context():
        assert db.session.get(User, world.member_user.id).digest_sent_at is None  # tried again next time
