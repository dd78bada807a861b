"""Materials, assignment, check-ins, sessions and plans (no request objects)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import and_, delete, exists, false, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import selectinload

# member_of, court_today and active_branches are the host's, used through this module too.
from dangjian.api import (  # noqa: F401
    COURT_ADMIN,
    PLATFORM_ADMIN,
    Member,
    Organisation,
    Refused,
    active_branches,
    branch_scope,
    court_today,
    db,
    member_of,
    module_settings,
    utcnow,
)

from .models import (
    StudyCheckin,
    StudyMaterial,
    StudyMaterialBranch,
    StudyPlan,
    StudyPlanMaterial,
    StudySession,
    StudySessionAttendee,
)

NAME = "study"
# DOMAIN.md: 56 hours for branch secretaries and committee members.  The host
# keeps committee seats out of the plugin API, so the member's party post
# (党支部书记、副书记、组织委员 …) decides.
LEADER_POST_WORDS = ("书记", "委员")


class CheckinRefused(Refused):
    """The check-in cannot be taken; the message is for the user."""


# --- people and time --------------------------------------------------------


def is_leader(member: Member) -> bool:
    return any(word in (member.party_post or "") for word in LEADER_POST_WORDS)


def minutes_from_hours(hours) -> int:
    return round(float(hours) * 60)


def settings(court) -> dict:
    return module_settings(NAME, court)


def target_hours(court, member: Member, values: dict | None = None) -> int:
    values = values or settings(court)
    return int(values["leader_hours"] if is_leader(member) else values["member_hours"])


def holds_role_in(user, court) -> bool:
    """Whether the user works in this court (not merely oversees it from above)."""
    if any(a.role == PLATFORM_ADMIN for a in user.roles):
        return True
    return member_of(user, court) is not None or any(a.court_id == court.id for a in user.roles)


def is_court_admin(user, court) -> bool:
    return any(a.role in (COURT_ADMIN, PLATFORM_ADMIN) and a.court_id in (court.id, None) for a in user.roles)


def groups_of(branch_ids) -> list[Organisation]:
    return list(
        db.session.scalars(
            select(Organisation)
            .where(
                Organisation.kind == "group",
                Organisation.parent_id.in_(list(branch_ids) or [-1]),
                Organisation.dissolved_at.is_(None),
            )
            .order_by(Organisation.position, Organisation.id)
        )
    )


def roster(court, branch_id: int) -> list[Member]:
    return list(
        db.session.scalars(
            select(Member)
            .where(Member.court_id == court.id, Member.branch_id == branch_id, Member.left_on.is_(None))
            .order_by(Member.group_id.is_(None), Member.group_id, Member.name)
        )
    )


# --- materials --------------------------------------------------------------


def assigned_to(member: Member):
    """SQL condition: the material is assigned to ``member``."""
    in_branch = exists().where(
        StudyMaterialBranch.material_id == StudyMaterial.id, StudyMaterialBranch.branch_id == member.branch_id
    )
    return and_(
        StudyMaterial.court_id == member.court_id,
        or_(
            StudyMaterial.scope == "court",
            and_(StudyMaterial.scope == "branches", in_branch),
            and_(StudyMaterial.scope == "group", StudyMaterial.group_id == member.group_id)
            if member.group_id
            else false(),
        ),
    )


def managed_by(scope: set[int] | None):
    """SQL condition: the material is published by or to branches in ``scope``."""
    if scope is None:
        return StudyMaterial.id.isnot(None)
    ids = list(scope) or [-1]
    to_branch = exists().where(
        StudyMaterialBranch.material_id == StudyMaterial.id, StudyMaterialBranch.branch_id.in_(ids)
    )
    to_group = StudyMaterial.group_id.in_(select(Organisation.id).where(Organisation.parent_id.in_(ids)))
    return or_(StudyMaterial.branch_id.in_(ids), StudyMaterial.scope == "court", to_branch, to_group)


def visible_materials(user, court, q: str = ""):
    """Query of the materials ``user`` may open in ``court``."""
    conditions = []
    member = member_of(user, court)
    if member is not None:
        conditions.append(assigned_to(member))
    scope = branch_scope(user, "study.publish", court)
    if scope is None or scope:
        conditions.append(managed_by(scope))
    query = (
        select(StudyMaterial)
        .options(selectinload(StudyMaterial.branch))
        .where(StudyMaterial.court_id == court.id, or_(*conditions) if conditions else false())
    )
    if q:
        query = query.where(StudyMaterial.title.contains(q, autoescape=True))
    return query.order_by(StudyMaterial.created_at.desc(), StudyMaterial.id.desc())


def may_open(user, court, material: StudyMaterial) -> bool:
    return (
        db.session.scalar(
            visible_materials(user, court).where(StudyMaterial.id == material.id).with_only_columns(StudyMaterial.id)
        )
        is not None
    )


def may_manage(user, court, material: StudyMaterial) -> bool:
    scope = branch_scope(user, "study.publish", court)
    return scope is None or (material.branch_id is not None and material.branch_id in scope)


def is_assigned(member: Member, material: StudyMaterial) -> bool:
    return (
        db.session.scalar(select(StudyMaterial.id).where(StudyMaterial.id == material.id, assigned_to(member)))
        is not None
    )


def save_material(material: StudyMaterial, branch_ids: list[int]) -> StudyMaterial:
    """Replace the material's target branches; the caller commits."""
    material.targets = [StudyMaterialBranch(branch_id=b) for b in (branch_ids if material.scope == "branches" else [])]
    if material.scope != "group":
        material.group_id = None
    db.session.add(material)
    db.session.flush()
    return material


