"""What the module adds to the host's screens: nav, dashboard, profile, microsite."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from dangjian.api import NavItem, Panel, Section, Widget, branch_scope, can, db

from . import services
from .models import Activity, ActivityBranch, ActivityPhoto, Participant


def nav_items():
    return [NavItem("红色教育", "redculture.index", "redculture.view", order=50, icon="flag")]


def dashboard_widgets(court, user) -> list[Widget]:
    if not user.is_authenticated or not can("redculture.view", court):
        return []
    member = services.member_of(user, court)
    if member is None and not can("redculture.organise", court):
        return []
    now_today = services.court_today(court)
    upcoming = services.upcoming(court, now_today, 4)
    mine = set()
    if member is not None and upcoming:
        mine = set(
            db.session.scalars(
                select(Participant.activity_id).where(
                    Participant.member_id == member.id, Participant.activity_id.in_([a.id for a in upcoming])
                )
            )
        )
    rows = [
        {"activity": a, "joined": a.id in mine, "open": services.signup_open(a), "may": services.may_sign_up(a, member)}
        for a in upcoming
    ]
    html = render_template("redculture/widget.html", rows=rows, member=member)
    return [Widget("红色教育活动", Markup(html), order=45)]


def member_panels(court, member, user) -> list[Panel]:
    """Activities joined: shown to the member, their branch's secretary and the court admin."""
    if not user.is_authenticated:
        return []
    own = services.member_of(user, court) is member
    scope = branch_scope(user, "redculture.organise", court)
    if not own and not (can("redculture.organise", court) and (scope is None or member.branch_id in scope)):
        return []
    html = render_template("redculture/panel.html", activities=services.member_activities(member, 8))
    return [Panel("红色教育", Markup(html), order=50)]


def site_sections(court, branch) -> list[Section]:
    """红色足迹: titles, dates and the photos chosen for the site; no names."""
    activities = list(
        db.session.scalars(
            select(Activity)
            .options(selectinload(Activity.base))
            .join(ActivityBranch, ActivityBranch.activity_id == Activity.id)
            .where(
                Activity.court_id == court.id,
                ActivityBranch.branch_id == branch.id,
                Activity.held_on <= services.court_today(court),
            )
            .order_by(Activity.held_on.desc())
            .limit(10)
        )
    )
    photos: dict[int, list[ActivityPhoto]] = {}
    for photo in db.session.scalars(
        select(ActivityPhoto)
        .where(ActivityPhoto.activity_id.in_([a.id for a in activities] or [-1]), ActivityPhoto.on_site.is_(True))
        .order_by(ActivityPhoto.id)
    ):
        photos.setdefault(photo.activity_id, []).append(photo)
    html = render_template("redculture/site_section.html", activities=activities, photos=photos, court=court)
    return [Section("redculture", "红色足迹", Markup(html), order=45)]
