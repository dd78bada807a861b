"""Accounts for a whole branch at once, and the member search of the
account form.

Usernames are the pinyin of the name (林晓彤 → linxiaotong), numbered when
taken (linxiaotong2); initial passwords are passphrases like the demo's.
The passwords leave the server only in the result page and in its sheet:
the database keeps the argon2 hashes, the session keeps nothing but a
one-time nonce (see ``bulk_views``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font
from pypinyin import lazy_pinyin
from sqlalchemy import func, or_, select

from ..audit.services import record
from ..auth.models import User
from ..auth.passwords import hash_password, new_passphrase
from ..db import db
from ..members.models import Member
from ..org.models import Organisation
from ..spreadsheets import save_workbook

SEARCH_LIMIT = 20


@dataclass(frozen=True)
class MemberChoice:
    id: int
    name: str
    branch: str


def search_linkable(court, term: str, limit: int = SEARCH_LIMIT) -> list[MemberChoice]:
    """Members of ``court`` on the roll and without an account whose name or
    branch contains ``term``; one query."""
    term = (term or "").strip()[:40]
    if not term:
        return []
    rows = db.session.execute(
        select(Member.id, Member.name, Organisation.name)
        .join(Organisation, Member.branch_id == Organisation.id)
        .where(
            Member.court_id == court.id,
            Member.left_on.is_(None),
            ~select(User.id).where(User.member_id == Member.id).exists(),
            or_(Member.name.contains(term, autoescape=True), Organisation.name.contains(term, autoescape=True)),
        )
        .order_by(Organisation.position, Organisation.id, Member.name)
        .limit(limit)
    ).all()
    return [MemberChoice(*row) for row in rows]


def linkable_member(court, member_id: int | None) -> MemberChoice | None:
    if not member_id:
        return None
    row = db.session.execute(
        select(Member.id, Member.name, Organisation.name)
        .join(Organisation, Member.branch_id == Organisation.id)
        .where(
            Member.id == member_id,
            Member.court_id == court.id,
            Member.left_on.is_(None),
            ~select(User.id).where(User.member_id == Member.id).exists(),
        )
    ).first()
    return MemberChoice(*row) if row else None


# ---------------------------------------------------------------- usernames


def pinyin_username(name: str) -> str:
    letters = re.sub(r"[^a-z0-9]", "", "".join(lazy_pinyin(name)).lower())
    return letters[:50]


def propose_username(name: str) -> str:
    """A free username for one person (the create form's suggestion)."""
    base = pinyin_username(name) or "user"
    return _number_free({0: base}, _taken_like({base}))[0]


def _taken_like(prefixes: set[str]) -> set[str]:
    if not prefixes:
        return set()
    return set(
        db.session.scalars(
            select(func.lower(User.username)).where(or_(*[func.lower(User.username).like(f"{p}%") for p in prefixes]))
        )
    )


def _number_free(bases: dict[int, str], used: set[str]) -> dict[int, str]:
    used = set(used)
    proposals = {}
    for key, base in bases.items():
        candidate, number = base, 1
        while candidate in used or len(candidate) < 2:
            number += 1
            candidate = f"{base}{number}"
        used.add(candidate)
        proposals[key] = candidate
    return proposals


def propose_usernames(members: list[Member]) -> dict[int, str]:
    """member id → a free username, numbered 2, 3 … after the plain pinyin
    (in roll order, so the same branch gives the same names)."""
    bases = {m.id: pinyin_username(m.name) or f"member{m.id}" for m in members}
    return _number_free(bases, _taken_like(set(bases.values())))


# ---------------------------------------------------------------- the branch


def members_without_account(court, branch: Organisation) -> list[Member]:
    return list(
        db.session.scalars(
            select(Member)
            .where(
                Member.court_id == court.id,
                Member.branch_id == branch.id,
                Member.left_on.is_(None),
                ~select(User.id).where(User.member_id == Member.id).exists(),
            )
            .order_by(Member.name, Member.id)
        )
    )


@dataclass(frozen=True)
class CreatedAccount:
    name: str
    branch: str
    username: str
    password: str


def create_for_branch(court, branch: Organisation, member_ids: set[int], actor) -> list[CreatedAccount]:
    """Accounts for the confirmed members still without one; each must
    change the generated password at first login.  The caller commits."""
    members = [m for m in members_without_account(court, branch) if m.id in member_ids]
    usernames = propose_usernames(members)
    created = []
    for member in members:
        password = new_passphrase()
        user = User(
            username=usernames[member.id],
            display_name=member.name,
            password_hash=hash_password(password),
            court_id=court.id,
            member=member,
            must_change_password=True,
        )
        db.session.add(user)
        db.session.flush()
        record(
            "user.created",
            f"批量创建账号 {user.username}（{member.name}），关联党员 {member.name}",
            target=user,
            court=court,
            user=actor,
        )
        created.append(CreatedAccount(member.name, branch.name, user.username, password))
    if created:
        record(
            "user.bulk_created",
            f"为 {branch.name} 批量创建 {len(created)} 个账号",
            target=branch,
            court=court,
            user=actor,
            detail={"usernames": [account.username for account in created]},
        )
    return created


def write_sheet(court, accounts: list[CreatedAccount]) -> bytes:
    """The initial passwords as an .xlsx sheet; names come from imports, so
    the sheet goes through the same formula neutralising as every export."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "初始密码"
    sheet.append(["姓名", "党支部", "用户名", "初始密码"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for account in accounts:
        sheet.append([account.name, account.branch, account.username, account.password])
    sheet.append([])
    sheet.append([f"{court.name} · 首次登录后须修改密码。请当面或通过内部渠道分发，用后销毁本表。"])
    for column, width in zip("ABCD", (12, 20, 20, 28), strict=True):
        sheet.column_dimensions[column].width = width
    return save_workbook(workbook)
