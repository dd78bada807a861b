from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Model, utcnow

# The zone of a court whose own zone is unset or not a known name.
DEFAULT_ZONE = "Asia/Shanghai"

COURT_LEVELS = {"intermediate": "中级人民法院", "basic": "基层人民法院"}

# Words that the URL map uses right after "/" and can therefore never be a
# court slug.
RESERVED_SLUGS = frozenset(
    {"admin", "auth", "api", "static", "bootstrap", "manage", "s", "portal", "healthz", "favicon.ico"}
)
# The installable web app's paths (dangjian.pwa); its /sw.js and
# /manifest.webmanifest have a dot, which no slug may have.
RESERVED_SLUGS |= {"icons", "offline"}


class Court(Model):
    """A court (tenant); ``zone`` is its time zone, ``children`` the courts below it."""

    __tablename__ = "court"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    short_name: Mapped[str] = mapped_column(String(40), default="")
    level: Mapped[str] = mapped_column(String(20), default="basic")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("court.id"), index=True)
    timezone: Mapped[str] = mapped_column(String(40), default=DEFAULT_ZONE)
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    parent: Mapped[Court | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Court]] = relationship(back_populates="parent", order_by="Court.position, Court.id")

    @property
    def level_label(self) -> str:
        return COURT_LEVELS.get(self.level, self.level)

    @property
    def zone(self) -> ZoneInfo:
        """The court's time zone; Asia/Shanghai when unset or unknown (an
        unknown name must not break a page)."""
        try:
            return ZoneInfo(self.timezone or DEFAULT_ZONE)
        except Exception:
            return ZoneInfo(DEFAULT_ZONE)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def __repr__(self) -> str:
        return f"<Court {self.slug}>"
