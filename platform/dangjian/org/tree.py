"""Reading a court's party organisation tree: the whole tree with member
counts, secretaries and DOMAIN-rule warnings in three queries, and the
smaller lookups the detail pages need."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import contains_eager

from ..db import db
from ..members.models import Member
from .models import ALLOWED_PARENTS, COMMITTEE_POSTS, CommitteeSeat, Organisation

# DOMAIN.md: a branch needs 3+ full members, has a committee from 7, and
# normally stays at or below 50.
COMMITTEE_TITLES = {"committee": "机关党委委员会", "general_branch": "总支委员会", "branch": "支部委员会"}

BRANCH_MIN_FULL_MEMBERS = 3
BRANCH_COMMITTEE_FROM = 7
BRANCH_MAX_MEMBERS = 50


@dataclass
class TreeNode:
    org: Organisation
    children: list[TreeNode] = field(default_factory=list)
    members: int = 0  # direct members: by branch_id, or by group_id for a group
    full_members: int = 0
    total_members: int = 0  # members of this organisation and everything below
    secretary: str | None = None
    seats: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class Tree:
    roots: list[TreeNode]
    nodes: dict[int, TreeNode]

    @property
    def branches(self) -> list[TreeNode]:
        return [n for n in self.nodes.values() if n.org.kind == "branch" and n.org.active]

    @property
    def member_total(self) -> int:
        return sum(n.total_members for n in self.roots if n.org.active)

    @property
    def warning_total(self) -> int:
        return sum(len(n.warnings) for n in self.nodes.values())


def court_orgs(court, include_dissolved: bool = True) -> list[Organisation]:
    query = select(Organisation).where(Organisation.court_id == court.id)
    if not include_dissolved:
        query = query.where(Organisation.dissolved_at.is_(None))
    return list(db.session.scalars(query.order_by(Organisation.position, Organisation.id)))


def _member_counts(court) -> tuple[dict, dict, dict]:
    """Direct, full-member and party-group counts in one grouped query."""
    rows = db.session.execute(
        select(Member.branch_id, Member.group_id, Member.status, func.count(Member.id))
        .where(Member.court_id == court.id, Member.left_on.is_(None))
        .group_by(Member.branch_id, Member.group_id, Member.status)
    ).all()
    by_branch: defaultdict[int, int] = defaultdict(int)
    full_by_branch: defaultdict[int, int] = defaultdict(int)
    by_group: defaultdict[int, int] = defaultdict(int)
    for branch_id, group_id, status, count in rows:
        by_branch[branch_id] += count
        if status == "full":
            full_by_branch[branch_id] += count
        if group_id is not None:
            by_group[group_id] += count
    return by_branch, full_by_branch, by_group


def _seats(court) -> dict[int, list[tuple[str, str]]]:
    rows = db.session.execute(
        select(CommitteeSeat.organisation_id, CommitteeSeat.post, Member.name)
        .join(Member, Member.id == CommitteeSeat.member_id)
        .join(Organisation, Organisation.id == CommitteeSeat.organisation_id)
        .where(Organisation.court_id == court.id)
        .order_by(CommitteeSeat.id)
    ).all()
    seats: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for organisation_id, post, name in rows:
        seats[organisation_id].append((post, name))
    return seats


def branch_warnings(members: int, full_members: int, seats: int) -> list[str]:
    warnings = []
    if full_members < BRANCH_MIN_FULL_MEMBERS:
        warnings.append(
            f"正式党员不足 {BRANCH_MIN_FULL_MEMBERS} 名（现有 {full_members} 名），不具备单独成立党支部的条件"
        )
    if members >= BRANCH_COMMITTEE_FROM and seats == 0:
        warnings.append(f"党员已达 {members} 名（7 名以上），应设立支部委员会")
    if members > BRANCH_MAX_MEMBERS:
        warnings.append(f"党员 {members} 名，超过 {BRANCH_MAX_MEMBERS} 名，宜分设党支部")
    return warnings


def build_tree(court, include_dissolved: bool = False) -> Tree:
    """The court's organisations as a tree, with counts, in three queries."""
    orgs = court_orgs(court, include_dissolved)
    by_branch, full_by_branch, by_group = _member_counts(court)
    seats = _seats(court)
    nodes = {org.id: TreeNode(org=org) for org in orgs}
    roots: list[TreeNode] = []
    for org in orgs:
        node = nodes[org.id]
        parent = nodes.get(org.parent_id) if org.parent_id else None
        (parent.children if parent else roots).append(node)
        node.members = by_group[org.id] if org.kind == "group" else by_branch[org.id]
        node.full_members = full_by_branch[org.id] if org.kind != "group" else 0
        node.seats = len(seats[org.id])
        node.secretary = next((name for post, name in seats[org.id] if post == "secretary"), None)
    for root in roots:
        _sum_and_warn(root)
    return Tree(roots=roots, nodes=nodes)


