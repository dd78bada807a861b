"""E-mail for notifications, through the court's own SMTP server.

Without ``MAIL_SERVER`` nothing here does anything.  The standard library's
``smtplib`` and ``email.message.EmailMessage`` are enough: they speak SMTP,
STARTTLS, SMTPS and AUTH and build correct MIME with UTF-8 headers, are
maintained with Python itself, and add no dependency to the offline bundle.

Immediate mail is prepared inside the transaction that creates the
notification (``queue_immediate``, called by ``notify``) and sent only after
it commits; a rollback drops it.  A failure to send is logged and never
reaches the request.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from flask import current_app, has_request_context, request
from sqlalchemy import select

from ..db import db

_OUTBOX = "dj_mail_outbox"


def mail_enabled() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def site_url() -> str:
    base = current_app.config.get("MAIL_SITE_URL") or ""
    if not base and has_request_context():
        base = request.url_root
    return base.rstrip("/")


def absolute(url: str) -> str:
    return f"{site_url()}{url}" if url and url.startswith("/") else url


def sender() -> str:
    configured = current_app.config.get("MAIL_DEFAULT_SENDER")
    if configured:
        return configured
    return formataddr((current_app.config.get("APP_NAME", ""), "dangjian@localhost"))


def build_message(to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender()
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="dangjian.local")
    message.set_content(body)  # UTF-8, quoted-printable or base64 as needed
    return message


def _footer() -> str:
    return (
        "\n\n—\n这封邮件由" + current_app.config.get("APP_NAME", "党建平台") + "自动发送，请勿直接回复。"
        "\n如不想再收到邮件，请在平台的“通知设置”中更改邮件提醒方式。"
    )


def notification_text(title: str, body: str, url: str) -> str:
    lines = [title]
    if body:
        lines += ["", body]
    if url:
        lines += ["", "查看详情：" + absolute(url)]
    return "\n".join(lines)


def send(messages: list[EmailMessage]) -> int:
    """Send over one connection; returns how many went.  Never raises."""
    if not messages or not mail_enabled():
        return 0
    config = current_app.config
    host, port = config["MAIL_SERVER"], int(config.get("MAIL_PORT") or 25)
    timeout = float(config.get("MAIL_TIMEOUT", 10))
    sent = 0
    try:
        connection: smtplib.SMTP
        if config.get("MAIL_USE_SSL"):
            connection = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
        else:
            connection = smtplib.SMTP(host, port, timeout=timeout)
        with connection as smtp:
            if config.get("MAIL_USE_TLS") and not config.get("MAIL_USE_SSL"):
                smtp.starttls(context=ssl.create_default_context())
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            for message in messages:
                try:
                    smtp.send_message(message)
                    sent += 1
                except smtplib.SMTPRecipientsRefused as refused:
                    current_app.logger.warning("mail refused for %s: %s", message["To"], refused)
    except (smtplib.SMTPException, OSError) as error:
        current_app.logger.warning("mail not sent (%s:%s): %s", host, port, error)
    return sent


def queue_immediate(user_ids: list[int], title: str, body: str, url: str) -> None:
    """Prepare mail for the users who asked for it immediately (one SELECT,
    only when mail is configured); sent after the commit."""
    if not user_ids or not mail_enabled():
        return
    from ..auth.models import User

    rows = db.session.execute(
        select(User.email).where(
            User.id.in_(user_ids), User.notify_email == "immediate", User.email != "", User.is_enabled.is_(True)
        )
    ).all()
    if not rows:
        return
    subject = f"【{current_app.config.get('APP_NAME', '党建平台')}】{title}"
    text = notification_text(title, body, url) + _footer()
    outbox = db.session.info.setdefault(_OUTBOX, [])
    outbox.extend(build_message(row.email, subject, text) for row in rows)


def _after_commit(session) -> None:
    outbox = session.info.pop(_OUTBOX, None)
    if outbox:
        try:
            send(outbox)
        except Exception:  # the commit happened; mail must not undo the request
            current_app.logger.exception("mail: unexpected failure")


def _after_transaction_end(session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_OUTBOX, None)


_installed = False


def install_events() -> None:
    global _installed
    if _installed:
        return
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    event.listen(Session, "after_commit", _after_commit)
    event.listen(Session, "after_transaction_end", _after_transaction_end)
    _installed = True
