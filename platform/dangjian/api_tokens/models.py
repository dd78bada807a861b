from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..db import Model, utcnow

READ, WRITE = "read", "write"
SCOPES = {READ: "只读", WRITE: "读写"}


class ApiToken(Model):
    """A personal access token of one user (访问令牌)."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    scope: Mapped[str] = mapped_column(String(10), default=READ)
    # sha256 hex of the whole secret: looking a token up is one indexed equality.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters of the secret, so its owner can tell tokens apart.
    hint: Mapped[str] = mapped_column(String(16), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    last_used_ip: Mapped[str] = mapped_column(String(45), default="", server_default="")
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    @property
    def scope_label(self) -> str:
        return SCOPES.get(self.scope, self.scope)

    def is_live(self, now: datetime | None = None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or utcnow())
