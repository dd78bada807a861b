"""Transfers of a member to a branch of another court of the same city
("人员调动到那里，支部建设工作就跟进到那里").

The sending court's admin asks; the receiving court's admin accepts (into
the requested branch or another of theirs) or declines with a reason; the
sender may withdraw while the request is pending.  Each side only ever
sees its own roll: the receiver learns the name, the party dates and where
the member comes from, nothing more, until the record arrives.

Functions take the acting court explicitly and refuse requests of other
courts; they add changes and audit entries to the session, the caller
commits.
"""

from __future__ import annotations

from datetime import date
from typing import cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import joinedload

from ..access.models import RoleAssignment
from ..admin.services import Refused
from ..audit.services import record
from ..auth.models import User
from ..courts.models import Court
from ..db import db, utcnow
from ..org.queries import active_branch
from .models import CourtTransferRequest, Member, MemberTransfer

PENDING = "pending"


# ---------------------------------------------------------------- where to


def city_root(court: Court) -> Court:
    seen = set()
    while court.parent is not None and court.id not in seen:
        seen.add(court.id)
        court = court.parent
    return court


def target_courts(court: Court) -> list[Court]:
    """The other courts of ``court``'s city hierarchy, in display order."""
    root = city_root(court)
    courts = db.session.scalars(select(Court).order_by(Court.position, Court.id)).all()
    return [c for c in courts if c.id != court.id and city_root(c).id == root.id]


def target_court(court: Court, court_id: int | None) -> Court | None:
    return next((c for c in target_courts(court) if c.id == court_id), None)


# ---------------------------------------------------------------- reading


def _requests():
    return select(CourtTransferRequest).options(
        joinedload(CourtTransferRequest.member),
        joinedload(CourtTransferRequest.from_court),
        joinedload(CourtTransferRequest.to_court),
        joinedload(CourtTransferRequest.from_branch),
        joinedload(CourtTransferRequest.to_branch),
    )


def incoming(court: Court, pending_only: bool = True) -> list[CourtTransferRequest]:
    query = _requests().where(CourtTransferRequest.to_court_id == court.id)
    if pending_only:
        query = query.where(CourtTransferRequest.status == PENDING)
    return list(db.session.scalars(query.order_by(CourtTransferRequest.id.desc()).limit(200)))


def outgoing(court: Court) -> list[CourtTransferRequest]:
    query = _requests().where(CourtTransferRequest.from_court_id == court.id)
    return list(db.session.scalars(query.order_by(CourtTransferRequest.id.desc()).limit(200)))


def pending_incoming_count(court: Court) -> int:
    count = db.session.scalar(
        select(func.count(CourtTransferRequest.id)).where(
            CourtTransferRequest.to_court_id == court.id, CourtTransferRequest.status == PENDING
        )
    )
    return count or 0


def pending_for(member: Member) -> CourtTransferRequest | None:
    return db.session.scalar(
        _requests().where(CourtTransferRequest.member_id == member.id, CourtTransferRequest.status == PENDING)
    )


def incoming_request(court: Court, request_id: int) -> CourtTransferRequest | None:
    return db.session.scalar(
        _requests().where(CourtTransferRequest.id == request_id, CourtTransferRequest.to_court_id == court.id)
    )


def outgoing_request(court: Court, request_id: int) -> CourtTransferRequest | None:
    return db.session.scalar(
        _requests().where(CourtTransferRequest.id == request_id, CourtTransferRequest.from_court_id == court.id)
    )


# ---------------------------------------------------------------- changes


def request_transfer(
    court: Court, member: Member, to_court_id: int | None, to_branch_id: int | None, reason: str, user
) -> CourtTransferRequest:
    if member.court_id != court.id or member.left_on is not None:
        raise Refused("只能为本院在册的党员申请转出。")
    if pending_for(member) is not None:
        raise Refused(f"{member.name} 已有一项待接收的转出申请，请等待对方处理或先撤回。")
    to_court = target_court(court, to_court_id)
    if to_court is None:
        raise Refused("请选择本市法院体系内的其他法院。", field="to_court_id")
    to_branch = active_branch(to_court, to_branch_id)
    if to_branch is None:
        raise Refused("请选择对方法院现有的党支部。", field="to_branch_id")
    transfer = CourtTransferRequest(
        member=member,
        from_court_id=court.id,
        from_branch_id=member.branch_id,
        to_court_id=to_court.id,
        to_branch_id=to_branch.id,
        reason=reason.strip(),
        requested_by_id=getattr(user, "id", None),
    )
    db.session.add(transfer)
    db.session.flush()
    summary = f"申请将党员 {member.name} 转至 {to_court.name} {to_branch.name}"
    record("member.transfer_requested", summary, target=member, court=court, user=user, detail={"request": transfer.id})
    record("member.transfer_requested", f"{court.name} {summary}", target=transfer, court=to_court, user=user)
    return transfer