def delete_material(material: StudyMaterial) -> None:
    db.session.execute(delete(StudyPlanMaterial).where(StudyPlanMaterial.material_id == material.id))
    db.session.delete(material)


# --- check-ins --------------------------------------------------------------


def _insert():
    return postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert


def check_in(
    court,
    member: Member,
    *,
    material: StudyMaterial | None = None,
    topic: str = "",
    studied_on: date | None = None,
    minutes: int | None = None,
    reflection: str = "",
    now: datetime | None = None,
) -> tuple[StudyCheckin, bool]:
    """Record a check-in; returns (the check-in, whether it is new).

    A second submit for the same material, or for the same day without a
    material, returns the existing row: INSERT … ON CONFLICT DO NOTHING on
    (member, dedupe key) gives exactly one row under any concurrency.
    """
    today = court_today(court, now)
    studied_on = studied_on or today
    if studied_on > today:
        raise CheckinRefused("学习日期不能晚于今天。", field="studied_on")
    if studied_on < date(today.year - 1, 1, 1):
        raise CheckinRefused("学习日期太早了，只能补记去年以来的学习。", field="studied_on")
    reflection = (reflection or "").strip()
    minimum = int(settings(court)["reflection_min_length"])
    if len(reflection) < minimum:
        raise CheckinRefused(f"学习心得至少写 {minimum} 个字（现在 {len(reflection)} 个字）。", field="reflection")
    if material is None and not topic.strip():
        raise CheckinRefused("请填写学习内容。", field="topic")
    key = f"m{material.id}" if material is not None else f"d{studied_on.isoformat()}"
    values = dict(
        court_id=court.id,
        member_id=member.id,
        material_id=material.id if material else None,
        dedupe_key=key,
        topic=(material.title if material else topic.strip())[:120],
        studied_on=studied_on,
        minutes=minutes if minutes is not None else (material.minutes if material else 30),
        reflection=reflection,
        show_on_site=False,
        created_at=utcnow(),
    )
    statement = (
        _insert()(StudyCheckin.__table__)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["member_id", "dedupe_key"])
        .returning(StudyCheckin.__table__.c.id)
    )
    # A row comes back only when this statement inserted it (rowcount is not
    # reliable for ON CONFLICT across drivers).
    created = db.session.execute(statement).first() is not None
    checkin = db.session.scalars(
        select(StudyCheckin)
        .where(StudyCheckin.member_id == member.id, StudyCheckin.dedupe_key == key)
        .execution_options(populate_existing=True)
    ).one()  # inserted just now, or there already
    return checkin, created


