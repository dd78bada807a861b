"""Hooks the archives module declares for other modules ("record once").

The archives module implements both; another module calls them through
``dangjian.api.court_hooks(court, name, ...)``, never importing this
package.  Where archives is disabled the call returns ``[]``, so callers
work with or without it.  Pass every argument by keyword.
"""

# Specifications have no body, only their docstring: mypy's empty-body check
# does not apply to them.
# mypy: disable-error-code="empty-body"

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dangjian.api import hookspec

if TYPE_CHECKING:
    from dangjian.api import Court, Organisation


# Names of these hooks on the platform's modules page (平台管理 → 插件与模块).
HOOK_LABELS = {
    "dangjian_archives_meeting_evidence": "向党建档案提供会议佐证",
    "dangjian_archives_record_meeting": "在党建档案中登记会议",
}


@hookspec
def dangjian_archives_meeting_evidence(court: Court, year: int, branch_ids: list[int] | None) -> list[dict[str, Any]]:
    """Evidence of organisation life for assessment and reports.

    Arguments: ``court``; ``year`` (int); ``branch_ids`` (a list of
    branch ids, or ``None`` for every branch of the court).  Returns one
    dict per implementing module: ``{"source": "archives", "year": 2026,
    "branches": {branch_id: {"counts": {type_code: {"name", "required",
    "on_time", "late", "missing", "held"}}, "meetings": [{"id", "type",
    "title", "held_on" (date), "late", "url"}]}}}``.  Only filed records
    count; never minutes or attendance.

    Example (the assessment module)::

        for offer in court_hooks(court, "dangjian_archives_meeting_evidence", year=2026, branch_ids=None):
            general = offer["branches"][branch.id]["counts"]["general"]
    """


@hookspec
def dangjian_archives_record_meeting(
    court: Court, branch: Organisation, meeting: dict[str, Any]
) -> list[dict[str, Any]]:
    """Record a meeting held through another module, once.

    Arguments: ``court``; ``branch`` (an ``Organisation`` of kind
    branch); ``meeting`` — a dict with ``type`` (a meeting-type code such
    as ``"theme_day"``), ``title``, ``held_on`` (date), and optionally
    ``place``, ``minutes``, ``attendee_ids`` (member ids present; other
    members of the branch are marked absent without a reason),
    ``source`` (the calling module's name) and ``source_key`` (its own id
    for the activity).  Calling again with the same source and key
    updates the draft instead of adding another.  The record is created
    as a draft: the secretary completes the missing elements and files
    it.  Returns ``[{"id", "url", "status", "created"}]``; runs in the
    caller's transaction (the caller commits).

    Example (the red-culture module after a 主题党日 at 红旗渠纪念馆)::

        court_hooks(court, "dangjian_archives_record_meeting", branch=branch, meeting={
            "type": "theme_day", "title": "重走红旗渠", "held_on": date(2026, 5, 8),
            "place": "红旗渠纪念馆", "attendee_ids": ids, "source": "redculture",
            "source_key": f"activity-{activity.id}"})
    """
