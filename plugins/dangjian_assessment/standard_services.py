"""The standard (考评标准): a court's aspects and items for a year, made
empty or as a copy of the previous year, edited until that year's
assessment opens (then FROZEN), published by the intermediate court for
the city and adopted as a copy by the courts below.  Services check
everything first, then change rows, flush and audit; the view commits."""

from __future__ import annotations

import copy

from sqlalchemy import func, select

from dangjian.api import audit, db

from .models import DRAFT, FROZEN, Aspect, Item, Standard
from .scorecard import points_text, standard_aspects
from .standard_items import StandardRefused, parse_item, parse_total

FROZEN_MESSAGE = "该年度考评已开启，考评标准已冻结，如需调整请编辑下一年度的标准"
MIN_YEAR, MAX_YEAR = 2000, 2100
DEFAULT_TOTAL = 100
MAX_TITLE, MAX_ASPECT, MAX_DESCRIPTION = 120, 60, 1000

AUDIT_ACTIONS = {
    "assessment.standard_created": "制定考评标准",
    "assessment.standard_copied": "复制考评标准",
    "assessment.standard_edited": "修改考评标准名称或满分",
    "assessment.standard_published": "向全市发布考评标准",
    "assessment.standard_unpublished": "取消向全市发布考评标准",
    "assessment.standard_adopted": "采用中院发布的考评标准",
    "assessment.aspect_added": "添加考评方面",
    "assessment.aspect_edited": "修改考评方面",
    "assessment.aspect_deleted": "删除考评方面",
    "assessment.aspect_moved": "调整考评方面顺序",
    "assessment.item_added": "添加考评项目",
    "assessment.item_edited": "修改考评项目",
    "assessment.item_deleted": "删除考评项目",
    "assessment.item_moved": "调整考评项目顺序",
}


def ensure_editable(standard: Standard) -> None:
    if standard.status == FROZEN:
        raise StandardRefused(FROZEN_MESSAGE + "。")


def default_title(year: int) -> str:
    return f"{year}年度党支部党建工作考评标准"


def parse_year(raw) -> int:
    text = str(raw or "").strip()
    if not (text.isascii() and text.isdigit()) or not MIN_YEAR <= int(text) <= MAX_YEAR:
        raise StandardRefused(f"年度应为 {MIN_YEAR} 至 {MAX_YEAR} 之间的年份。", field="year")
    return int(text)


def of_year(court_id: int, year: int) -> Standard | None:
    return db.session.scalar(select(Standard).where(Standard.court_id == court_id, Standard.year == year))


def summaries(standard_ids: list[int]) -> dict[int, tuple[int, float]]:
    """``{standard_id: (items, their points)}`` in one statement."""
    rows = db.session.execute(
        select(Item.standard_id, func.count(Item.id), func.coalesce(func.sum(Item.points), 0))
        .where(Item.standard_id.in_(standard_ids or [-1]))
        .group_by(Item.standard_id)
    )
    return {standard_id: (count, round(float(total), 2)) for standard_id, count, total in rows}


# --- standards ---------------------------------------------------------------------


def create(court, raw_year, copy_previous: bool, user) -> Standard:
    """A year's standard: empty (100 points), or a copy of the previous year's."""
    year = parse_year(raw_year)
    _ensure_free(court, year)
    if copy_previous:
        source = of_year(court.id, year - 1)
        if source is None:
            raise StandardRefused(f"本院没有 {year - 1} 年度的考评标准可以复制：请选择“空白标准”。", field="mode")
        return copy_to(court, source, year, user)
    standard = Standard(
        court_id=court.id, year=year, title=default_title(year), total_points=DEFAULT_TOTAL, status=DRAFT
    )
    db.session.add(standard)
    db.session.flush()
    audit("assessment.standard_created", f"制定 {year} 年度考评标准（空白）", target=standard, court=court, user=user)
    return standard