def existing_checkin(member: Member, material: StudyMaterial) -> StudyCheckin | None:
    return db.session.scalar(
        select(StudyCheckin).where(StudyCheckin.member_id == member.id, StudyCheckin.dedupe_key == f"m{material.id}")
    )


def done_material_ids(member: Member) -> set[int]:
    return set(
        db.session.scalars(
            select(StudyCheckin.material_id).where(
                StudyCheckin.member_id == member.id, StudyCheckin.material_id.isnot(None)
            )
        )
    )


def member_minutes(member_ids, start: date, end: date) -> dict[int, int]:
    """Study minutes per member in [start, end]: check-ins plus sessions attended."""
    ids = list(member_ids) or [-1]
    totals: dict[int, int] = {}
    for member_id, minutes in db.session.execute(
        select(StudyCheckin.member_id, func.sum(StudyCheckin.minutes))
        .where(StudyCheckin.member_id.in_(ids), StudyCheckin.studied_on.between(start, end))
        .group_by(StudyCheckin.member_id)
    ):
        totals[member_id] = totals.get(member_id, 0) + int(minutes or 0)
    for member_id, minutes in db.session.execute(
        select(StudySessionAttendee.member_id, func.sum(StudySession.minutes))
        .join(StudySession, StudySession.id == StudySessionAttendee.session_id)
        .where(StudySessionAttendee.member_id.in_(ids), StudySession.held_on.between(start, end))
        .group_by(StudySessionAttendee.member_id)
    ):
        totals[member_id] = totals.get(member_id, 0) + int(minutes or 0)
    return totals


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def recent_checkins(member: Member, limit: int = 10, with_reflection: bool = False) -> list[StudyCheckin]:
    query = select(StudyCheckin).options(selectinload(StudyCheckin.material)).where(StudyCheckin.member_id == member.id)
    if with_reflection:
        query = query.where(StudyCheckin.reflection != "")
    return list(db.session.scalars(query.order_by(StudyCheckin.studied_on.desc(), StudyCheckin.id.desc()).limit(limit)))


def study_home(court, member: Member, now: datetime | None = None) -> dict:
    """What 我的学习 shows: assigned materials (pending first), hours against target."""
    today = court_today(court, now)
    materials = list(
        db.session.scalars(
            select(StudyMaterial)
            .where(assigned_to(member))
            .order_by(StudyMaterial.due_on.is_(None), StudyMaterial.due_on, StudyMaterial.created_at.desc())
        )
    )
    done = done_material_ids(member)
    minutes = member_minutes([member.id], *year_bounds(today.year)).get(member.id, 0)
    return {
        "today": today,
        "pending": [m for m in materials if m.id not in done],
        "finished": [m for m in materials if m.id in done],
        "hours": round(minutes / 60, 1),
        "target": target_hours(court, member),
        "leader": is_leader(member),
        "recent": recent_checkins(member, 8),
        "checked_today": db.session.scalar(
            select(StudyCheckin.id).where(
                StudyCheckin.member_id == member.id, StudyCheckin.dedupe_key == f"d{today.isoformat()}"
            )
        )
        is not None,
    }


def due_soon(court, member: Member, limit: int = 5, now: datetime | None = None) -> list[StudyMaterial]:
    done = select(StudyCheckin.material_id).where(
        StudyCheckin.member_id == member.id, StudyCheckin.material_id.isnot(None)
    )
    return list(
        db.session.scalars(
            select(StudyMaterial)
            .where(assigned_to(member), StudyMaterial.id.not_in(done))
            .order_by(StudyMaterial.due_on.is_(None), StudyMaterial.due_on, StudyMaterial.created_at.desc())
            .limit(limit)
        )
    )


# --- reflections chosen for the microsite ------------------------------------


