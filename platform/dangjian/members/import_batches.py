"""Pending uploads on disk, and the batches a confirmed import becomes.

An upload waits under a random token in ``<instance>/imports/`` until the
user confirms or cancels; the user's file name is only ever display text.  On
confirm the file is validated again inside the writing transaction (the roll
may have changed since the preview) and written as one batch.  The newest
batch of a court can be undone as long as nobody has touched its members.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError

from ..audit.services import record
from ..auth.models import User
from ..db import db, utcnow
from ..org.models import CommitteeSeat
from ..refusals import Refused
from .importer import Report, validate_file
from .models import Member, MemberImportBatch, MemberTransfer

TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,64}")
STALE_AFTER_SECONDS = 24 * 3600
INSERT_CHUNK = 1000
# An imported row whose updated_at moved further than this was edited.
EDIT_TOLERANCE = timedelta(seconds=2)


class UploadStore:
    """Uploaded workbooks and their dry-run reports, by token."""

    def __init__(self, directory) -> None:
        self.directory = Path(directory)

    def save(self, stream) -> str:
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.prune()
        token = secrets.token_urlsafe(24)
        with open(self._path(token, ".xlsx"), "xb") as out:
            shutil.copyfileobj(stream, out, 1 << 20)
        return token

    def workbook(self, token: str) -> Path:
        return self._path(token, ".xlsx")

    def save_report(self, token: str, report: Report) -> None:
        target = self._path(token, ".json")
        temporary = target.with_suffix(".json.tmp")
        temporary.write_text(json.dumps(report.to_dict(), ensure_ascii=False, default=str), encoding="utf-8")
        os.replace(temporary, target)

    def load_report(self, token: str) -> Report | None:
        try:
            path = self._path(token, ".json")
            if not self.workbook(token).exists():
                return None
            return Report.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, OSError):
            return None

    @contextmanager
    def claimed(self, token: str):
        """Take the workbook for confirming.  Yields its path, or None when it
        is gone (already confirmed by a double submit, cancelled, pruned).
        The file goes back unless the block calls ``consume()``."""
        try:
            source = self.workbook(token)
        except ValueError:
            yield None
            return
        claim = source.with_suffix(".claimed")
        try:
            os.rename(source, claim)  # atomic: only one request wins
        except FileNotFoundError:
            yield None
            return
        state = {"consumed": False}
        try:
            yield _Claim(claim, state)
        finally:
            if state["consumed"]:
                self.discard(token)
                claim.unlink(missing_ok=True)
            else:
                os.rename(claim, source)

    def discard(self, token: str) -> None:
        try:
            for suffix in (".xlsx", ".json"):
                self._path(token, suffix).unlink(missing_ok=True)
        except ValueError:
            pass

    def prune(self) -> None:
        """Forget uploads nobody confirmed within a day."""
        cutoff = time.time() - STALE_AFTER_SECONDS
        for path in self.directory.glob("*"):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
            except OSError:
                pass

    def _path(self, token: str, suffix: str) -> Path:
        if not isinstance(token, str) or not TOKEN_PATTERN.fullmatch(token):
            raise ValueError("bad upload token")
        return self.directory / f"{token}{suffix}"


class _Claim:
    def __init__(self, path: Path, state: dict) -> None:
        self.path, self._state = path, state

    def consume(self) -> None:
        self._state["consumed"] = True


def confirm(path, court, user, *, max_rows: int, filename: str) -> tuple[Report, MemberImportBatch | None]:
    """Validate again; when clean, add the batch to the session (caller commits)."""
    report = validate_file(path, court, max_rows=max_rows, filename=filename)
    if not report.ok:
        return report, None
    return report, write_batch(court, user, report)


def write_batch(court, user, report: Report) -> MemberImportBatch:
    now = utcnow()
    batch = MemberImportBatch(
        court_id=court.id,
        user_id=user.id if user is not None else None,
        filename=report.filename[:200],
        row_count=len(report.rows),
        created_at=now,
        note=f"工作表：{report.sheet}"[:200],
    )
    db.session.add(batch)
    db.session.flush()
    # created_at == updated_at marks a row nobody has edited since (see undo).
    common = {"court_id": court.id, "import_batch_id": batch.id, "created_at": now, "updated_at": now}
    for start in range(0, len(report.rows), INSERT_CHUNK):
        chunk = report.rows[start : start + INSERT_CHUNK]
        db.session.execute(insert(Member), [dict(row, **common) for row in chunk])
    record(
        "member.imported",
        f"导入党员 {batch.row_count} 名（{batch.filename}）",
        target=batch,
        court=court,
        user=user,
        detail={"batch_id": batch.id, "rows": batch.row_count, "filename": batch.filename, "sheet": report.sheet},
    )
    return batch


class UndoRefused(Refused):
    """The batch cannot be undone; the message says why, in Chinese."""


def recent_batches(court, limit: int = 10) -> list[tuple[MemberImportBatch, User | None]]:
    rows = db.session.execute(
        select(MemberImportBatch, User)
        .outerjoin(User, User.id == MemberImportBatch.user_id)
        .where(MemberImportBatch.court_id == court.id)
        .order_by(MemberImportBatch.id.desc())
        .limit(limit)
    ).all()
    return [(row[0], row[1]) for row in rows]


def undoable_batch(court) -> MemberImportBatch | None:
    """Undo works like a stack: only the newest batch still in effect."""
    return db.session.scalar(
        select(MemberImportBatch)
        .where(MemberImportBatch.court_id == court.id, MemberImportBatch.undone_at.is_(None))
        .order_by(MemberImportBatch.id.desc())
        .limit(1)
    )


def undo_batch(court, batch: MemberImportBatch, user) -> int:
    """Delete the members ``batch`` created; the caller commits."""
    if batch.undone_at is not None:
        raise UndoRefused("这个导入批次已经撤销过了。")
    newest = undoable_batch(court)
    if newest is None or newest.id != batch.id:
        raise UndoRefused("只能撤销本院最近一次尚未撤销的导入批次。")
    members = db.session.execute(
        select(Member.id, Member.name, Member.court_id, Member.left_on, Member.created_at, Member.updated_at).where(
            Member.import_batch_id == batch.id
        )
    ).all()
    changed = _changed_members(court, batch, members)
    if changed:
        shown = sorted(set(changed.values()))
        names = "、".join(shown[:5]) + ("等" if len(shown) > 5 else "")
        raise UndoRefused(
            f"本批次有 {len(changed)} 名党员在导入后已被修改、转接或关联了账号（{names}），"
            "为免丢失这些改动，不能整批撤销。如确需删除，请在党员名册中逐一处理。"
        )
    try:
        with db.session.begin_nested():
            db.session.execute(
                delete(Member).where(Member.import_batch_id == batch.id, Member.court_id == court.id),
                execution_options={"synchronize_session": False},
            )
    except IntegrityError:
        raise UndoRefused("本批次的党员已被其他业务记录引用（如学习、活动记录），不能整批撤销。") from None
    batch.undone_at = utcnow()
    record(
        "member.import_undone",
        f"撤销导入批次：删除党员 {len(members)} 名（{batch.filename}）",
        target=batch,
        court=court,
        user=user,
        detail={"batch_id": batch.id, "deleted": len(members)},
    )
    return len(members)


def _changed_members(court, batch: MemberImportBatch, members) -> dict[int, str]:
    """Members of the batch someone has worked on since: id → name."""
    changed = {
        row.id: row.name
        for row in members
        if row.court_id != court.id or row.left_on is not None or row.updated_at - row.created_at > EDIT_TOLERANCE
    }
    in_batch = select(Member.id).where(Member.import_batch_id == batch.id).scalar_subquery()
    touched: set[int] = set()
    for column in (MemberTransfer.member_id, User.member_id, CommitteeSeat.member_id):
        touched.update(db.session.scalars(select(column).where(column.in_(in_batch)).distinct()))
    changed.update({row.id: row.name for row in members if row.id in touched})
    return changed
