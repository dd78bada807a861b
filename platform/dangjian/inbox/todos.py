"""To-do items (待办): gathered from every enabled module, never stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..modules.services import court_hooks


@dataclass(frozen=True)
class Todo:
    """One thing that awaits a user now.

    ``kind`` is a stable key (``"<module>.<what>"``, e.g.
    ``"archives.returned"``) and ``kind_label`` the Chinese heading the
    inbox groups it under (``"退回待修改的会议记录"``); ``title`` says what
    and ``url`` where to act; ``due`` (a date in the court's zone) sorts the
    inbox and shows the days left; ``detail`` is one optional line (the
    reason a record was returned).
    """

    kind: str
    kind_label: str
    title: str
    url: str
    due: date | None = None
    detail: str = ""


def collect_todos(court, user) -> list[Todo]:
    """Everything awaiting ``user`` in ``court``: dated items first, soonest
    first, then the rest by kind."""
    if not getattr(user, "is_authenticated", False):
        return []
    items = [item for item in court_hooks(court, "dangjian_todos", user=user) if isinstance(item, Todo)]
    return sorted(items, key=lambda item: (item.due is None, item.due or date.max, item.kind, item.title))
