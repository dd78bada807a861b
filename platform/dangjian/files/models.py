from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Model, utcnow


class StoredFile(Model):
    """An uploaded file, kept under an internal name in the instance folder.

    The uploader's file name is display text only; the bytes were checked by
    content (not by extension) before they were stored.
    """

    __tablename__ = "stored_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int | None] = mapped_column(ForeignKey("court.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # see files.sniffing.KINDS
    mime_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    internal_name: Mapped[str] = mapped_column(String(80), unique=True)
    original_name: Mapped[str] = mapped_column(String(200), default="")
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def extension(self) -> str:
        from .sniffing import KINDS

        return KINDS[self.kind].extension
