from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Model, utcnow

if TYPE_CHECKING:
    from ..courts.models import Court
    from ..members.models import Member

# 机关党委 → 党总支 → 党支部 → 党小组
ORG_KINDS = {
    "committee": "机关党委",
    "general_branch": "党总支",
    "branch": "党支部",
    "group": "党小组",
}
# Which kinds may sit directly under which.
ALLOWED_PARENTS = {
    "committee": (None,),
    "general_branch": ("committee",),
    "branch": ("committee", "general_branch"),
    "group": ("branch",),
}
COMMITTEE_POSTS = {
    "secretary": "书记",
    "deputy": "副书记",
    "organisation": "组织委员",
    "publicity": "宣传委员",
    "discipline": "纪检委员",
}


class Organisation(Model):
    """A unit of a court's party organisation: ``kind`` is "branch" (党支部) or
    "group" (党小组, ``parent_id`` its branch); ``dissolved_at`` set once dissolved."""

    __tablename__ = "organisation"
    __table_args__ = (UniqueConstraint("court_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(80))
    # URL word of the branch microsite: /<court>/s/<slug>/
    slug: Mapped[str] = mapped_column(String(60))
    # The court department a branch is built on (庭、室、法警队), or the trial
    # team a party group is built on.
    department: Mapped[str] = mapped_column(String(80), default="")
    department_kind: Mapped[str] = mapped_column(String(20), default="")
    position: Mapped[int] = mapped_column(default=0)
    dissolved_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    court: Mapped[Court] = relationship()
    parent: Mapped[Organisation | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Organisation]] = relationship(
        back_populates="parent", order_by="Organisation.position, Organisation.id"
    )
    committee: Mapped[list[CommitteeSeat]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", order_by="CommitteeSeat.id"
    )

    @property
    def kind_label(self) -> str:
        return ORG_KINDS.get(self.kind, self.kind)

    @property
    def active(self) -> bool:
        return self.dissolved_at is None

    def __repr__(self) -> str:
        return f"<Organisation {self.court_id}/{self.slug}>"


class CommitteeSeat(Model):
    """A seat on a branch committee (支委会) or the organ committee."""

    __tablename__ = "committee_seat"
    __table_args__ = (UniqueConstraint("organisation_id", "member_id", "post"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    post: Mapped[str] = mapped_column(String(20))

    organisation: Mapped[Organisation] = relationship(back_populates="committee")
    member: Mapped[Member] = relationship()

    @property
    def post_label(self) -> str:
        return COMMITTEE_POSTS.get(self.post, self.post)
