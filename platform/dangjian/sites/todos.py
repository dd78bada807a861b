"""To-do items of this feature for the inbox (hook ``dangjian_todos``)."""
from __future__ import annotations


def site_todos(court, user) -> list:
    return []
