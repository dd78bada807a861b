"""Changing a court's party organisation tree (reading lives in tree.py and
is re-exported here, so callers need one module).

Nothing here touches the request; the views pass the court, the objects and
the acting user.  Each change flushes and records its audit entry; the view
commits.  Rule violations raise :class:`OrgError` (a :class:`Refused`) with
a message in Chinese that the views show to the user as is.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..audit.services import record
from ..db import db, utcnow
from ..refusals import Refused
from .models import ALLOWED_PARENTS, COMMITTEE_POSTS, ORG_KINDS, CommitteeSeat, Organisation
from .tree import (  # noqa: F401  (re-exported: the views read through services)
    COMMITTEE_TITLES,
    Tree,
    TreeNode,
    active_children,
    ancestors,
    branch_warnings,
    build_tree,
    committee_candidates,
    committee_seats,
    court_orgs,
    descendant_ids,
    member_count,
    members_query,
    overview,
    parent_options,
)

# What a branch or party group is built on (支部建在庭上).
DEPARTMENT_KINDS = {"tribunal": "庭", "office": "室", "corps": "队", "other": "其他"}
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX_LENGTH = 60
_SLUG_PREFIXES = {"committee": "committee", "general_branch": "general-branch", "branch": "branch", "group": "group"}


class OrgError(Refused):
    """A change the organisation rules refuse; ``field`` names the form field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.field = field


def department_kind_label(value: str) -> str:
    return DEPARTMENT_KINDS.get(value, value)


# --------------------------------------------------------------------------
# Changing the tree
# --------------------------------------------------------------------------


def _slug_taken(court, slug: str, exclude_id: int | None = None) -> bool:
    # Dissolved organisations keep their slug: old microsite links must not
    # start pointing at a different branch.
    query = select(Organisation.id).where(Organisation.court_id == court.id, Organisation.slug == slug)
    if exclude_id is not None:
        query = query.where(Organisation.id != exclude_id)
    return db.session.scalar(query.limit(1)) is not None


def suggest_slugs(court) -> dict[str, str]:
    """``branch-<n>`` per kind: pinyin would need a dictionary we do not ship."""
    taken = set(db.session.scalars(select(Organisation.slug).where(Organisation.court_id == court.id)))
    suggestions = {}
    for kind, prefix in _SLUG_PREFIXES.items():
        number = 1
        while f"{prefix}-{number}" in taken:
            number += 1
        suggestions[kind] = f"{prefix}-{number}"
    return suggestions


def suggest_slug(court, kind: str) -> str:
    return suggest_slugs(court)[kind]


def _clean_slug(court, slug: str, exclude_id: int | None = None) -> str:
    slug = (slug or "").strip()
    if len(slug) > SLUG_MAX_LENGTH or not SLUG_PATTERN.match(slug):
        raise OrgError("网址标识只能用小写英文字母、数字和连字符“-”，且不能以连字符开头或结尾。", "slug")
    if _slug_taken(court, slug, exclude_id):
        raise OrgError(f"网址标识“{slug}”已被本院其他组织（含已撤销的组织）使用，请换一个。", "slug")
    return slug


def _check_parent(court, kind: str, parent: Organisation | None) -> None:
    if kind not in ORG_KINDS:
        raise OrgError("请选择组织类型。", "kind")
    allowed = ALLOWED_PARENTS[kind]
    if parent is None:
        if None not in allowed:
            names = "、".join(ORG_KINDS[k] for k in allowed if k)
            raise OrgError(f"{ORG_KINDS[kind]}必须设在{names}之下，请选择上级组织。", "parent_id")
        return
    if parent.court_id != court.id:
        raise OrgError("上级组织不属于本院。", "parent_id")
    if not parent.active:
        raise OrgError(f"上级组织“{parent.name}”已撤销，不能在其下设立或调入组织。", "parent_id")
    if parent.kind not in allowed:
        if None in allowed:
            raise OrgError(f"{ORG_KINDS[kind]}是本院最高一级党组织，不能设在其他组织之下。", "parent_id")
        names = "、".join(ORG_KINDS[k] for k in allowed if k)
        raise OrgError(
            f"{ORG_KINDS[kind]}只能设在{names}之下，不能设在{parent.kind_label}“{parent.name}”之下。", "parent_id"
        )


def _check_single_committee(court, exclude_id: int | None = None) -> None:
    query = select(Organisation.name).where(
        Organisation.court_id == court.id,
        Organisation.kind == "committee",
        Organisation.parent_id.is_(None),
        Organisation.dissolved_at.is_(None),
    )
    if exclude_id is not None:
        query = query.where(Organisation.id != exclude_id)
    existing = db.session.scalar(query.limit(1))
    if existing:
        raise OrgError(f"本院已有机关党委“{existing}”，每个法院只能设一个机关党委。", "kind")


def _flush() -> None:
    try:
        db.session.flush()
    except IntegrityError:
        # Two people chose the same slug at the same moment; the view's
        # show_refusal rolls the failed flush back.
        raise OrgError("网址标识刚被其他人使用，请换一个再保存。", "slug") from None


