"""Brand walls, brand detail, honours room and headline numbers.

Everything about a brand is read from the branch's microsite (the 五有 are
entered once, in the site's brand settings); this module only adds the star
rating, the honours count and published review results.  Each function runs
a fixed number of SQL statements whatever the number of branches.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from dangjian.api import (
    Court,
    Member,
    Organisation,
    Site,
    SiteHonour,
    court_hooks,
    court_sites,
    db,
    is_enabled,
    parse_int,
)

from .models import LEVELS, BranchRating, CourtHonour, Entry, Review

PLUGIN = "showcase"
LEVEL_ORDER = {key: n for n, key in enumerate(LEVELS)}


@dataclass
class BrandCard:
    branch: Organisation
    site: Site | None
    stars: int | None = None
    honours: int = 0
    award: Entry | None = None  # the latest published review placing
    stars_year: int | None = None
    stars_source: str = ""  # the module that decided the stars ("" = set by hand here)

    @property
    def court(self) -> Court:
        return self.branch.court

    @property
    def has_brand(self) -> bool:
        return bool(self.site is not None and self.site.brand_name)

    @property
    def title(self) -> str:
        return self.site.brand_name if self.site is not None and self.has_brand else self.branch.name


@dataclass
class WallFilters:
    kind: str = ""
    stars: int | None = None  # 0 = not rated

    @classmethod
    def parse(cls, kind: str | None, stars: str | None) -> WallFilters:
        from .forms import DEPARTMENT_KINDS

        kind = kind if kind in DEPARTMENT_KINDS else ""
        value = parse_int(stars, maximum=5)
        return cls(kind, value)

    def keep(self, card: BrandCard) -> bool:
        if self.kind and card.branch.department_kind != self.kind:
            return False
        return self.stars is None or (card.stars or 0) == self.stars


@dataclass
class Stars:
    stars: int | None
    year: int | None
    source: str = ""  # "" = set by hand on the stars page


def decided_stars(court, branch_ids: list[int]) -> dict | None:
    """What another module (the assessment) decides for the court's stars,
    or None where nobody does: then the hand-set ratings count."""
    answer = court_hooks(court, "dangjian_showcase_star_ratings", branch_ids=list(branch_ids))
    if not isinstance(answer, dict) or not isinstance(answer.get("stars"), dict):
        return None
    return answer


def _ratings(pairs: list[tuple[Organisation, Site | None]]) -> dict[int, Stars]:
    """Each branch's stars: a deciding module's for its court where one
    answers, else the hand-set rating (a fixed number of statements per
    court, whatever the number of branches)."""
    by_court: OrderedDict[int, tuple[Court, list[int]]] = OrderedDict()
    for branch, _ in pairs:
        by_court.setdefault(branch.court_id, (branch.court, []))[1].append(branch.id)
    found: dict[int, Stars] = {}
    hand_set: list[int] = []
    for court, ids in by_court.values():
        decided = decided_stars(court, ids)
        if decided is None:
            hand_set += ids
            continue
        for branch_id in ids:
            stars = decided["stars"].get(branch_id)
            found[branch_id] = Stars(int(stars) if stars else None, decided.get("year"), decided.get("source") or "")
    if hand_set:
        rows = db.session.execute(
            select(BranchRating.branch_id, BranchRating.stars, BranchRating.year).where(
                BranchRating.branch_id.in_(hand_set)
            )
        )
        for branch_id, stars, year in rows:
            found[branch_id] = Stars(stars, year)
    return found


def _honour_counts(branch_ids: list[int]) -> dict[int, int]:
    return {branch_id: sum(levels.values()) for branch_id, levels in honour_levels(branch_ids).items()}


def honour_levels(
    branch_ids: list[int], start: date | None = None, end: date | None = None
) -> dict[int, dict[str, int]]:
    """Published microsite honours per branch and level, in one statement;
    with ``start``/``end`` only those awarded then (an honour without a date
    cannot be placed in a period)."""
    query = (
        select(Site.branch_id, SiteHonour.level, func.count(SiteHonour.id))
        .join(SiteHonour, SiteHonour.site_id == Site.id)
        .where(Site.branch_id.in_(branch_ids or [-1]), SiteHonour.published.is_(True))
        .group_by(Site.branch_id, SiteHonour.level)
    )
    if start is not None and end is not None:
        query = query.where(SiteHonour.awarded_on.between(start, end))
    counts: dict[int, dict[str, int]] = {}
    for branch_id, level, count in db.session.execute(query):
        counts.setdefault(branch_id, {})[level] = count
    return counts


def _awards(branch_ids: list[int]) -> dict[int, Entry]:
    """Each branch's latest published placing within the award places."""
    entries = db.session.scalars(
        select(Entry)
        .join(Review, Review.id == Entry.review_id)
        .where(
            Entry.branch_id.in_(branch_ids or [-1]),
            Review.status == "published",
            Entry.rank.is_not(None),
            Entry.rank <= Review.award_places,
        )
        .options(joinedload(Entry.review))
        .order_by(Review.published_at.desc(), Entry.id)
    )
    awards: dict[int, Entry] = {}
    for entry in entries:
        awards.setdefault(entry.branch_id, entry)
    return awards


