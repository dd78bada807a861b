"""Account logic: password login with lockout, session ending, password change.

No request objects here; the views translate outcomes into pages.  Every
login attempt leaves an audit entry, and the caller commits it even when the
attempt fails, so failures are never lost with a rollback.

Enumeration: an unknown username is checked against a dummy hash and answered
exactly like a wrong password.  Only someone who typed the *correct* password
learns that an account is locked or disabled, which tells them nothing they
did not already know.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

from flask import current_app
from sqlalchemy import select, update

from ..audit.services import record
from ..db import db, utcnow
from . import passwords
from .models import User

GENERIC_FAILURE = "用户名或密码不正确。"
DISABLED_MESSAGE = "该账号已停用，无法登录。如需恢复，请联系本院机关党委管理员。"


@dataclass
class LoginOutcome:
    user: User | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.user is not None and not self.error


@lru_cache(maxsize=8)
def _dummy_hash(time_cost: int, memory_cost: int, parallelism: int) -> str:
    # Built with the live parameters so an unknown name costs as much as a
    # real verification.
    return passwords.hash_password("dummy password for timing equality")


def dummy_hash() -> str:
    config = current_app.config
    return _dummy_hash(config["ARGON2_TIME_COST"], config["ARGON2_MEMORY_COST"], config["ARGON2_PARALLELISM"])


def find_user(username: str) -> User | None:
    if not username:
        return None
    return db.session.scalar(select(User).where(User.username == username))


def lock_minutes_left(user: User, now: datetime | None = None) -> int:
    now = now or utcnow()
    if user.locked_until is None or user.locked_until <= now:
        return 0
    return max(1, math.ceil((user.locked_until - now).total_seconds() / 60))


def failure_hint() -> str:
    config = current_app.config
    return (
        f"{GENERIC_FAILURE}连续输错 {config['LOGIN_MAX_FAILURES']} 次，"
        f"账号将临时锁定 {config['LOGIN_LOCK_MINUTES']} 分钟。"
    )


def locked_message(minutes: int) -> str:
    return (
        f"该账号因连续多次密码错误已临时锁定，约 {minutes} 分钟后自动解锁，请届时再试。"
        "如非本人操作，请联系本院机关党委管理员。"
    )


def attempt_login(username: str, password: str, *, purpose: str = "login") -> LoginOutcome:
    """Check a username and password, updating counters and the audit log.

    ``purpose`` is "login" or "reauth" (recorded in the audit detail).  The
    caller commits the session whatever the outcome.
    """
    username = (username or "").strip()[:60]
    user = find_user(username)
    now = utcnow()
    if user is None:
        passwords.verify_password(dummy_hash(), password)
        _audit_failure(None, username, "unknown_user", purpose)
        return LoginOutcome(error=failure_hint())

    correct = passwords.verify_password(user.password_hash, password)
    if user.locked_until is not None and user.locked_until > now:
        _audit_failure(user, username, "locked", purpose)
        # A wrong guess during a lock neither extends it nor reveals it.
        return LoginOutcome(error=locked_message(lock_minutes_left(user, now)) if correct else failure_hint())
    if user.locked_until is not None:
        _clear_failures(user)  # the lock has run out: a fresh set of attempts

    if not correct:
        _count_failure(user, now)
        _audit_failure(user, username, "bad_password", purpose)
        return LoginOutcome(error=failure_hint())
    if not user.is_enabled:
        _audit_failure(user, username, "disabled", purpose)
        return LoginOutcome(error=DISABLED_MESSAGE)

    _succeed(user, password, now)
    summary = "再次验证密码" if purpose == "reauth" else "登录成功"
    entry = record("auth.login", summary, target=user, user=user, username=username, detail={"purpose": purpose})
    entry.court_id = user.court_id  # so the account's court admin sees it too
    return LoginOutcome(user=user)


def _audit_failure(user: User | None, username: str, reason: str, purpose: str) -> None:
    summaries = {
        "unknown_user": "登录失败：用户名不存在",
        "bad_password": "登录失败：密码错误",
        "locked": "登录被拒绝：账号临时锁定中",
        "disabled": "登录被拒绝：账号已停用",
    }
    entry = record(
        "auth.login_failed",
        summaries[reason],
        target=user,
        user=user,
        username=username,
        detail={"reason": reason, "purpose": purpose},
    )
    if user is None:
        entry.user_id = None  # never attribute a stranger's attempt to whoever is signed in
    else:
        entry.court_id = user.court_id


def _count_failure(user: User, now: datetime) -> None:
    # An atomic increment: concurrent guesses must not lose counts.
    db.session.execute(update(User).where(User.id == user.id).values(failed_logins=User.failed_logins + 1))
    db.session.refresh(user, ["failed_logins"])
    config = current_app.config
    if user.failed_logins >= config["LOGIN_MAX_FAILURES"]:
        user.locked_until = now + timedelta(minutes=config["LOGIN_LOCK_MINUTES"])
        record(
            "auth.locked",
            f"连续 {user.failed_logins} 次密码错误，账号锁定 {config['LOGIN_LOCK_MINUTES']} 分钟",
            target=user,
            user=user,
            username=user.username,
            detail={"failures": user.failed_logins, "minutes": config["LOGIN_LOCK_MINUTES"]},
        )


def _clear_failures(user: User) -> None:
    user.failed_logins = 0
    user.locked_until = None


def _succeed(user: User, password: str, now: datetime) -> None:
    _clear_failures(user)
    user.last_login_at = now
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)


def end_all_sessions(user: User) -> None:
    """End every session and remember-me cookie of ``user``, everywhere.

    Call it when an account is disabled or its password reset by an admin.
    Joins the caller's transaction: the caller commits.
    """
    db.session.execute(update(User).where(User.id == user.id).values(session_version=User.session_version + 1))
    db.session.refresh(user, ["session_version"])


def logout(user: User) -> None:
    end_all_sessions(user)
    record("auth.logout", "退出登录（所有设备上的登录均已结束）", target=user, user=user)


def password_change_problems(user: User, current: str, new: str) -> dict[str, list[str]]:
    """Field name → problems; empty when the change may go ahead."""
    problems: dict[str, list[str]] = {}
    if not passwords.verify_password(user.password_hash, current):
        problems["current_password"] = ["当前密码不正确。"]
    new_problems = passwords.password_problems(new, user.username, user.person_names)
    if not new_problems and current and new == current:
        new_problems.append("新密码不能与当前密码相同。")
    if new_problems:
        problems["new_password"] = new_problems
    return problems


def change_password(user: User, new: str) -> None:
    """Store the new password and end the user's other sessions.

    The caller commits and then signs the current browser in again with the
    new session version.
    """
    user.password_hash = passwords.hash_password(new)
    user.password_changed_at = utcnow()
    user.must_change_password = False
    end_all_sessions(user)
    record("auth.password_changed", "修改了自己的登录密码", target=user, user=user)


def home_court(user: User):
    """The court a user works in: from their roles, else their member record."""
    for assignment in sorted(user.roles, key=lambda a: a.id):
        if assignment.court is not None:
            return assignment.court
    if user.member is not None:
        return user.member.court
    return None


def safe_next(target: str | None, host: str) -> str | None:
    """A same-site path to redirect to after login, or None.

    Only relative paths on this site are followed; an absolute URL is
    accepted when it names this very host (Flask-Login builds those) and is
    reduced to its path.  Anything else could send a user to a look-alike
    site right after they typed their password.
    """
    if not target or len(target) > 2000:
        return None
    if any(ord(ch) < 32 or ch == "\\" for ch in target):
        return None
    parts = urlsplit(target)
    if (parts.scheme or parts.netloc) and (parts.scheme not in ("http", "https") or parts.netloc != host):
        return None
    path = parts.path
    if not path.startswith("/") or path.startswith("//"):
        return None
    return urlunsplit(("", "", path, parts.query, ""))
