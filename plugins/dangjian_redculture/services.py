"""Bases, resources, activities, sign-up and the links to other modules (no request objects)."""

from __future__ import annotations

from datetime import date, datetime

from markupsafe import escape
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

# court_today, to_utc, to_local and member_of are the host's, used through this module too.
from dangjian.api import (  # noqa: F401
    Court,
    Member,
    Refused,
    active_branches,
    audit,
    branch_scope,
    court_hooks,
    court_today,
    db,
    member_of,
    to_local,
    to_utc,
    utcnow,
)

from .models import Activity, ActivityBranch, Base, Participant, Resource

NAME = "redculture"


class SignupRefused(Refused):
    """Sign-up is not possible; the message is for the member."""


# --- people -----------------------------------------------------------------


# ``court_today``, ``to_utc``, ``to_local``, ``member_of`` and ``branches``
# (the court's active branches) come from the host.
branches = active_branches


def roster(court, branch_ids: list[int] | None) -> list[Member]:
    """Current members of the given branches (None: the whole court)."""
    query = (
        select(Member).options(selectinload(Member.branch)).where(Member.court_id == court.id, Member.left_on.is_(None))
    )
    if branch_ids is not None:
        query = query.where(Member.branch_id.in_(branch_ids or [-1]))
    return list(db.session.scalars(query.order_by(Member.branch_id, Member.name)))


# --- bases and resources -------------------------------------------------------


def bases(court) -> list[Base]:
    return list(
        db.session.scalars(
            select(Base).options(selectinload(Base.photos)).where(Base.court_id == court.id).order_by(Base.name)
        )
    )


def resources_query(court, q: str = "", theme: str = "", kind: str = ""):
    query = select(Resource).options(selectinload(Resource.base)).where(Resource.court_id == court.id)
    if q:
        query = query.where(
            or_(
                Resource.title.contains(q, autoescape=True),
                Resource.summary.contains(q, autoescape=True),
                Resource.themes.contains(q, autoescape=True),
            )
        )
    if theme:
        query = query.where(Resource.themes.contains(theme, autoescape=True))
    if kind:
        query = query.where(Resource.kind == kind)
    return query.order_by(Resource.created_at.desc(), Resource.id.desc())


def all_themes(court) -> list[str]:
    from .models import split_themes

    seen: dict[str, None] = {}
    for text in db.session.scalars(select(Resource.themes).where(Resource.court_id == court.id)):
        for theme in split_themes(text):
            seen.setdefault(theme)
    for text in db.session.scalars(select(Base.themes).where(Base.court_id == court.id)):
        for theme in split_themes(text):
            seen.setdefault(theme)
    return sorted(seen)


# --- activities -----------------------------------------------------------------


def activities_query(court, *, year: int | None = None, branch_id: int | None = None):
    query = select(Activity).options(selectinload(Activity.base)).where(Activity.court_id == court.id)
    if year:
        query = query.where(Activity.held_on.between(date(year, 1, 1), date(year, 12, 31)))
    if branch_id:
        query = query.where(
            Activity.id.in_(select(ActivityBranch.activity_id).where(ActivityBranch.branch_id == branch_id))
        )
    return query.order_by(Activity.held_on.desc(), Activity.id.desc())


def upcoming(court, today: date, limit: int = 6) -> list[Activity]:
    return list(
        db.session.scalars(
            select(Activity)
            .options(selectinload(Activity.base))
            .where(Activity.court_id == court.id, Activity.held_on >= today)
            .order_by(Activity.held_on, Activity.id)
            .limit(limit)
        )
    )


def may_manage(user, court, activity: Activity) -> bool:
    """Court admins manage every activity; a secretary those of their branch."""
    scope = branch_scope(user, "redculture.organise", court)
    return scope is None or bool(scope & set(activity.branch_ids))


def may_manage_site(user, court, activity: Activity) -> bool:
    """Who chooses photos for 红色足迹: the organising branches' secretary or editor."""
    scope = branch_scope(user, "redculture.curate", court)
    return scope is None or bool(scope & set(activity.branch_ids))