def reflections_in(court, scope: set[int] | None):
    query = (
        select(StudyCheckin)
        .join(Member, Member.id == StudyCheckin.member_id)
        .options(selectinload(StudyCheckin.material), selectinload(StudyCheckin.member).selectinload(Member.branch))
        .where(StudyCheckin.court_id == court.id, StudyCheckin.reflection != "")
    )
    if scope is not None:
        query = query.where(Member.branch_id.in_(scope or [-1]))
    return query.order_by(StudyCheckin.created_at.desc(), StudyCheckin.id.desc())


def site_reflections(branch: Organisation, limit: int = 6) -> list[StudyCheckin]:
    return list(
        db.session.scalars(
            select(StudyCheckin)
            .join(Member, Member.id == StudyCheckin.member_id)
            .options(selectinload(StudyCheckin.material))
            .where(Member.branch_id == branch.id, StudyCheckin.show_on_site.is_(True), StudyCheckin.reflection != "")
            .order_by(StudyCheckin.studied_on.desc(), StudyCheckin.id.desc())
            .limit(limit)
        )
    )


# --- sessions and plans ------------------------------------------------------


def load_attendees(session: StudySession) -> None:
    """Load the attendees' member rows in one statement (the page lists names)."""
    db.session.scalars(
        select(StudySessionAttendee)
        .options(selectinload(StudySessionAttendee.member))
        .where(StudySessionAttendee.session_id == session.id)
    ).all()


def record_session(session: StudySession, member_ids: list[int]) -> StudySession:
    session.attendees = [StudySessionAttendee(member_id=m) for m in sorted(set(member_ids))]
    db.session.add(session)
    db.session.flush()
    return session


def sessions_in(court, scope: set[int] | None):
    query = (
        select(StudySession)
        .options(selectinload(StudySession.branch), selectinload(StudySession.attendees))
        .where(StudySession.court_id == court.id)
    )
    if scope is not None:
        query = query.where(StudySession.branch_id.in_(scope or [-1]))
    return query.order_by(StudySession.held_on.desc(), StudySession.id.desc())


def plans_in(court, scope: set[int] | None):
    query = select(StudyPlan).options(selectinload(StudyPlan.branch)).where(StudyPlan.court_id == court.id)
    if scope is not None:
        query = query.where(StudyPlan.branch_id.in_(scope or [-1]))
    return query.order_by(StudyPlan.month.desc(), StudyPlan.branch_id)


def plan_sessions(plan: StudyPlan) -> list[StudySession]:
    year, month = (int(part) for part in plan.month.split("-"))
    start = date(year, month, 1)
    end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return list(
        db.session.scalars(
            select(StudySession)
            .options(selectinload(StudySession.attendees))
            .where(StudySession.branch_id == plan.branch_id, StudySession.held_on.between(start, end))
            .order_by(StudySession.held_on)
        )
    )


def plan_completion(plan: StudyPlan) -> dict[int, int]:
    """Material id → how many members of the plan's branch have checked it in."""
    ids = [item.material_id for item in plan.items] or [-1]
    rows = db.session.execute(
        select(StudyCheckin.material_id, func.count(StudyCheckin.id))
        .join(Member, Member.id == StudyCheckin.member_id)
        .where(StudyCheckin.material_id.in_(ids), Member.branch_id == plan.branch_id)
        .group_by(StudyCheckin.material_id)
    ).all()
    return {material_id: count for material_id, count in rows if material_id is not None}


def save_plan(plan: StudyPlan, material_ids: list[int]) -> StudyPlan:
    # Materials still ticked keep their rows: replacing them would insert before the old rows are deleted and
    # break the (plan, material) unique constraint.
    wanted = list(dict.fromkeys(material_ids))
    kept = {item.material_id: item for item in plan.items if item.material_id in wanted}
    plan.items = [kept.get(m) or StudyPlanMaterial(material_id=m) for m in wanted]
    db.session.add(plan)
    db.session.flush()
    return plan


def materials_for_branch(court, branch_id: int) -> list[StudyMaterial]:
    return list(
        db.session.scalars(
            select(StudyMaterial)
            .where(StudyMaterial.court_id == court.id, managed_by({branch_id}))
            .order_by(StudyMaterial.created_at.desc())
            .limit(200)
        )
    )
