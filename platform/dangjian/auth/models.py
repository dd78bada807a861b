from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Model, utcnow

if TYPE_CHECKING:
    from ..access.models import RoleAssignment
    from ..members.models import Member


class User(UserMixin, Model):
    """An account a person signs in with (username, display name, roles);
    linked to at most one member record."""

    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(60), default="")
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    # The court whose administrators manage this account (None: platform-level).
    court_id: Mapped[int | None] = mapped_column(ForeignKey("court.id"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"), unique=True)
    is_enabled: Mapped[bool] = mapped_column(default=True)
    # Bumped on logout, password change and disabling: every session and
    # remember-me cookie carrying an older value stops working everywhere.
    session_version: Mapped[int] = mapped_column(default=1)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    password_changed_at: Mapped[datetime | None]
    # Set when an administrator chose the password (new account, reset):
    # every page but the password change answers with a redirect until the
    # user picks their own.  Demo accounts are never flagged.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    is_demo: Mapped[bool] = mapped_column(default=False)
    # Where and how notifications are mailed (通知设置); "none", "immediate"
    # or "daily".  digest_sent_at: the last daily digest, so a second run
    # of `dangjian notifications send-digest` the same day sends nothing.
    email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    notify_email: Mapped[str] = mapped_column(String(20), default="none", server_default="none")
    digest_sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    member: Mapped[Member | None] = relationship()
    roles: Mapped[list[RoleAssignment]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.is_enabled

    @property
    def label(self) -> str:
        return self.display_name or self.username

    @property
    def person_names(self) -> list[str]:
        """Names a password must not be built on (see auth.passwords)."""
        return [name for name in (self.display_name, self.member.name if self.member else "") if name]

    def __repr__(self) -> str:
        return f"<User {self.username}>"