def _decide(transfer: CourtTransferRequest, status: str, user, **values) -> None:
    """Move a pending request on; refused when someone else already did,
    so a double click or two admins at once change it only once."""
    result = db.session.execute(
        update(CourtTransferRequest)
        .where(CourtTransferRequest.id == transfer.id, CourtTransferRequest.status == PENDING)
        .values(status=status, decided_by_id=getattr(user, "id", None), decided_at=utcnow(), **values)
    )
    if cast(CursorResult, result).rowcount != 1:
        raise Refused("这项申请已被处理（接收、退回或撤回），请刷新页面查看。")
    db.session.refresh(transfer)


def withdraw(court: Court, transfer: CourtTransferRequest, user) -> None:
    if transfer.from_court_id != court.id:
        raise Refused("找不到这项申请。")
    _decide(transfer, "withdrawn", user)
    summary = f"撤回党员 {transfer.member.name} 转至 {transfer.to_court.name} 的申请"
    record("member.transfer_withdrawn", summary, target=transfer.member, court=court, user=user)
    record("member.transfer_withdrawn", f"{court.name} {summary}", target=transfer, court=transfer.to_court, user=user)


def decline(court: Court, transfer: CourtTransferRequest, reason: str, user) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise Refused("请填写退回原因。", field="reason")
    if transfer.to_court_id != court.id:
        raise Refused("找不到这项申请。")
    _decide(transfer, "declined", user, decline_reason=reason[:200])
    summary = f"退回党员 {transfer.member.name} 由 {transfer.from_court.name} 转入的申请：{reason}"
    record("member.transfer_declined", summary, target=transfer, court=court, user=user)
    record(
        "member.transfer_declined",
        f"{court.name} {summary}",
        target=transfer.member,
        court=transfer.from_court,
        user=user,
    )


def accept(court: Court, transfer: CourtTransferRequest, branch_id: int | None, user, on: date | None = None) -> Member:
    """Move the member record (and its account) into ``court``'s branch."""
    if transfer.to_court_id != court.id:
        raise Refused("找不到这项申请。")
    branch = active_branch(court, branch_id)
    if branch is None:
        raise Refused("请选择本院现有的党支部。", field="branch_id")
    member = transfer.member
    from_court = transfer.from_court
    if member.court_id != from_court.id or member.left_on is not None:
        raise Refused("该党员已不在原法院的名册上，无法接收。请退回申请。")
    _decide(transfer, "accepted", user)
    transfer.to_branch_id = branch.id
    from_branch = member.branch
    on = on or date.today()
    db.session.add(
        MemberTransfer(
            member=member,
            from_court_id=from_court.id,
            to_court_id=court.id,
            from_branch_id=from_branch.id,
            to_branch_id=branch.id,
            transferred_on=on,
            reason=transfer.reason or "跨院调动",
            by_user_id=getattr(user, "id", None),
        )
    )
    member.court_id = court.id
    member.branch_id = branch.id
    member.group_id = None
    # The import batch belongs to the old court: undoing it must not delete
    # a member who has since moved away.
    member.import_batch_id = None
    if branch.department:
        member.department = branch.department
    account = _move_account(member, from_court, court)
    db.session.flush()
    where = f"{from_court.name} {from_branch.name}"
    detail = {"request": transfer.id, "from_court": from_court.id, "to_court": court.id, "on": on.isoformat()}
    if account is not None:
        detail["account"] = account.username
    record(
        "member.transferred_in",
        f"接收党员 {member.name}（由 {where} 转入 {branch.name}）",
        target=member,
        court=court,
        user=user,
        detail=detail,
    )
    record(
        "member.transferred_out",
        f"党员 {member.name} 已由 {where} 转至 {court.name} {branch.name}",
        target=member,
        court=from_court,
        user=user,
        detail=detail,
    )
    return member


def _move_account(member: Member, from_court: Court, to_court: Court) -> User | None:
    """The member's account follows them; roles held in the old court (its
    admin, a branch's secretary or editor) stay behind."""
    account = db.session.scalar(select(User).where(User.member_id == member.id))
    if account is None:
        return None
    if account.court_id == from_court.id:
        account.court_id = to_court.id
    for assignment in [a for a in account.roles if a.court_id == from_court.id]:
        account.roles.remove(assignment)
        db.session.delete(assignment)
    db.session.flush()
    remaining = db.session.scalar(select(func.count(RoleAssignment.id)).where(RoleAssignment.user_id == account.id))
    record(
        "user.updated",
        f"账号 {account.username} 随党员 {member.name} 转至 {to_court.name}，原法院的角色已撤销",
        target=account,
        court=from_court,
        detail={"moved_to": to_court.id, "roles_left": remaining},
    )
    return account
