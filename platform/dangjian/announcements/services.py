"""Announcements: who they go to, publishing, withdrawing, reading and
acknowledging (no Flask request objects here; the caller commits).

Addressees are the enabled accounts with a role or a member record in the
addressed court(s): the whole court, the members and branch officers of the
chosen branches, or everyone in each court below.  They are resolved in one
statement and fixed when the announcement is published (one receipt row
each, written in one batch, as are their notifications).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from flask import url_for
from sqlalchemy import Table, delete, insert, literal, select, union_all, update

from ..access.models import RoleAssignment
from ..access.roles import PLATFORM_ADMIN
from ..audit.services import record as audit
from ..auth.models import User
from ..courts.models import Court
from ..db import db, utcnow
from ..files.models import StoredFile
from ..files.services import delete_stored
from ..files.sniffing import KINDS
from ..inbox.models import Notification
from ..inbox.notify import notify
from ..members.models import Member
from ..org.models import Organisation
from ..org.queries import active_branches
from ..refusals import Refused
from .models import Announcement, AnnouncementBranch, AnnouncementCourt, AnnouncementFile, AnnouncementReceipt

NOTIFICATION_KIND = "announcement"


class AnnouncementError(Refused):
    """Something the user asked for cannot be done; the message says why."""


@dataclass(frozen=True)
class Addressee:
    user_id: int
    court_id: int
    branch_id: int | None


def target_courts(announcement: Announcement) -> list[Court]:
    """The courts whose people an announcement goes to."""
    court = announcement.court
    if announcement.scope == "courts_below":
        return list(court.children)
    return [court]


def may_address_courts_below(court: Court) -> bool:
    return court.level == "intermediate" and bool(court.children)


def addressees(announcement: Announcement, courts: list[Court] | None = None) -> list[Addressee]:
    """Everyone an announcement is for, in one statement whatever their
    number: accounts linked to an active member record in the court(s) and
    accounts holding a role there (branch roles only in the chosen branches
    for scope "branches").  A person listed twice keeps their member
    record's branch; the author is left out."""
    courts = courts if courts is not None else target_courts(announcement)
    court_ids = [court.id for court in courts]
    if not court_ids:
        return []
    members = (
        select(
            User.id.label("user_id"),
            Member.court_id.label("court_id"),
            Member.branch_id.label("branch_id"),
            literal(0).label("rank"),
        )
        .join(Member, Member.id == User.member_id)
        .where(Member.court_id.in_(court_ids), Member.left_on.is_(None), User.is_enabled.is_(True))
    )
    roles = (
        select(RoleAssignment.user_id, RoleAssignment.court_id, RoleAssignment.organisation_id, literal(1))
        .join(User, User.id == RoleAssignment.user_id)
        .where(RoleAssignment.court_id.in_(court_ids), RoleAssignment.role != PLATFORM_ADMIN, User.is_enabled.is_(True))
    )
    if announcement.scope == "branches":
        branch_ids = [branch.id for branch in announcement.branches] or [-1]
        members = members.where(Member.branch_id.in_(branch_ids))
        roles = roles.where(RoleAssignment.organisation_id.in_(branch_ids))
    order = {court_id: position for position, court_id in enumerate(court_ids)}
    found: dict[int, tuple] = {}
    user_id: int
    court_id: int
    branch_id: int | None
    rank: int
    key: tuple[int, int, bool, int]
    for user_id, court_id, branch_id, rank in db.session.execute(union_all(members, roles)):
        key = (rank, order.get(court_id, 0), branch_id is None, branch_id or 0)
        if user_id not in found or key < found[user_id][0]:
            found[user_id] = (key, Addressee(user_id, court_id, branch_id))
    if announcement.author_id is not None:
        found.pop(announcement.author_id, None)
    return sorted((entry[1] for entry in found.values()), key=lambda a: (order.get(a.court_id, 0), a.user_id))


def detail_path(announcement: Announcement, court: Court) -> str:
    return url_for("announcements.detail", court_slug=court.slug, announcement_id=announcement.id)


def set_branches(announcement: Announcement, branches: list[Organisation]) -> None:
    announcement.branches = list(branches) if announcement.scope == "branches" else []


def add_files(announcement: Announcement, stored: list[StoredFile]) -> None:
    for file in stored:
        announcement.files.append(AnnouncementFile(file=file))


def remove_file(announcement: Announcement, attachment: AnnouncementFile) -> None:
    stored = attachment.file
    announcement.files.remove(attachment)
    db.session.flush()
    delete_stored(stored)


def publish(announcement: Announcement, user) -> int:
    """Publish a draft: fix its addressees, write their receipts and
    notifications in one batch each; returns how many were addressed."""
    if not announcement.is_draft:
        raise AnnouncementError("这条通知已经发布过了。")
    db.session.flush()  # a new announcement needs its id for the rows below
    courts = target_courts(announcement)
    if announcement.scope == "courts_below" and not courts:
        raise AnnouncementError("本院没有下级法院，请选择“全院”或“选定支部”。", field="scope")
    if announcement.scope == "branches" and not announcement.branches:
        raise AnnouncementError("请至少选择一个党支部。", field="scope")
    now = utcnow()
    announcement.published_at = now
    people = addressees(announcement, courts)
    if announcement.scope == "courts_below":
        db.session.add_all(AnnouncementCourt(announcement_id=announcement.id, court_id=court.id) for court in courts)
    db.session.flush()
    if people:
        db.session.execute(
            insert(AnnouncementReceipt),
            [
                {
                    "announcement_id": announcement.id,
                    "user_id": person.user_id,
                    "court_id": person.court_id,
                    "branch_id": person.branch_id,
                }
                for person in people
            ],
        )
    by_court: dict[int, list[int]] = {}
    for person in people:
        by_court.setdefault(person.court_id, []).append(person.user_id)
    issuer = f"{announcement.court.display_name}机关党委"
    body = f"{issuer}发布。" + (
        f"请于 {announcement.ack_deadline:%Y-%m-%d} 前打开并点击“确认已阅”。" if announcement.ack_deadline else ""
    )
    rows = []
    for court in courts:
        if by_court.get(court.id):
            rows += notify(
                by_court[court.id],
                court=court,
                kind=NOTIFICATION_KIND,
                title=f"通知公告：{announcement.title}",
                body=body,
                url=detail_path(announcement, court),
            )
    _insert_together(rows)
    audit(
        "announcement.published",
        f"发布通知公告“{announcement.title}”（{describe_scope(announcement, courts)}，{len(people)} 人）",
        target=announcement,
        court=announcement.court,
        user=user,
        detail={"addressees": len(people), "scope": announcement.scope},
    )
    return len(people)


