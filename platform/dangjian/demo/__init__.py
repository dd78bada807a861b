"""Demo data: Anyang's courts with fictional members and one account per role.

``install_demo()`` loads it into an empty database; ``reset_demo_passwords()``
gives the existing demo accounts new passwords (they are shown only once).
Demo accounts carry ``User.is_demo`` so ``dangjian check`` can refuse them in
production.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from ..auth.models import User
from ..auth.passwords import hash_password
from ..courts.models import Court
from ..db import db, utcnow, writing
from .accounts import ACCOUNTS, DemoAccount, new_passphrase
from .build import build_demo
from .modules import enable_modules_with_demo_data

__all__ = ["DemoAccount", "DemoResult", "demo_user_count", "install_demo", "reset_demo_passwords"]


@dataclass
class DemoResult:
    # "loaded", "present" (demo already there) or "refused" (real data there)
    status: str
    accounts: list[DemoAccount] = field(default_factory=list)
    demo_users: int = 0
    modules: list[str] = field(default_factory=list)  # titles of the modules switched on


def demo_user_count() -> int:
    return db.session.scalar(select(func.count(User.id)).where(User.is_demo.is_(True))) or 0


def install_demo() -> DemoResult:
    """Load the demo unless it is already there; never mix it into real data."""
    with writing():
        try:
            existing = demo_user_count()
            if existing:
                return DemoResult("present", demo_users=existing)
            if db.session.scalar(select(func.count(Court.id))):
                return DemoResult("refused")
            accounts = build_demo()
            from .sites import build_site_demo

            build_site_demo(list(db.session.scalars(select(Court))))
            from .announcements import build_announcement_demo

            build_announcement_demo()
            modules = enable_modules_with_demo_data(db.session.scalars(select(Court).order_by(Court.position)))
            db.session.commit()
        finally:
            # Ends the reading transaction of an early return, or undoes a failed load.
            db.session.rollback()
    return DemoResult("loaded", accounts=accounts, demo_users=len(accounts), modules=modules)


def reset_demo_passwords() -> list[DemoAccount]:
    """New passwords for the demo accounts that still exist; signs them out everywhere."""
    with writing():
        users = {user.username: user for user in db.session.scalars(select(User).where(User.is_demo.is_(True)))}
        courts = {court.slug: court for court in db.session.scalars(select(Court))}
        accounts = []
        for spec in ACCOUNTS:
            user = users.get(spec.username)
            if user is None:
                continue
            password = new_passphrase()
            user.password_hash = hash_password(password)
            user.password_changed_at = utcnow()
            user.session_version += 1
            user.failed_logins = 0
            user.locked_until = None
            branch = next((role.organisation for role in user.roles if role.organisation), None)
            if branch is None and user.member is not None and spec.branch:
                branch = user.member.branch
            accounts.append(
                DemoAccount.from_spec(spec, courts.get(spec.court) if spec.court else None, branch, password)
            )
        db.session.commit()
    return accounts
