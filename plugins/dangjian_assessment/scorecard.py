"""Read-only computations of the yearly cycle: a branch's scoring sheet
(items by aspect with their evidence), star levels, ranks and the court's
league table.  Nothing here changes a row; each function runs a fixed number
of SQL statements whatever the number of branches or items."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from dangjian.api import Organisation, StoredFile, db

from . import scoring
from .models import (
    DEDUCTION,
    ENTRY_DRAFT,
    INDICATOR,
    MANUAL,
    NOTICE,
    OPEN,
    PUBLISHED,
    REVIEWING,
    Aspect,
    Assessment,
    BranchEntry,
    Item,
    ItemScore,
    ItemScoreFile,
    Standard,
)

STATUS_LABELS = {OPEN: "支部自评", REVIEWING: "评审", NOTICE: "公示", PUBLISHED: "已发布"}
ENTRY_LABELS = {ENTRY_DRAFT: "自评中", "submitted": "已提交自评", "reviewed": "已评审"}
STAR_LABELS = {5: "五星级", 4: "四星级", 3: "三星级", 2: "二星级", 1: "一星级"}
STEPS = (OPEN, REVIEWING, NOTICE, PUBLISHED)

# DOMAIN.md: ≥ 90 points and an innovation project → 5★, 80–89 4★, 70–79 3★,
# 60–69 2★, below 1★ (of a 100-point standard; other totals scale).
DEFAULT_THRESHOLDS: dict[str, dict] = {
    "5": {"min": 90.0, "innovation": True},
    "4": {"min": 80.0},
    "3": {"min": 70.0},
    "2": {"min": 60.0},
}
MAX_POINTS = Decimal("99999.99")  # the column holds 7 digits, 2 after the point


class PointsError(ValueError):
    """A typed score that is not a score; the message is for the user."""


def parse_points(raw, maximum: float, *, what: str = "分值") -> float | None:
    """Points as typed: blank is ``None``; two decimals at most, 0 to
    ``maximum``; anything else (negative, NaN, 1e3, text) → PointsError."""
    text = (raw or "").strip() if isinstance(raw, str) else ""
    if not text:
        return None
    text = text.replace("，", ".").replace("。", ".")
    if text.startswith("-"):
        raise PointsError(f"{what}不能为负数。")
    if not all(ch.isascii() and (ch.isdigit() or ch == ".") for ch in text) or text.count(".") > 1 or text == ".":
        raise PointsError(f"{what}应为数字，如 4 或 4.5。")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise PointsError(f"{what}应为数字，如 4 或 4.5。") from None
    if not value.is_finite() or value > MAX_POINTS:
        raise PointsError(f"{what}超出范围。")
    if value != value.quantize(Decimal("0.01")):
        raise PointsError(f"{what}最多保留两位小数。")
    if float(value) > float(maximum) + 1e-9:
        raise PointsError(f"{what}不能超过本项满分 {points_text(maximum)} 分。")
    return float(value)


def parse_occurrences(raw) -> int | None:
    text = (raw or "").strip() if isinstance(raw, str) else ""
    if not text:
        return None
    if text.startswith("-"):
        raise PointsError("次数不能为负数。")
    if not (text.isascii() and text.isdigit()) or len(text) > 4:
        raise PointsError("次数应为 0 至 9999 的整数。")
    return int(text)


def points_text(value) -> str:
    """4.0 → "4", 4.50 → "4.5": points as people write them."""
    if value is None:
        return "—"
    number = round(float(value), 2)
    if math.isclose(number, round(number)):
        return str(round(number))
    return f"{number:.2f}".rstrip("0").rstrip(".")


# --- stars and ranks -----------------------------------------------------------


def thresholds_of(assessment: Assessment) -> dict[str, dict]:
    return assessment.star_thresholds or DEFAULT_THRESHOLDS


def star_level(total: float | None, innovation: str, thresholds: dict[str, dict]) -> int:
    """The highest level whose minimum ``total`` reaches (5★ also needs an
    innovation project where the thresholds say so); 1★ below every one."""
    points = float(total or 0)
    for level in (5, 4, 3, 2):
        rule = thresholds.get(str(level))
        if not rule:
            continue
        if points + 1e-9 >= float(rule["min"]) and (not rule.get("innovation") or (innovation or "").strip()):
            return level
    return 1


def competition_ranks(totals: dict[int, float]) -> dict[int, int]:
    """1, 1, 3: equal totals share a rank, the next one skips."""
    ordered = sorted(totals.items(), key=lambda pair: -pair[1])
    ranks: dict[int, int] = {}
    previous, rank = None, 0
    for position, (key, value) in enumerate(ordered, start=1):
        if previous is None or not math.isclose(value, previous):
            rank, previous = position, value
        ranks[key] = rank
    return ranks


def final_points(score: ItemScore) -> float:
    """What counts: the review score where given, else the self-score."""
    if score.review_points is not None:
        return float(score.review_points)
    return float(score.self_points or 0)


# --- the scoring sheet -----------------------------------------------------------


@dataclass
class Row:
    """One item of a branch's sheet, with how its points are reached."""

    item: Item
    score: ItemScore
    files: list[StoredFile] = field(default_factory=list)
    value: float | None = None  # the indicator's value (automatic items)
    unit: str = ""
    label: str = ""  # the indicator's name
    links: tuple[tuple[str, str], ...] = ()
    auto_points: float | None = None  # the points the indicator maps to
    fallback: str = ""  # why an automatic item is scored by hand

    @property
    def automatic(self) -> bool:
        return self.auto_points is not None

    @property
    def takes_points(self) -> bool:
        """The branch types points: manual items and automatic ones without evidence."""
        return self.item.method != DEDUCTION and not self.automatic

    @property
    def takes_occurrences(self) -> bool:
        return self.item.method == DEDUCTION and not self.automatic

    @property
    def final(self) -> float:
        return final_points(self.score)

    @property
    def differs(self) -> bool:
        s = self.score
        return s.review_points is not None and not math.isclose(float(s.review_points), float(s.self_points or 0))


