"""What the administration services share.

The logic itself lives in ``users.py`` (accounts and roles), ``courts.py``
(courts and their hierarchy) and ``audit_query.py`` (reading the audit log).
"""

from __future__ import annotations


class Refused(Exception):
    """An administration change that was not made, with the reasons in
    Chinese.  ``errors`` maps a form field name (or ``None`` for the whole
    action) to messages, so a view can show each one beside its field."""

    def __init__(self, message: str | None = None, *, field: str | None = None, errors: dict | None = None):
        self.errors: dict[str | None, list[str]] = {}
        if message:
            self.errors[field] = [message]
        for name, messages in (errors or {}).items():
            self.errors.setdefault(name, []).extend(messages)
        super().__init__("; ".join(m for ms in self.errors.values() for m in ms))

    @property
    def general(self) -> list[str]:
        return self.errors.get(None, [])