def _cards(pairs: list[tuple[Organisation, Site | None]]) -> list[BrandCard]:
    ids = [branch.id for branch, _ in pairs]
    ratings, counts, awards = _ratings(pairs), _honour_counts(ids), _awards(ids)
    none = Stars(None, None)
    cards = []
    for branch, site in pairs:
        rating = ratings.get(branch.id, none)
        cards.append(
            BrandCard(
                branch,
                site,
                rating.stars,
                counts.get(branch.id, 0),
                awards.get(branch.id),
                stars_year=rating.year,
                stars_source=rating.source,
            )
        )
    return cards


def court_wall(court, filters: WallFilters | None = None) -> list[BrandCard]:
    cards = _cards(court_sites(court))
    return [card for card in cards if filters is None or filters.keep(card)]


def showcase_courts() -> list[Court]:
    """Courts that enabled the module, 中院 first (one query per court for
    the switch, cached per request; courts are few, branches are many)."""
    courts = db.session.scalars(select(Court).order_by(Court.parent_id.is_not(None), Court.position, Court.id))
    return [court for court in courts if is_enabled(court, PLUGIN)]


def city_wall(filters: WallFilters | None = None) -> list[tuple[Court, list[BrandCard]]]:
    courts = showcase_courts()
    ids = [court.id for court in courts]
    branches = list(
        db.session.scalars(
            select(Organisation)
            .where(
                Organisation.court_id.in_(ids or [-1]),
                Organisation.kind == "branch",
                Organisation.dissolved_at.is_(None),
            )
            .options(joinedload(Organisation.court))
            .order_by(Organisation.position, Organisation.id)
        )
    )
    sites = {
        site.branch_id: site
        for site in db.session.scalars(select(Site).where(Site.branch_id.in_([b.id for b in branches] or [-1])))
    }
    cards = [card for card in _cards([(b, sites.get(b.id)) for b in branches]) if filters is None or filters.keep(card)]
    grouped: OrderedDict[int, tuple[Court, list[BrandCard]]] = OrderedDict((court.id, (court, [])) for court in courts)
    for card in cards:
        grouped[card.branch.court_id][1].append(card)
    return list(grouped.values())


def wall_branch(court, org_id: int) -> Organisation | None:
    return db.session.scalar(
        select(Organisation).where(
            Organisation.id == org_id,
            Organisation.court_id == court.id,
            Organisation.kind == "branch",
            Organisation.dissolved_at.is_(None),
        )
    )


def branch_stars(branch) -> Stars:
    """The branch's stars as the wall shows them (decided or hand-set)."""
    return _ratings([(branch, None)]).get(branch.id, Stars(None, None))


def branch_results(branch) -> list[Entry]:
    """The branch's placings in published reviews, newest first."""
    return list(
        db.session.scalars(
            select(Entry)
            .join(Review, Review.id == Entry.review_id)
            .where(Entry.branch_id == branch.id, Review.status == "published")
            .options(joinedload(Entry.review))
            .order_by(Review.published_at.desc())
        )
    )


# --- star ratings --------------------------------------------------------------


def latest_rating_year(court) -> int | None:
    return db.session.scalar(select(func.max(BranchRating.year)).where(BranchRating.court_id == court.id))