def _ensure_free(court, year: int) -> None:
    if of_year(court.id, year) is not None:
        raise StandardRefused(f"本院已有 {year} 年度的考评标准，请直接编辑。", field="year")


def copy_to(court, source: Standard, year: int, user) -> Standard:
    """A deep copy of ``source`` (the court's own) as the court's standard
    for ``year``; the source, frozen or not, is untouched."""
    _ensure_free(court, year)
    standard = _clone(source, court.id, year)
    audit(
        "assessment.standard_copied",
        f"复制 {source.year} 年度考评标准为 {year} 年度标准",
        target=standard,
        court=court,
        user=user,
    )
    return standard


def copy_to_next_year(court, source: Standard, user) -> Standard:
    if source.year + 1 > MAX_YEAR:
        raise StandardRefused(f"年度应为 {MIN_YEAR} 至 {MAX_YEAR} 之间的年份。")
    return copy_to(court, source, source.year + 1, user)


def _clone(source: Standard, court_id: int, year: int, adopted_from_id: int | None = None) -> Standard:
    title = source.title.replace(str(source.year), str(year)) if str(source.year) in source.title else source.title
    standard = Standard(
        court_id=court_id,
        year=year,
        title=title,
        total_points=source.total_points,
        status=DRAFT,
        published_for_city=False,
        adopted_from_id=adopted_from_id,
    )
    db.session.add(standard)
    db.session.flush()
    for aspect in standard_aspects(source.id):
        new = Aspect(
            standard_id=standard.id, position=aspect.position, name=aspect.name, description=aspect.description
        )
        new.items = [
            Item(
                standard_id=standard.id,
                position=item.position,
                text=item.text,
                points=item.points,
                method=item.method,
                indicator_key=item.indicator_key,
                mapping=copy.deepcopy(item.mapping),
                deduction_per=item.deduction_per,
                evidence_expected=item.evidence_expected,
            )
            for item in aspect.items
        ]
        db.session.add(new)
    db.session.flush()
    return standard


def update(court, standard: Standard, values, user) -> None:
    """The title and the full marks."""
    ensure_editable(standard)
    title = (values.get("title") or "").strip()
    errors: dict[str | None, list[str]] = {}
    if not title:
        errors["title"] = ["请填写标准名称。"]
    elif len(title) > MAX_TITLE:
        errors["title"] = [f"标准名称不超过 {MAX_TITLE} 个字。"]
    largest = max((float(i.points) for a in standard_aspects(standard.id) for i in a.items), default=0.0)
    try:
        total = parse_total(values.get("total_points"), largest)
    except StandardRefused as refusal:
        errors.update(refusal.errors)
    if errors:
        raise StandardRefused(errors=errors)
    before = (standard.title, points_text(standard.total_points))
    standard.title, standard.total_points = title, total
    db.session.flush()
    audit(
        "assessment.standard_edited",
        f"{standard.year} 年度考评标准：{before[0]}（满分 {before[1]}）→ {title}（满分 {points_text(total)}）",
        target=standard,
        court=court,
        user=user,
    )


def set_published(court, standard: Standard, published: bool, user) -> None:
    """The intermediate court offers (or withdraws) its standard to the
    courts below; copies already adopted stay as they are."""
    if court.parent_id is not None:
        raise StandardRefused("只有中级人民法院可以向全市发布考评标准。")
    if published:
        aspects = standard_aspects(standard.id)
        items_total = round(sum(float(i.points) for a in aspects for i in a.items), 2)
        if not aspects or abs(items_total - float(standard.total_points)) > 0.005:
            raise StandardRefused(
                f"各项分值合计 {points_text(items_total)} 分，与满分 {points_text(standard.total_points)} 分"
                "不一致：合计等于满分后才能向全市发布。"
            )
    if standard.published_for_city == published:
        return
    standard.published_for_city = published
    db.session.flush()
    action = "assessment.standard_published" if published else "assessment.standard_unpublished"
    audit(action, f"{AUDIT_ACTIONS[action]}：{standard.title}", target=standard, court=court, user=user)