def _insert_together(rows: list) -> None:
    """Write the new notifications in one statement.

    The ORM inserts rows one by one where the database cannot return new
    ids in a known order (SQLite): 200 addressees would be 200 INSERTs.
    Nothing reads these rows back, so they leave the session and go in as
    one executemany without RETURNING — the rows ``notify`` built, as it
    built them (its mail for "immediate" readers is queued already).
    """
    if not rows:
        return
    table = cast(Table, Notification.__table__)  # a mapped class's table is a Table
    columns = [column for column in table.columns if not column.primary_key]
    now = utcnow()
    values = []
    for row in rows:
        db.session.expunge(row)
        item = {column.key: getattr(row, column.key) for column in columns}
        item["created_at"] = item.get("created_at") or now
        values.append(item)
    db.session.execute(table.insert(), values)


def describe_scope(announcement: Announcement, courts: list[Court] | None = None) -> str:
    if announcement.scope == "branches":
        names = [branch.name for branch in announcement.branches]
        return "、".join(names[:3]) + (f"等 {len(names)} 个党支部" if len(names) > 3 else "")
    if announcement.scope == "courts_below":
        count = len(courts if courts is not None else (announcement.courts or target_courts(announcement)))
        return f"下级法院（{count} 个）"
    return "全院"


def withdraw(announcement: Announcement, user) -> None:
    """Hide a published announcement from its addressees; their
    notifications about it go too (they would lead nowhere)."""
    if not announcement.is_live:
        raise AnnouncementError("只有已发布的通知可以撤回。")
    announcement.withdrawn_at = utcnow()
    courts = announcement.courts if announcement.scope == "courts_below" else [announcement.court]
    db.session.execute(
        delete(Notification).where(
            Notification.kind == NOTIFICATION_KIND,
            Notification.url.in_([detail_path(announcement, court) for court in courts]),
        ),
        execution_options={"synchronize_session": False},
    )
    audit(
        "announcement.withdrawn",
        f"撤回通知公告“{announcement.title}”",
        target=announcement,
        court=announcement.court,
        user=user,
    )


def delete_announcement(announcement: Announcement, user) -> None:
    if announcement.is_live:
        raise AnnouncementError("已发布的通知请先撤回，再删除。")
    title = announcement.title
    stored = [attachment.file for attachment in announcement.files]
    audit("announcement.deleted", f"删除通知公告“{title}”", target=announcement, court=announcement.court, user=user)
    db.session.delete(announcement)
    db.session.flush()
    for file in stored:
        delete_stored(file)


# --- an addressee's side -----------------------------------------------------------


def receipt_of(announcement_id: int, user, court) -> AnnouncementReceipt | None:
    """The user's receipt of a live announcement addressed to them in this court."""
    return db.session.scalar(
        select(AnnouncementReceipt)
        .join(Announcement, Announcement.id == AnnouncementReceipt.announcement_id)
        .where(
            AnnouncementReceipt.announcement_id == announcement_id,
            AnnouncementReceipt.user_id == user.id,
            AnnouncementReceipt.court_id == court.id,
            Announcement.published_at.is_not(None),
            Announcement.withdrawn_at.is_(None),
        )
    )


def mark_read(receipt: AnnouncementReceipt, path: str, now: datetime | None = None) -> None:
    """First opening: the receipt is read, and so is the notification about it."""
    now = now or utcnow()
    if receipt.read_at is None:
        receipt.read_at = now
    db.session.execute(
        update(Notification)
        .where(
            Notification.user_id == receipt.user_id,
            Notification.kind == NOTIFICATION_KIND,
            Notification.url == path,
            Notification.read_at.is_(None),
        )
        .values(read_at=now),
        execution_options={"synchronize_session": False},
    )


def acknowledge(receipt: AnnouncementReceipt, path: str) -> bool:
    """确认已阅; False when it was acknowledged already."""
    if receipt.announcement.ack_deadline is None:
        raise AnnouncementError("这条通知不需要确认。")
    if receipt.acknowledged_at is not None:
        return False
    now = utcnow()
    mark_read(receipt, path, now)
    receipt.acknowledged_at = now
    return True


def stored_attachment(announcement: Announcement, file_id: int) -> AnnouncementFile | None:
    return next((attachment for attachment in announcement.files if attachment.stored_file_id == file_id), None)


def kind_label(stored: StoredFile) -> str:
    kind = KINDS.get(stored.kind)
    return kind.label if kind else stored.kind


def branch_choices(court) -> list[Organisation]:
    return active_branches(court)


__all__ = [
    "AnnouncementBranch",
    "AnnouncementError",
    "acknowledge",
    "add_files",
    "addressees",
    "delete_announcement",
    "mark_read",
    "publish",
    "receipt_of",
    "withdraw",
]
