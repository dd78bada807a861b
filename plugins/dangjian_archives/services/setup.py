"""Per-court defaults, created once when the module is first used."""

from __future__ import annotations

from sqlalchemy import select

from dangjian.api import active_branches, db

from .. import defaults
from ..models import DocumentCategory, MeetingType


def ensure_defaults(court) -> bool:
    """Add the default meeting types and categories a court lacks; returns
    whether anything was added (the caller commits)."""
    added = False
    have = set(db.session.scalars(select(MeetingType.code).where(MeetingType.court_id == court.id)))
    for position, (code, name, frequency) in enumerate(defaults.MEETING_TYPES):
        if code not in have:
            db.session.add(
                MeetingType(
                    court_id=court.id,
                    code=code,
                    name=name,
                    frequency=frequency,
                    elements=defaults.default_elements(code),
                    custom_elements=[],
                    position=position,
                )
            )
            added = True
    has_categories = db.session.scalar(
        select(DocumentCategory.id).where(DocumentCategory.court_id == court.id).limit(1)
    )
    if has_categories is None:
        for position, (name, years) in enumerate(defaults.CATEGORIES):
            db.session.add(DocumentCategory(court_id=court.id, name=name, retention_years=years, position=position))
        added = True
    if added:
        db.session.flush()
    return added


def meeting_types(court) -> list[MeetingType]:
    return list(
        db.session.scalars(
            select(MeetingType).where(MeetingType.court_id == court.id).order_by(MeetingType.position, MeetingType.id)
        )
    )


def type_by_code(court, code: str) -> MeetingType | None:
    return db.session.scalar(select(MeetingType).where(MeetingType.court_id == court.id, MeetingType.code == code))


def categories(court) -> list[DocumentCategory]:
    return list(
        db.session.scalars(
            select(DocumentCategory)
            .where(DocumentCategory.court_id == court.id)
            .order_by(DocumentCategory.position, DocumentCategory.id)
        )
    )


# Active branches of the court (within ``scope`` when given): the host's.
branches = active_branches