def city_standards(court) -> list[Standard]:
    """The standards the court above publishes for the city, newest first."""
    if court.parent_id is None:
        return []
    return list(
        db.session.scalars(
            select(Standard)
            .where(Standard.court_id == court.parent_id, Standard.published_for_city.is_(True))
            .order_by(Standard.year.desc())
        )
    )


def city_standard(court, standard_id: int) -> Standard | None:
    if court.parent_id is None:
        return None
    return db.session.scalar(
        select(Standard).where(
            Standard.id == standard_id,
            Standard.court_id == court.parent_id,
            Standard.published_for_city.is_(True),
        )
    )


def adopt(court, source: Standard, user) -> Standard:
    """The basic court's own copy of the city's standard for that year."""
    if court.parent_id is None or source.court_id != court.parent_id or not source.published_for_city:
        raise StandardRefused("只能采用上级中院向全市发布的考评标准。")
    if of_year(court.id, source.year) is not None:
        raise StandardRefused(
            f"本院已有 {source.year} 年度的考评标准，不能再采用中院的标准；如需调整，请直接编辑本院的标准。"
        )
    standard = _clone(source, court.id, source.year, adopted_from_id=source.id)
    audit(
        "assessment.standard_adopted",
        f"采用中院发布的“{source.title}”作为本院 {source.year} 年度考评标准",
        target=standard,
        court=court,
        user=user,
    )
    return standard


# --- aspects -----------------------------------------------------------------------


def _aspect_values(values) -> tuple[str, str]:
    name = (values.get("name") or "").strip()
    description = (values.get("description") or "").strip()
    errors: dict[str | None, list[str]] = {}
    if not name:
        errors["name"] = ["请填写方面名称。"]
    elif len(name) > MAX_ASPECT:
        errors["name"] = [f"方面名称不超过 {MAX_ASPECT} 个字。"]
    if len(description) > MAX_DESCRIPTION:
        errors["description"] = [f"说明不超过 {MAX_DESCRIPTION} 个字。"]
    if errors:
        raise StandardRefused(errors=errors)
    return name, description


def add_aspect(court, standard: Standard, values, user) -> Aspect:
    ensure_editable(standard)
    name, description = _aspect_values(values)
    last = db.session.scalar(select(func.max(Aspect.position)).where(Aspect.standard_id == standard.id)) or 0
    aspect = Aspect(standard_id=standard.id, position=last + 1, name=name, description=description)
    db.session.add(aspect)
    db.session.flush()
    audit(
        "assessment.aspect_added",
        f"{standard.year} 年度考评标准添加方面“{name}”",
        target=aspect,
        court=court,
        user=user,
    )
    return aspect


def update_aspect(court, standard: Standard, aspect: Aspect, values, user) -> None:
    ensure_editable(standard)
    name, description = _aspect_values(values)
    before = aspect.name
    aspect.name, aspect.description = name, description
    db.session.flush()
    audit(
        "assessment.aspect_edited",
        f"{standard.year} 年度考评标准修改方面“{before}”" + (f"为“{name}”" if name != before else ""),
        target=aspect,
        court=court,
        user=user,
    )


def delete_aspect(court, standard: Standard, aspect: Aspect, user) -> None:
    ensure_editable(standard)
    name, count = aspect.name, len(aspect.items)
    db.session.delete(aspect)
    db.session.flush()
    _renumber(_aspects(standard))
    audit(
        "assessment.aspect_deleted",
        f"{standard.year} 年度考评标准删除方面“{name}”（含 {count} 个项目）",
        target=standard,
        court=court,
        user=user,
    )