def save_ratings(court, values: dict[int, int | None], year: int | None) -> int:
    """``{branch_id: stars or None}`` for the court's branches; returns how
    many changed.  The caller audits and commits."""
    branch_ids = {branch.id for branch, _ in court_sites(court)}
    existing = {
        r.branch_id: r for r in db.session.scalars(select(BranchRating).where(BranchRating.court_id == court.id))
    }
    changed = 0
    for branch_id, stars in values.items():
        if branch_id not in branch_ids:
            continue
        row = existing.get(branch_id)
        if stars is None:
            if row is not None:
                db.session.delete(row)
                changed += 1
        elif row is None:
            db.session.add(BranchRating(court_id=court.id, branch_id=branch_id, stars=stars, year=year))
            changed += 1
        elif row.stars != stars or row.year != year:
            row.stars, row.year = stars, year
            changed += 1
    return changed


# --- honours room ----------------------------------------------------------------


@dataclass
class TimelineItem:
    title: str
    level: str
    awarding_body: str
    awarded_on: date | None
    owner: str  # the court or the branch
    branch: Organisation | None = None
    court_honour: CourtHonour | None = None

    @property
    def level_label(self) -> str:
        return LEVELS.get(self.level, self.level)


@dataclass
class TimelineYear:
    year: int | None
    items: list[TimelineItem] = field(default_factory=list)


def honour_items(court) -> list[TimelineItem]:
    """Court honours entered here and branch honours shown on the microsites
    (two queries), newest first."""
    items = [
        TimelineItem(h.title, h.level, h.awarding_body, h.awarded_on, court.display_name, court_honour=h)
        for h in db.session.scalars(select(CourtHonour).where(CourtHonour.court_id == court.id))
    ]
    rows = db.session.execute(
        select(SiteHonour, Organisation)
        .join(Site, Site.id == SiteHonour.site_id)
        .join(Organisation, Organisation.id == Site.branch_id)
        .where(Site.court_id == court.id, SiteHonour.published.is_(True), Organisation.dissolved_at.is_(None))
    )
    items += [
        TimelineItem(h.title, h.level, h.awarding_body, h.awarded_on, branch.name, branch=branch) for h, branch in rows
    ]
    items.sort(
        key=lambda i: (i.awarded_on is not None, i.awarded_on or date.min, -LEVEL_ORDER.get(i.level, 99)), reverse=True
    )
    return items


def honours_timeline(court, level: str = "", year: int | None = None) -> tuple[list[TimelineYear], list[int]]:
    items = honour_items(court)
    years = sorted({i.awarded_on.year for i in items if i.awarded_on}, reverse=True)
    grouped: OrderedDict = OrderedDict()
    for item in items:
        if level and item.level != level:
            continue
        item_year = item.awarded_on.year if item.awarded_on else None
        if year is not None and item_year != year:
            continue
        grouped.setdefault(item_year, TimelineYear(item_year)).items.append(item)
    return list(grouped.values()), years


def save_court_honour(court, honour: CourtHonour | None, values: dict) -> CourtHonour:
    if honour is None:
        honour = CourtHonour(court_id=court.id)
        db.session.add(honour)
    honour.title = values["title"].strip()[:120]
    honour.level = values["level"] if values["level"] in LEVELS else "other"
    honour.awarding_body = (values.get("awarding_body") or "").strip()[:120]
    honour.awarded_on = values.get("awarded_on")
    db.session.flush()
    return honour


# --- headline numbers (the host's own, through this module's hook) ----------------


def host_numbers(court) -> list[dict]:
    branches = db.session.scalar(
        select(func.count(Organisation.id)).where(
            Organisation.court_id == court.id, Organisation.kind == "branch", Organisation.dissolved_at.is_(None)
        )
    )
    members = db.session.scalar(
        select(func.count(Member.id)).where(Member.court_id == court.id, Member.left_on.is_(None))
    )
    brands = db.session.scalar(
        select(func.count(Site.id))
        .join(Organisation, Organisation.id == Site.branch_id)
        .where(Site.court_id == court.id, Site.brand_name != "", Organisation.dissolved_at.is_(None))
    )
    honours = len(honour_items(court))
    return [
        {"label": "党支部", "value": branches or 0, "unit": "个", "order": 10},
        {"label": "党员", "value": members or 0, "unit": "名", "order": 20},
        {"label": "支部品牌", "value": brands or 0, "unit": "个", "order": 30},
        {"label": "荣誉", "value": honours, "unit": "项", "order": 40},
    ]
