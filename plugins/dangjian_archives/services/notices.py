"""Notifications (通知) about a record's review: approved or returned.

They go to the secretaries of the record's branch and to whoever wrote the
record, never to the reviewer who acted, and join the review's transaction
(``dangjian.api.notify`` only adds rows), so a rolled-back review tells
nobody.  One query finds the secretaries of all records concerned.
"""

from __future__ import annotations

from flask import url_for

from dangjian.api import BRANCH_SECRETARY, notify, role_holders

APPROVED_KIND, RETURNED_KIND = "archives.approved", "archives.returned"


def _people(court, meetings, actor) -> dict[int, set[int]]:
    secretaries = role_holders(court, BRANCH_SECRETARY, {m.branch_id for m in meetings})
    actor_id = getattr(actor, "id", None)
    found = {}
    for meeting in meetings:
        people = set(secretaries.get(meeting.branch_id, ())) | ({meeting.created_by_id} - {None})
        found[meeting.id] = people - {actor_id}
    return found


def _url(court, meeting) -> str:
    return url_for("archives.meeting_detail", court_slug=court.slug, meeting_id=meeting.id)


def approved(court, meetings, actor) -> list:
    """Tell each record's people it was approved; returns the new rows."""
    people = _people(court, meetings, actor)
    rows = []
    for meeting in meetings:
        rows += notify(
            sorted(people[meeting.id]),
            court=court,
            kind=APPROVED_KIND,
            title=f"会议记录已审核通过：{meeting.title}",
            body=f"{meeting.branch.name} {meeting.held_on:%Y-%m-%d} 的{meeting.type.name}记录已由机关党委审核通过。",
            url=_url(court, meeting),
        )
    return rows


def returned(court, meeting, actor) -> list:
    """Tell the record's people it was returned, with the reason."""
    people = _people(court, [meeting], actor)[meeting.id]
    return notify(
        sorted(people),
        court=court,
        kind=RETURNED_KIND,
        title=f"会议记录被退回修改：{meeting.title}",
        body=f"退回原因：{meeting.review_note}\n请按意见修改后重新报送。",
        url=_url(court, meeting),
    )