def _sum_and_warn(node: TreeNode) -> int:
    # Party groups split a branch's members, so they never add to the total.
    below = sum(_sum_and_warn(child) for child in node.children)
    node.total_members = node.members + (below if node.org.kind != "branch" else 0)
    if node.org.kind == "branch" and node.org.active:
        node.warnings = branch_warnings(node.members, node.full_members, node.seats)
    return node.total_members if node.org.kind != "group" else 0


def descendant_ids(org: Organisation, orgs: list[Organisation] | None = None) -> set[int]:
    orgs = orgs if orgs is not None else court_orgs(org.court)
    children = defaultdict(list)
    for other in orgs:
        children[other.parent_id].append(other.id)
    found, pending = set(), [org.id]
    while pending:
        for child_id in children[pending.pop()]:
            if child_id not in found:
                found.add(child_id)
                pending.append(child_id)
    return found


def parent_options(court, kind: str | None = None, moving: Organisation | None = None) -> list[Organisation]:
    """Active organisations that may take children (of ``kind``, if given);
    when moving an organisation, never itself or anything below it."""
    orgs = court_orgs(court, include_dissolved=False)
    allowed = set(ALLOWED_PARENTS.get(kind, ())) if kind else {"committee", "general_branch", "branch"}
    excluded = ({moving.id} | descendant_ids(moving, orgs)) if moving is not None else set()
    return [o for o in orgs if o.kind in allowed and o.id not in excluded]


def ancestors(org: Organisation) -> list[Organisation]:
    chain, seen, current = [], {org.id}, org.parent
    while current is not None and current.id not in seen:
        chain.append(current)
        seen.add(current.id)
        current = current.parent
    return list(reversed(chain))


def active_children(org: Organisation) -> list[Organisation]:
    return list(
        db.session.scalars(
            select(Organisation)
            .where(Organisation.parent_id == org.id, Organisation.dissolved_at.is_(None))
            .order_by(Organisation.position, Organisation.id)
        )
    )


def members_query(org: Organisation, search: str = ""):
    column = Member.group_id if org.kind == "group" else Member.branch_id
    query = select(Member).where(Member.court_id == org.court_id, column == org.id, Member.left_on.is_(None))
    if search:
        query = query.where(Member.name.contains(search, autoescape=True))
    return query.order_by(Member.name, Member.id)


def member_count(org: Organisation) -> int:
    count = db.session.scalar(
        select(func.count(Member.id)).where(
            Member.court_id == org.court_id,
            Member.left_on.is_(None),
            or_(Member.branch_id == org.id, Member.group_id == org.id),
        )
    )
    return count or 0


def committee_candidates(org: Organisation) -> list[Member]:
    """Full members who may hold a committee post: the branch's own, or for
    a general branch or the organ committee, those of the branches below."""
    branch_ids = {org.id} if org.kind == "branch" else {org.id} | descendant_ids(org)
    return list(
        db.session.scalars(
            select(Member)
            .where(
                Member.court_id == org.court_id,
                Member.branch_id.in_(branch_ids),
                Member.left_on.is_(None),
                Member.status == "full",
            )
            .order_by(Member.name, Member.id)
        )
    )


def committee_seats(org: Organisation) -> list[CommitteeSeat]:
    seats = db.session.scalars(
        select(CommitteeSeat)
        .where(CommitteeSeat.organisation_id == org.id)
        .join(CommitteeSeat.member)
        .options(contains_eager(CommitteeSeat.member))
    ).all()
    order = list(COMMITTEE_POSTS)
    return sorted(seats, key=lambda s: (order.index(s.post) if s.post in order else len(order), s.id))


@dataclass
class Overview:
    """What an organisation's detail page shows besides the member list."""

    node: TreeNode | None
    children: list[Organisation]
    child_counts: dict[int, int]
    group_names: dict[int, str]
    member_count: int
    committee_title: str | None
    seats: list[CommitteeSeat]
    stale_seat_ids: set[int]  # holders no longer eligible (left, moved, probationary)


def overview(org: Organisation) -> Overview:
    nodes = build_tree(org.court, include_dissolved=not org.active).nodes
    children = active_children(org)
    title = COMMITTEE_TITLES.get(org.kind)
    seats = committee_seats(org) if title else []
    eligible = {m.id for m in committee_candidates(org)} if seats else set()
    return Overview(
        node=nodes.get(org.id),
        children=children,
        child_counts={c.id: nodes[c.id].total_members for c in children if c.id in nodes},
        group_names={c.id: c.name for c in children if c.kind == "group"},
        member_count=member_count(org),
        committee_title=title,
        seats=seats,
        stale_seat_ids={s.id for s in seats if s.member_id not in eligible},
    )
