"""One refusal type and one way for a view to show it.

The transaction rule: services change rows, ``flush()`` and record their
audit entries; the view or CLI command that called them commits.  A service
that cannot do what was asked raises :class:`Refused` (or a subclass named
for its module) with the reason in Chinese, before or after it flushed; the
view catches it and calls :func:`show_refusal`, which rolls the whole
request's transaction back, so nothing is half-saved, and puts each reason
beside its form field or in a flash message.
"""

from __future__ import annotations

from flask import flash

from .db import db


class Refused(Exception):
    """A change that was not made, with the reasons in Chinese.

    ``Refused("原因")`` refuses the whole action; ``field="name"`` puts the
    reason beside that form field; ``errors={"name": ["…"], None: ["…"]}``
    carries several at once.  Every module's own refusal class derives from
    this one, so a caller may catch either."""

    def __init__(self, message: str | None = None, *, field: str | None = None, errors: dict | None = None):
        self.errors: dict[str | None, list[str]] = {}
        if message:
            self.errors[field] = [message]
        for name, messages in (errors or {}).items():
            self.errors.setdefault(name, []).extend(messages)
        super().__init__("; ".join(m for ms in self.errors.values() for m in ms))

    @property
    def message(self) -> str:
        """All reasons in one line (what ``str(refusal)`` gives)."""
        return str(self)

    @property
    def general(self) -> list[str]:
        """The reasons that belong to no single field."""
        return self.errors.get(None, [])


def show_refusal(refusal: Refused, form=None, *, field: str | None = None, category: str = "danger") -> None:
    """Roll the request's transaction back, then put each reason beside its
    field of ``form`` (when the form has that field) or in a flash message
    of ``category`` ("warning" for a refusal that is no mistake of the user's).

    ``field`` is where the reasons that name no field go, e.g. the upload
    field for a :class:`~dangjian.files.sniffing.NotAllowed` file."""
    db.session.rollback()
    for name, messages in refusal.errors.items():
        name = field if name is None else name
        if form is not None and name is not None and name in form:
            form[name].errors = list(form[name].errors) + messages
        else:
            for message in messages:
                flash(message, category)