@dataclass
class Block:
    aspect: Aspect
    rows: list[Row]

    @property
    def maximum(self) -> float:
        return round(sum(float(r.item.points) for r in self.rows), 2)

    @property
    def self_total(self) -> float:
        return round(sum(float(r.score.self_points or 0) for r in self.rows), 2)

    @property
    def final_total(self) -> float:
        return round(sum(r.final for r in self.rows), 2)


@dataclass
class Sheet:
    assessment: Assessment
    entry: BranchEntry
    blocks: list[Block]

    @property
    def rows(self) -> list[Row]:
        return [row for block in self.blocks for row in block.rows]

    @property
    def self_total(self) -> float:
        return round(sum(b.self_total for b in self.blocks), 2)

    @property
    def final_total(self) -> float:
        return round(sum(b.final_total for b in self.blocks), 2)


def standard_aspects(standard_id: int) -> list[Aspect]:
    """The standard's aspects with their items (two statements)."""
    return list(
        db.session.scalars(
            select(Aspect)
            .where(Aspect.standard_id == standard_id)
            .options(selectinload(Aspect.items))
            .order_by(Aspect.position, Aspect.id)
        )
    )


def evidence(court, assessment: Assessment, branch_ids: list[int]):
    """(indicator types of the enabled modules, values for the period)."""
    types = scoring.indicator_types(court)
    values = scoring.indicator_values(court, assessment.period_start, assessment.period_end, branch_ids)
    return types, values


def evaluate(item: Item, branch_id: int, types, values) -> dict:
    """What the modules say about ``item`` for the branch now: the value,
    its points and links, or why a person scores it instead."""
    found: dict = {"value": None, "unit": "", "label": "", "links": (), "auto_points": None, "fallback": ""}
    if item.method == MANUAL or not item.indicator_key:
        return found
    kind = types.get(item.indicator_key)
    indicator = values.get((branch_id, item.indicator_key))
    if kind is None:
        found["fallback"] = "该指标所属模块未在本院启用，本项改为人工评分。"
        return found
    found["label"], found["unit"] = kind.label, kind.unit
    if indicator is None or indicator.value is None:
        found["fallback"] = "本期没有该指标的数据，本项改为人工评分。"
        return found
    found["value"], found["links"] = float(indicator.value), tuple(indicator.links)
    if item.method == INDICATOR:
        found["auto_points"] = scoring.item_points(item, value=found["value"])
    else:
        found["auto_points"] = scoring.item_points(item, occurrences=max(int(found["value"]), 0))
    return found


