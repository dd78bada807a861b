"""To-do items of the host for the inbox (hook ``dangjian_todos``).

The court admin's work: accounts whose first-login password change is still
open (one grouped item: the count is what matters), transfers from other
courts awaiting acceptance (one item each: each needs its own decision),
and a member-roll upload that was checked but neither confirmed nor
cancelled.  The dashboard's 需要关注 card reads the same functions, so the
two can never disagree.

An import becomes a ``MemberImportBatch`` only when it is confirmed; until
then it is an upload waiting on disk under a token held in the uploader's
session (pruned after a day, see ``members.import_batches``).  That is the
"unconfirmed import", and only its uploader can confirm it, so the item is
theirs alone and costs no SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask import has_request_context, url_for

from ..access import has_permission
from .todos import Todo


def first_change_count(court) -> int:
    from ..auth.first_login import awaiting_first_change

    return awaiting_first_change(court)


def incoming_transfers(court) -> list:
    """Pending requests to move a member into ``court`` (one statement)."""
    from ..members.court_transfers import incoming

    return incoming(court, pending_only=True)


@dataclass(frozen=True)
class PendingUpload:
    token: str
    filename: str
    valid: int
    expires_on: date


def pending_upload(court) -> PendingUpload | None:
    """The checked, unconfirmed member-roll upload of this session in ``court``."""
    if not has_request_context():
        return None
    from ..members.import_batches import STALE_AFTER_SECONDS
    from ..members.import_views import _pending_token, _store

    token = _pending_token()
    if not token:
        return None
    store = _store()
    report = store.load_report(token)
    if report is None:
        return None
    try:
        uploaded = datetime.fromtimestamp(store.workbook(token).stat().st_mtime, UTC)
    except OSError:
        return None
    expires = (uploaded + timedelta(seconds=STALE_AFTER_SECONDS)).astimezone(court.zone).date()
    return PendingUpload(token, report.filename, report.valid, expires)


def host_todos(court, user) -> list[Todo]:
    items: list[Todo] = []
    if has_permission(user, "users.manage", court):
        waiting = first_change_count(court)
        if waiting:
            items.append(
                Todo(
                    "host.first_login",
                    "账号与角色",
                    f"{waiting} 个账号尚未完成首次登录改密",
                    url_for("court_admin.users", status="first_change"),
                    detail="请提醒这些同志登录后设置自己的密码；长期不用的账号可以停用。",
                )
            )
    if has_permission(user, "members.transfer", court):
        for request in incoming_transfers(court):
            items.append(
                Todo(
                    "host.transfer_in",
                    "外院转入申请",
                    f"{request.member.name}（{request.from_court.display_name}）申请转入{request.to_branch.name}",
                    url_for("court_transfers.accept", request_id=request.id),
                    detail=request.reason or "",
                )
            )
    if has_permission(user, "members.import", court):
        upload = pending_upload(court)
        if upload is not None:
            items.append(
                Todo(
                    "host.import_unconfirmed",
                    "党员名册导入",
                    f"已上传的“{upload.filename}”尚未确认导入（{upload.valid} 名可导入）",
                    url_for("member_import.preview"),
                    due=upload.expires_on,
                    detail="确认导入或取消；未确认的上传一天后自动清除。",
                )
            )
    return items


def cache_marker(court) -> str:
    """What the items above read outside the database (the session's
    pending upload), for the badge cache key."""
    if not has_request_context():
        return ""
    from ..members.import_views import _pending_token

    return _pending_token() or ""