def create_org(
    court,
    *,
    kind: str,
    parent: Organisation | None,
    name: str,
    slug: str = "",
    department: str = "",
    department_kind: str = "",
    user=None,
) -> Organisation:
    name = (name or "").strip()
    if not name:
        raise OrgError("请填写组织名称。", "name")
    _check_parent(court, kind, parent)
    if kind == "committee":
        _check_single_committee(court)
    slug = _clean_slug(court, slug) if (slug or "").strip() else suggest_slug(court, kind)
    siblings = select(func.max(Organisation.position)).where(
        Organisation.court_id == court.id,
        Organisation.parent_id == parent.id if parent else Organisation.parent_id.is_(None),
    )
    org = Organisation(
        court_id=court.id,
        parent_id=parent.id if parent else None,
        kind=kind,
        name=name,
        slug=slug,
        department=(department or "").strip(),
        department_kind=department_kind or "",
        position=(db.session.scalar(siblings) or 0) + 1,
    )
    db.session.add(org)
    _flush()
    if kind == "branch":
        from ..sites.content import ensure_site

        ensure_site(org)  # every branch has its microsite from the start
    where = f"（隶属{parent.name}）" if parent else ""
    record(
        "org.created",
        f"新建{org.kind_label}“{name}”{where}",
        target=org,
        court=court,
        user=user,
        detail={"kind": kind, "slug": slug, "parent_id": org.parent_id},
    )
    _flush()
    return org


def update_org(org: Organisation, *, name: str, slug: str, department: str, department_kind: str, user=None) -> dict:
    """Rename or edit; returns the changed fields as ``{field: [old, new]}``."""
    name = (name or "").strip()
    if not name:
        raise OrgError("请填写组织名称。", "name")
    slug = (slug or "").strip()
    if slug != org.slug:
        slug = _clean_slug(org.court, slug, exclude_id=org.id)
    values = {
        "name": name,
        "slug": slug,
        "department": (department or "").strip(),
        "department_kind": department_kind or "",
    }
    changes = {key: [getattr(org, key), value] for key, value in values.items() if getattr(org, key) != value}
    if not changes:
        return changes
    old_name = org.name
    for key, (_, value) in changes.items():
        setattr(org, key, value)
    summary = f"修改{org.kind_label}“{old_name}”" + (f"，更名为“{name}”" if "name" in changes else "")
    record("org.renamed", summary, target=org, court=org.court, user=user, detail=changes)
    _flush()
    return changes


def move_org(org: Organisation, new_parent: Organisation | None, user=None) -> None:
    if not org.active:
        raise OrgError("已撤销的组织不能调整隶属关系。", "parent_id")
    if new_parent is not None and (new_parent.id == org.id or new_parent.id in descendant_ids(org)):
        raise OrgError("不能把组织调到它自己或它的下级组织之下。", "parent_id")
    _check_parent(org.court, org.kind, new_parent)
    if (new_parent.id if new_parent else None) == org.parent_id:
        raise OrgError("所选上级组织与当前相同，无需调整。", "parent_id")
    if org.kind == "group" and member_count(org):
        # The group's members belong to its branch: moving the group would
        # silently move them to another branch without a transfer record.
        raise OrgError("该党小组还有党员。调到其他支部前，请先办理组织关系转接或将党员移出本小组。", "parent_id")
    old_parent = org.parent
    org.parent_id = new_parent.id if new_parent else None
    db.session.flush()
    old_name = old_parent.name if old_parent else "（无）"
    new_name = new_parent.name if new_parent else "（无）"
    record(
        "org.moved",
        f"将{org.kind_label}“{org.name}”从“{old_name}”调整到“{new_name}”之下",
        target=org,
        court=org.court,
        user=user,
        detail={"from": org_ref(old_parent), "to": org_ref(new_parent)},
    )
    _flush()


def org_ref(org: Organisation | None) -> dict | None:
    return {"id": org.id, "name": org.name} if org is not None else None


def dissolve_org(org: Organisation, user=None) -> None:
    if not org.active:
        raise OrgError("该组织已经撤销。")
    members = member_count(org)
    if members:
        raise OrgError(
            f"“{org.name}”还有 {members} 名党员，不能撤销。请先将这些党员的组织关系转接到其他支部（或移出本小组），再撤销。"
        )
    children = active_children(org)
    if children:
        names = "、".join(child.name for child in children[:3]) + ("等" if len(children) > 3 else "")
        raise OrgError(f"“{org.name}”下还有 {len(children)} 个下级组织（{names}），请先撤销或调走这些组织。")
    org.dissolved_at = utcnow()
    record("org.dissolved", f"撤销{org.kind_label}“{org.name}”", target=org, court=org.court, user=user)
    _flush()


def set_committee(org: Organisation, holders: dict[str, int | None], user=None) -> list[str]:
    """Fill the committee posts (one holder each) from the organisation's
    full members; returns a readable list of the changes."""
    if org.kind not in COMMITTEE_TITLES:
        raise OrgError("党小组不设委员会。")
    if not org.active:
        raise OrgError("已撤销的组织不能调整委员会。")
    if set(holders) - set(COMMITTEE_POSTS):
        raise OrgError("委员会职务不正确。")
    candidates = {m.id: m for m in committee_candidates(org)}
    for post, member_id in holders.items():
        if member_id and member_id not in candidates:
            raise OrgError(f"{COMMITTEE_POSTS[post]}须从本组织的正式党员中选任（预备党员没有被选举权）。", post)
    current = {seat.post: seat for seat in committee_seats(org)}
    changes = []
    for post, label in COMMITTEE_POSTS.items():
        seat, wanted = current.get(post), holders.get(post) or None
        if seat is not None and seat.member_id == wanted:
            continue
        if seat is None and wanted is None:
            continue
        if seat is not None:
            db.session.delete(seat)
        if wanted:
            db.session.add(CommitteeSeat(organisation_id=org.id, member_id=wanted, post=post))
        before = seat.member.name if seat is not None else "空缺"
        after = candidates[wanted].name if wanted else "空缺"
        changes.append(f"{label}：{before} → {after}")
    if not changes:
        return changes
    db.session.flush()
    record(
        "org.committee",
        f"调整“{org.name}”{COMMITTEE_TITLES[org.kind]}：" + "；".join(changes),
        target=org,
        court=org.court,
        user=user,
        detail={"changes": changes},
    )
    _flush()
    return changes
