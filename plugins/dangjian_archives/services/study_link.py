"""A 党课 recorded here counts as study hours in the study module ("record once").

When: on filing, not on approval.  Filing is the secretary's statement
that the meeting was held as recorded — the statistics count it from then
on — and members should not wait for the committee's review queue to see
their hours.  A return for correction withdraws the session (the record is
no longer vouched for); refiling records it again with what was corrected.
Approval changes nothing.  Drafts never count.

Through the study module's hooks only: where study is not installed or
not enabled in the court, ``court_hooks`` answers ``[]`` and nothing
happens.  The meeting id is the source key, so refiling updates the same
session instead of adding one.
"""

from __future__ import annotations

from flask import url_for

from dangjian.api import court_hooks

from ..models import NONVOTING, PRESENT, Meeting

SOURCE = "archives"
# Meeting types whose attendees are credited with the meeting's duration.
STUDY_TYPES = frozenset({"lesson"})


def counts_as_study(meeting: Meeting) -> bool:
    return meeting.type is not None and meeting.type.code in STUDY_TYPES


def source_key(meeting: Meeting) -> str:
    return f"meeting-{meeting.id}"


def record(court, meeting: Meeting) -> list:
    if not counts_as_study(meeting) or not meeting.duration_minutes:
        return []
    # 列席 members of the branch sat through the lesson too.
    present = [row.member_id for row in meeting.attendance if row.status in (PRESENT, NONVOTING)]
    return court_hooks(
        court,
        "dangjian_study_record_session",
        session={
            "source": SOURCE,
            "source_key": source_key(meeting),
            "branch": meeting.branch,
            "held_on": meeting.held_on,
            "topic": meeting.title,
            "minutes": meeting.duration_minutes,
            "attendee_ids": present,
            "url": url_for("archives.meeting_detail", court_slug=court.slug, meeting_id=meeting.id),
        },
    )


def withdraw(court, meeting: Meeting) -> list:
    return court_hooks(court, "dangjian_study_withdraw_session", source=SOURCE, source_key=source_key(meeting))
