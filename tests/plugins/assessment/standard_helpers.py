"""Helpers of the standard editor's tests: its URLs, an item as the form
posts it, and the rows as they are in the database."""

from __future__ import annotations

from sqlalchemy import func, select

from dangjian.db import db
from dangjian_assessment.models import Aspect, Item, Standard


def url(standard, rest: str = "", court_slug: str = "zy") -> str:
    return f"/{court_slug}/assessment/standards/{standard.id}{rest}"


def item_form(aspect, **overrides) -> dict:
    """A manual item of 5 points; ``overrides`` change any field."""
    data = {
        "aspect_id": str(aspect.id),
        "text": "按期召开支委会",
        "points": "5",
        "method": "manual",
        "indicator_key": "",
        "mapping_kind": "thresholds",
        "deduction_per": "",
        "evidence_expected": "会议记录",
    }
    data.update(overrides)
    return data


def fresh(model, row_id):
    db.session.expire_all()
    return db.session.get(model, row_id)


def snapshot(standard_id: int) -> list[tuple]:
    """Everything the standard holds, to compare before and after."""
    db.session.expire_all()
    standard = db.session.get(Standard, standard_id)
    aspects = db.session.scalars(
        select(Aspect).where(Aspect.standard_id == standard_id).order_by(Aspect.position, Aspect.id)
    )
    rows: list[tuple] = [(standard.title, float(standard.total_points), standard.status)]
    for aspect in aspects:
        rows.append((aspect.id, aspect.position, aspect.name, aspect.description))
        for item in db.session.scalars(select(Item).where(Item.aspect_id == aspect.id).order_by(Item.position)):
            rows.append(
                (
                    item.id,
                    item.position,
                    item.text,
                    float(item.points),
                    item.method,
                    item.indicator_key,
                    item.mapping,
                    item.deduction_per,
                    item.evidence_expected,
                )
            )
    return rows


def item_count(standard_id: int | None = None) -> int:
    query = select(func.count(Item.id))
    if standard_id is not None:
        query = query.where(Item.standard_id == standard_id)
    return db.session.scalar(query) or 0


def aspects_of(standard) -> list[Aspect]:
    db.session.expire_all()
    return list(db.session.scalars(select(Aspect).where(Aspect.standard_id == standard.id).order_by(Aspect.position)))


def items_in(aspect) -> list[Item]:
    db.session.expire_all()
    return list(db.session.scalars(select(Item).where(Item.aspect_id == aspect.id).order_by(Item.position)))