def eligible_branch_ids(activity: Activity) -> list[int] | None:
    """Whose members may take part: the organising branches (None: the whole court)."""
    return activity.branch_ids or None


def save_activity(activity: Activity, branch_ids: list[int]) -> Activity:
    """Replace the organising branches; the caller commits."""
    wanted = list(dict.fromkeys(branch_ids))
    activity.organisers = [o for o in activity.organisers if o.branch_id in wanted] + [
        ActivityBranch(branch_id=b) for b in wanted if b not in activity.branch_ids
    ]
    db.session.add(activity)
    db.session.flush()
    return activity


def load_participants(activity: Activity) -> list[Participant]:
    return list(
        db.session.scalars(
            select(Participant)
            .options(selectinload(Participant.member).selectinload(Member.branch))
            .where(Participant.activity_id == activity.id)
            .order_by(Participant.branch_id, Participant.id)
        )
    )


def set_attendance(activity: Activity, members: list[Member], present_ids: set[int]) -> None:
    """Mark who took part.  Members signed up but absent keep their sign-up;
    rows with neither a sign-up nor attendance are dropped."""
    rows = {p.member_id: p for p in load_participants(activity)}
    for member in members:
        row = rows.get(member.id)
        if member.id in present_ids:
            if row is None:
                row = Participant(member_id=member.id, branch_id=member.branch_id)
                activity.participants.append(row)
            row.attended = True
        elif row is not None:
            if row.signed_up_at is None:
                activity.participants.remove(row)
            else:
                row.attended = False
    db.session.flush()


# --- QR sign-in (扫码签到) ------------------------------------------------------

# What the signed code names: one salt and payload kind for activities.
SIGNIN_KIND = "redculture.activity"


class SigninRefused(Refused):
    """A scan that signs the member in to nothing; the message is for them."""


def sign_in(court, activity: Activity, member: Member | None, user) -> bool:
    """Mark ``member`` as taking part by their own scan; False when they already were.

    A sign-up is kept as it is; the organiser can still untick them on the
    attendance page.  A theme day's archives draft follows the attendance."""
    if member is None or member.left_on is not None:
        raise SigninRefused("您不是本院在册党员，不能签到。")
    eligible = eligible_branch_ids(activity)
    if eligible is not None and member.branch_id not in eligible:
        raise SigninRefused("这项活动由其他支部组织，您不是组织支部的党员，不能签到。")
    row = participation_of(activity, member)
    if row is not None and row.attended:
        return False
    if row is None:
        row = Participant(member_id=member.id, branch_id=member.branch_id)
        activity.participants.append(row)
    row.attended = True
    db.session.flush()
    record_in_archives(court, activity)
    audit(
        "redculture.signed_in",
        f"扫码签到：{member.name}（{activity.title}）",
        target=activity,
        court=court,
        user=user,
        detail={"member_id": member.id},
    )
    return True


def attendees(activity: Activity) -> list[Participant]:
    """Who takes part (scanned or ticked), in the order they were recorded."""
    return list(
        db.session.scalars(
            select(Participant)
            .options(selectinload(Participant.member))
            .where(Participant.activity_id == activity.id, Participant.attended.is_(True))
            .order_by(Participant.id)
        )
    )


def activity_over(activity: Activity, now: datetime | None = None) -> bool:
    """Whether the activity's day has passed in its court's time zone."""
    return court_today(db.session.get(Court, activity.court_id), now) > activity.held_on


def signup_open(activity: Activity, now: datetime | None = None) -> bool:
    """Until the deadline, and never once the activity is over (a deadline
    saved before it was checked may lie after the activity)."""
    now = now or utcnow()
    return activity.signup_deadline is not None and now <= activity.signup_deadline and not activity_over(activity, now)


def closed_message(activity: Activity, now: datetime | None = None) -> str:
    return "活动已经结束，报名已截止。" if activity_over(activity, now) else "报名已截止。"