def move_aspect(court, standard: Standard, aspect: Aspect, direction: str, user) -> None:
    ensure_editable(standard)
    _move(_aspects(standard), aspect, direction, "方面")
    audit(
        "assessment.aspect_moved",
        f"{standard.year} 年度考评标准：方面“{aspect.name}”{'上移' if direction == 'up' else '下移'}",
        target=aspect,
        court=court,
        user=user,
    )


def _aspects(standard: Standard) -> list[Aspect]:
    return list(
        db.session.scalars(select(Aspect).where(Aspect.standard_id == standard.id).order_by(Aspect.position, Aspect.id))
    )


def _items(aspect_id: int) -> list[Item]:
    return list(db.session.scalars(select(Item).where(Item.aspect_id == aspect_id).order_by(Item.position, Item.id)))


def _renumber(rows) -> None:
    for position, row in enumerate(rows, start=1):
        row.position = position
    db.session.flush()


def _move(rows, target, direction: str, what: str) -> None:
    if direction not in ("up", "down"):
        raise StandardRefused("请选择上移或下移。")
    index = rows.index(target)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(rows):
        raise StandardRefused(f"已经是第一个{what}。" if direction == "up" else f"已经是最后一个{what}。")
    rows[index], rows[other] = rows[other], rows[index]
    _renumber(rows)


# --- items -------------------------------------------------------------------------


def _aspect_in(standard: Standard, raw) -> Aspect:
    aspect = next((a for a in _aspects(standard) if str(a.id) == str(raw or "").strip()), None)
    if aspect is None:
        raise StandardRefused("请选择项目所属的方面。", field="aspect_id")
    return aspect


def add_item(court, standard: Standard, values, user) -> Item:
    ensure_editable(standard)
    aspect = _aspect_in(standard, values.get("aspect_id"))
    columns = parse_item(court, float(standard.total_points), values)
    last = db.session.scalar(select(func.max(Item.position)).where(Item.aspect_id == aspect.id)) or 0
    item = Item(standard_id=standard.id, aspect_id=aspect.id, position=last + 1, **columns)
    db.session.add(item)
    db.session.flush()
    audit(
        "assessment.item_added",
        f"{standard.year} 年度考评标准“{aspect.name}”添加项目（{points_text(item.points)} 分）：{item.text[:60]}",
        target=item,
        court=court,
        user=user,
    )
    return item


def update_item(court, standard: Standard, item: Item, values, user) -> None:
    ensure_editable(standard)
    aspect = _aspect_in(standard, values.get("aspect_id"))
    columns = parse_item(court, float(standard.total_points), values, current=item)
    before = points_text(item.points)
    old_aspect = item.aspect_id
    for name, value in columns.items():
        setattr(item, name, value)
    if aspect.id != old_aspect:
        last = db.session.scalar(select(func.max(Item.position)).where(Item.aspect_id == aspect.id)) or 0
        item.aspect_id, item.position = aspect.id, last + 1
        db.session.flush()
        _renumber(_items(old_aspect))
    db.session.flush()
    audit(
        "assessment.item_edited",
        f"{standard.year} 年度考评标准修改项目（{before} → {points_text(item.points)} 分）：{item.text[:60]}",
        target=item,
        court=court,
        user=user,
    )


def delete_item(court, standard: Standard, item: Item, user) -> None:
    ensure_editable(standard)
    aspect_id, text, points = item.aspect_id, item.text, item.points
    db.session.delete(item)
    db.session.flush()
    _renumber(_items(aspect_id))
    audit(
        "assessment.item_deleted",
        f"{standard.year} 年度考评标准删除项目（{points_text(points)} 分）：{text[:60]}",
        target=standard,
        court=court,
        user=user,
    )


def move_item(court, standard: Standard, item: Item, direction: str, user) -> None:
    ensure_editable(standard)
    _move(_items(item.aspect_id), item, direction, "项目")
    audit(
        "assessment.item_moved",
        f"{standard.year} 年度考评标准：项目{'上移' if direction == 'up' else '下移'}：{item.text[:60]}",
        target=item,
        court=court,
        user=user,
    )