def build_sheet(court, assessment: Assessment, entry: BranchEntry) -> Sheet:
    """The branch's sheet.  A draft shows what the modules say now; once
    submitted, the values recorded at submission (the links stay live)."""
    aspects = standard_aspects(assessment.standard_id)
    scores = {s.item_id: s for s in db.session.scalars(select(ItemScore).where(ItemScore.entry_id == entry.id))}
    files: dict[int, list[StoredFile]] = {}
    rows = db.session.execute(
        select(ItemScoreFile.score_id, StoredFile)
        .join(StoredFile, StoredFile.id == ItemScoreFile.file_id)
        .join(ItemScore, ItemScore.id == ItemScoreFile.score_id)
        .where(ItemScore.entry_id == entry.id)
        .order_by(ItemScoreFile.id)
    )
    for score_id, stored in rows:
        files.setdefault(score_id, []).append(stored)
    types, values = evidence(court, assessment, [entry.branch_id])
    live = entry.status == ENTRY_DRAFT
    blocks = []
    for aspect in aspects:
        block_rows = []
        for item in aspect.items:
            score = scores.get(item.id) or ItemScore(entry_id=entry.id, item_id=item.id, self_note="", review_note="")
            found = evaluate(item, entry.branch_id, types, values)
            if not live:
                found = recorded(item, score, found)
            block_rows.append(Row(item, score, files.get(score.id, []) if score.id else [], **found))
        blocks.append(Block(aspect, block_rows))
    return Sheet(assessment, entry, blocks)


def recorded(item: Item, score: ItemScore, live: dict) -> dict:
    """A submitted item as it was scored: the recorded value decides."""
    found = dict(live)
    if score.indicator_value is None:
        found.update(value=None, auto_points=None)
        if item.method != MANUAL and item.indicator_key and not found["fallback"]:
            found["fallback"] = "提交时没有该指标的数据，本项为人工评分。"
        return found
    found["value"], found["fallback"] = float(score.indicator_value), ""
    if item.method == INDICATOR:
        found["auto_points"] = scoring.item_points(item, value=score.indicator_value)
    else:
        found["auto_points"] = scoring.item_points(item, occurrences=score.occurrences or 0)
    return found


# --- the court's tables ------------------------------------------------------------


def entries(assessment: Assessment, within: set[int] | None = None) -> list[BranchEntry]:
    """The assessment's entries with their branches, ranked first once
    finalised, else in the branches' order (one statement)."""
    query = (
        select(BranchEntry)
        .join(Organisation, Organisation.id == BranchEntry.branch_id)
        .where(BranchEntry.assessment_id == assessment.id)
        .options(joinedload(BranchEntry.branch))
        .order_by(BranchEntry.rank.is_(None), BranchEntry.rank, Organisation.position, Organisation.id)
    )
    if within is not None:
        query = query.where(BranchEntry.branch_id.in_(within or {-1}))
    return list(db.session.scalars(query))


def has_results(assessment: Assessment) -> bool:
    return assessment.status in (NOTICE, PUBLISHED)


def league(assessment: Assessment) -> list[BranchEntry]:
    return entries(assessment)


def branch_history(court, branch_id: int, published_only: bool) -> list[tuple[Assessment, BranchEntry, int]]:
    """The branch's entries across assessments, newest first, with the
    standard's year (one statement)."""
    query = (
        select(Assessment, BranchEntry, Standard.year)
        .join(BranchEntry, BranchEntry.assessment_id == Assessment.id)
        .join(Standard, Standard.id == Assessment.standard_id)
        .where(Assessment.court_id == court.id, BranchEntry.branch_id == branch_id)
        .order_by(Assessment.period_end.desc(), Assessment.id.desc())
    )
    if published_only:
        query = query.where(Assessment.status == PUBLISHED)
    return [(a, e, year) for a, e, year in db.session.execute(query)]


def latest_published(court) -> tuple[Assessment, int] | None:
    """The court's latest published assessment and its standard's year."""
    row = db.session.execute(
        select(Assessment, Standard.year)
        .join(Standard, Standard.id == Assessment.standard_id)
        .where(Assessment.court_id == court.id, Assessment.status == PUBLISHED)
        .order_by(Assessment.period_end.desc(), Assessment.published_at.desc(), Assessment.id.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else None


def published_stars(court, branch_ids: list[int]) -> dict | None:
    """The stars of the court's latest published assessment for the brand
    wall (two statements), or ``None`` before any is published."""
    latest = latest_published(court)
    if latest is None:
        return None
    assessment, year = latest
    rows = db.session.execute(
        select(BranchEntry.branch_id, BranchEntry.stars).where(
            BranchEntry.assessment_id == assessment.id, BranchEntry.branch_id.in_(list(branch_ids) or [-1])
        )
    )
    return {
        "source": "党建考评",
        "title": assessment.title,
        "year": year,
        "stars": {branch_id: stars for branch_id, stars in rows if stars},
    }