def may_sign_up(activity: Activity, member: Member | None) -> bool:
    if member is None or activity.signup_deadline is None:
        return False
    eligible = eligible_branch_ids(activity)
    return eligible is None or member.branch_id in eligible


def sign_up(activity: Activity, member: Member, now: datetime | None = None) -> bool:
    """Sign the member up; returns whether a new sign-up was made."""
    if not may_sign_up(activity, member):
        raise SignupRefused("这项活动不接受您的报名。")
    if not signup_open(activity, now):
        raise SignupRefused(closed_message(activity, now))
    row = db.session.scalar(
        select(Participant).where(Participant.activity_id == activity.id, Participant.member_id == member.id)
    )
    if row is not None:
        if row.signed_up_at is None:
            row.signed_up_at = now or utcnow()
        return False
    db.session.add(
        Participant(
            activity_id=activity.id, member_id=member.id, branch_id=member.branch_id, signed_up_at=now or utcnow()
        )
    )
    db.session.flush()
    return True


def cancel_sign_up(activity: Activity, member: Member, now: datetime | None = None) -> None:
    if not signup_open(activity, now):
        raise SignupRefused("报名已截止，不能再取消；如有变化请联系组织者。")
    row = db.session.scalar(
        select(Participant).where(Participant.activity_id == activity.id, Participant.member_id == member.id)
    )
    if row is not None and not row.attended:
        db.session.delete(row)


def participation_of(activity: Activity, member: Member | None) -> Participant | None:
    if member is None:
        return None
    return db.session.scalar(
        select(Participant).where(Participant.activity_id == activity.id, Participant.member_id == member.id)
    )


def member_activities(member: Member, limit: int = 10) -> list[Activity]:
    return list(
        db.session.scalars(
            select(Activity)
            .options(selectinload(Activity.base))
            .join(Participant, Participant.activity_id == Activity.id)
            .where(Participant.member_id == member.id, Participant.attended.is_(True))
            .order_by(Activity.held_on.desc())
            .limit(limit)
        )
    )


# --- record once: archives and study ------------------------------------------------


def record_in_archives(court, activity: Activity) -> int:
    """Offer a 主题党日 to the archives module, once per organising branch.

    Nothing happens where archives is disabled (the call returns no answer);
    calling again updates the same drafts.  Returns how many were recorded.
    """
    if activity.kind != "theme_day":
        return 0
    attended = [p.member_id for p in load_participants(activity) if p.attended]
    links = dict(activity.archive_links or {})
    for organiser in activity.organisers:
        branch = organiser.branch
        if branch.kind != "branch":
            continue
        answers = court_hooks(
            court,
            "dangjian_archives_record_meeting",
            branch=branch,
            meeting={
                "type": "theme_day",
                "title": activity.title,
                "held_on": activity.held_on,
                "place": activity.where,
                "minutes": activity.summary,
                "attendee_ids": attended,
                "source": NAME,
                "source_key": f"activity-{activity.id}-branch-{branch.id}",
            },
        )
        for answer in answers:
            links[str(branch.id)] = answer["url"]
    activity.archive_links = links
    return len(links)


def offer_to_study(court, resource: Resource, user) -> str | None:
    """Offer a resource to the study module as a court-wide study material.

    Returns the material's URL, or None where the study module is off."""
    kind = {"story": "article", "document": "document", "video": "video", "link": "link"}[resource.kind]
    answers = court_hooks(
        court,
        "dangjian_study_offer_material",
        offer={
            "source": NAME,
            "source_key": f"resource-{resource.id}",
            "title": resource.title,
            "kind": kind,
            "body_html": resource.body_html or (f"<p>{escape(resource.summary)}</p>" if resource.summary else ""),
            "link_url": resource.link_url,
            "file_id": resource.file_id,
            "published_by_id": getattr(user, "id", None),
        },
    )
    if not answers:
        return None
    resource.study_url = answers[0]["url"]
    return resource.study_url
