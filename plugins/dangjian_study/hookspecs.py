"""Hooks the study module declares for other modules.

The study module implements them; another module calls them through
``dangjian.api.court_hooks(court, name, ...)``, never importing this
package.  Where study is disabled the call returns ``[]``.
"""

# Specifications have no body, only their docstring: mypy's empty-body check
# does not apply to them.
# mypy: disable-error-code="empty-body"

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dangjian.api import hookspec

if TYPE_CHECKING:
    from dangjian.api import Court


# Names of these hooks on the platform's modules page (平台管理 → 插件与模块).
HOOK_LABELS = {
    "dangjian_study_offer_material": "向学习打卡提供学习材料",
    "dangjian_study_record_session": "在学习打卡中登记集体学习",
    "dangjian_study_withdraw_session": "撤回学习打卡中登记的集体学习",
}


@hookspec
def dangjian_study_offer_material(court: Court, offer: dict[str, Any]) -> list[dict[str, Any]]:
    """Publish (or update) a court-wide study material offered by another module.

    Arguments: ``court``; ``offer`` — a dict with ``source`` (the calling
    module's name) and ``source_key`` (its own id for the item), ``title``,
    ``kind`` (``"article"``, ``"document"``, ``"video"`` or ``"link"``) and
    optionally ``body_html`` (sanitised here), ``link_url``, ``file_id``
    (a ``StoredFile`` of the same court: the study module keeps its own copy,
    so either side may delete its file), ``minutes`` (default 60) and
    ``published_by_id``.  Calling again with the same source and key updates
    the same material (its scope, hours and due date, set in the study
    module, are kept).  Returns ``[{"id", "url", "created"}]``; runs in the
    caller's transaction (the caller commits).

    Example (the red-culture module's resource library)::

        court_hooks(court, "dangjian_study_offer_material", offer={
            "source": "redculture", "source_key": f"resource-{resource.id}",
            "title": "红旗渠的故事", "kind": "article", "body_html": "<p>…</p>"})
    """


@hookspec
def dangjian_study_record_session(court: Court, session: dict[str, Any]) -> list[dict[str, Any]]:
    """Record (or update) a collective study session held through another module.

    Arguments: ``court``; ``session`` — a dict with ``source`` (the calling
    module's name) and ``source_key`` (its own id for the record),
    ``branch`` (an ``Organisation`` of kind branch of this court),
    ``held_on`` (date), ``topic``, ``minutes`` (the duration, each attendee
    is credited with it), ``attendee_ids`` (member ids present) and
    optionally ``url`` (where the original lives).  Calling again with the
    same source and key updates that session; it is never doubled.  Members
    not of this court are ignored.  Returns ``[{"id", "url", "created"}]``;
    runs in the caller's transaction (the caller commits).

    Example (the archives module when a 党课 record is filed)::

        court_hooks(court, "dangjian_study_record_session", session={
            "source": "archives", "source_key": f"meeting-{meeting.id}", "branch": meeting.branch,
            "held_on": meeting.held_on, "topic": meeting.title, "minutes": 90, "attendee_ids": ids})
    """


@hookspec
def dangjian_study_withdraw_session(court: Court, source: str, source_key: str) -> list[dict[str, bool]]:
    """Withdraw a session recorded through ``dangjian_study_record_session``
    (the original was sent back or deleted): its hours no longer count.
    Returns ``[{"withdrawn": bool}]``; the caller commits."""
