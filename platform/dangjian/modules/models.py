from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Model, utcnow


class CourtModule(Model):
    """Whether a court uses a module (plugin), and its settings there.

    No row means "not enabled".  Disabling only flips ``enabled``: the
    module's data and settings stay, so enabling again restores everything.
    """

    __tablename__ = "court_module"
    __table_args__ = (UniqueConstraint("court_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    enabled: Mapped[bool] = mapped_column(default=False)
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
