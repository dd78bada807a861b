"""Creating, finding and revoking tokens (no Flask request objects here
except the caller's IP passed in)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update

from ..audit.services import record as audit
from ..db import db, utcnow
from ..refusals import Refused
from .models import SCOPES, ApiToken

PREFIX = "dj_"
MAX_DAYS = 366  # "at most a year", a leap year included
NAME_MAX = 60
# A used token's last-use time is written at most this often: an app polling
# every few seconds must not turn every read into a write.
TOUCH_EVERY = timedelta(seconds=60)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_secret() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def user_tokens(user) -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def create_token(user, *, name: str, scope: str, days: int, now: datetime | None = None) -> tuple[ApiToken, str]:
    """A new token of ``user``; returns (row, secret).  The secret exists
    only in the return value: show it once, never store it."""
    name = (name or "").strip()
    if not name:
        raise Refused("请填写令牌名称。", field="name")
    if len(name) > NAME_MAX:
        raise Refused(f"令牌名称最多 {NAME_MAX} 个字。", field="name")
    if scope not in SCOPES:
        raise Refused("请选择令牌权限（只读或读写）。", field="scope")
    if not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise Refused("有效期须在 1 天到 1 年之间。", field="days")
    now = now or utcnow()
    secret = new_secret()
    token = ApiToken(
        user_id=user.id,
        name=name,
        scope=scope,
        token_hash=hash_secret(secret),
        hint=secret[: len(PREFIX) + 6],
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    db.session.add(token)
    db.session.flush()
    audit(
        "api_token.created",
        f"创建访问令牌“{name}”（{SCOPES[scope]}，{days} 天）",
        target=token,
        user=user,
        court=None,
    )
    return token, secret


def own_token(user, token_id: int) -> ApiToken | None:
    return db.session.scalar(select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id))


def revoke_token(token: ApiToken, now: datetime | None = None) -> bool:
    """Revoke ``token``; False when it was revoked already (nothing changes)."""
    if token.revoked_at is not None:
        return False
    token.revoked_at = now or utcnow()
    db.session.flush()
    audit("api_token.revoked", f"撤销访问令牌“{token.name}”", target=token, user=token.user, court=None)
    return True


def find_live(secret: str, now: datetime | None = None) -> ApiToken | None:
    """The live token whose secret this is: not revoked, not expired, its
    user enabled.  None otherwise, whatever the reason (the caller answers 401)."""
    if not secret or not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_secret(secret)))
    if token is None or not token.is_live(now) or not token.user.is_enabled:
        return None
    return token


def needs_touch(token: ApiToken, ip: str, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return token.last_used_at is None or token.last_used_ip != ip or now - token.last_used_at >= TOUCH_EVERY


def touch(token_id: int, ip: str, now: datetime | None = None) -> None:
    """Record the use (the caller commits)."""
    db.session.execute(
        update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now or utcnow(), last_used_ip=ip[:45]),
        execution_options={"synchronize_session": False},
    )
