"""The badge's cache: how many to-dos a user has, without computing them on
every page.

Entries are keyed by court, user, the court-local date, whatever the host's
items read outside the database (the session's pending upload) and the
*epochs* of the data they may depend on.  An epoch is a counter bumped after
every commit that changed rows: the changed rows' courts are read from their
``court_id`` (or ``from_court_id``/``to_court_id`` …) columns; a change that
cannot be mapped to a court (a row without one, a bulk statement) bumps the
global epoch.  A key holds the global epoch, its court's own epoch, the own
epoch of the court above (an announcement of the 中院 to the courts below)
and the "below" epoch of its court (bumped by any change in a court under
it), so a commit makes every entry that may depend on it unreachable.

Storage: Redis when ``CACHE_REDIS_URL`` is set (epochs and entries shared by
every worker and host), else this process.  Entries also expire after
``INBOX_CACHE_SECONDS``: the bound on staleness for what epochs cannot see
(several processes without Redis, time passing within a day, writes outside
the ORM session).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

GLOBAL = "all"
_DIRTY = "dj_inbox_dirty"
# Rows that no to-do is computed from: writing them invalidates nothing.
IGNORED_TABLES = frozenset({"notification", "audit_entry"})


class LocalStore:
    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._epochs: dict[str, int] = {}
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def epochs(self, names: list[str]) -> list[int]:
        with self._lock:
            return [self._epochs.get(name, 0) for name in names]

    def bump(self, names) -> None:
        with self._lock:
            for name in names:
                self._epochs[name] = self._epochs.get(name, 0) + 1

    def get(self, key: str):
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            expires, value = item
            if time.monotonic() > expires:
                del self._items[key]
                return None
            self._items.move_to_end(key)
            return value

    def put(self, key: str, value: int, seconds: float) -> None:
        with self._lock:
            self._items[key] = (time.monotonic() + seconds, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


class RedisStore:
    """The same in Redis.  Redis being away costs only the cache: a warning
    is logged, the count is computed, and (on a write) the epochs of this
    process's next reads cannot be trusted, so entries are kept short."""

    def __init__(self, url: str, prefix: str) -> None:
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.prefix = prefix
        self._errors = redis.RedisError

    def epochs(self, names: list[str]) -> list[int] | None:
        try:
            values = self.client.mget([self.prefix + "epoch:" + name for name in names])
        except self._errors as error:
            current_app.logger.warning("inbox cache unavailable: %s", error)
            return None
        return [int(value or 0) for value in values]

    def bump(self, names) -> None:
        try:
            pipe = self.client.pipeline(transaction=False)
            for name in names:
                pipe.incr(self.prefix + "epoch:" + name)
            pipe.execute()
        except self._errors as error:
            current_app.logger.warning("inbox cache unavailable: %s", error)

    def get(self, key: str):
        try:
            raw = self.client.get(self.prefix + key)
        except self._errors as error:
            current_app.logger.warning("inbox cache unavailable: %s", error)
            return None
        return int(raw) if raw is not None else None

    def put(self, key: str, value: int, seconds: float) -> None:
        try:
            self.client.set(self.prefix + key, value, ex=max(int(seconds), 1))
        except self._errors as error:
            current_app.logger.warning("inbox cache unavailable: %s", error)


def store():
    found = current_app.extensions.get("dangjian.inbox_cache")
    if found is None:
        url = current_app.config.get("CACHE_REDIS_URL")
        prefix = current_app.config.get("INBOX_CACHE_PREFIX") or "dangjian:inbox:"
        found = RedisStore(url, prefix) if url else LocalStore()
        current_app.extensions["dangjian.inbox_cache"] = found
    return found


def epoch_names(court) -> list[str]:
    names = [GLOBAL, f"own:{court.id}", f"below:{court.id}"]
    if court.parent_id is not None:
        names.append(f"own:{court.parent_id}")
    return names


def badge_key(court, user, today, marker: str) -> str | None:
    """The cache key of ``user``'s count in ``court`` now, or None when the
    epochs cannot be read (Redis away: do not cache)."""
    epochs = store().epochs(epoch_names(court))
    if epochs is None:
        return None
    raw = f"{court.id}|{user.id}|{today.isoformat()}|{marker}|{epochs}"
    return "badge:" + hashlib.sha256(raw.encode()).hexdigest()


def cache_seconds() -> float:
    return float(current_app.config.get("INBOX_CACHE_SECONDS", 120))


# --- invalidation: session events ----------------------------------------------


def _courts_of(obj, session) -> set[str] | None:
    """Epoch names a changed row bumps; None: it cannot be mapped (global)."""
    mapper = sa_inspect(obj).mapper
    if mapper.persist_selectable.name in IGNORED_TABLES:
        return set()
    columns = [prop.key for prop in mapper.column_attrs if prop.key == "court_id" or prop.key.endswith("_court_id")]
    if not columns:
        return None
    names: set[str] = set()
    for column in columns:
        court_id = obj.__dict__.get(column)
        if court_id is None:
            if column == "court_id" and column in obj.__dict__:
                return None  # platform-level row (a platform admin's account)
            continue
        names.add(f"own:{court_id}")
        parent_id = _parent_of(court_id, session)
        if parent_id is False:
            return None
        if parent_id is not None:
            names.add(f"below:{parent_id}")
    return names if names else None


def _parent_of(court_id: int, session):
    """The parent of a court from the identity map (no SQL); False when unknown."""
    from ..courts.models import Court

    court = session.identity_map.get(session.identity_key(Court, court_id))
    if court is None or "parent_id" not in court.__dict__:
        return False
    return court.__dict__["parent_id"]


def _mark(session, names: set[str] | None) -> None:
    dirty = session.info.setdefault(_DIRTY, set())
    dirty.update(names if names is not None else {GLOBAL})


def _after_flush(session, flush_context) -> None:
    names: set[str] = set()
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if obj in session.dirty and not session.is_modified(obj, include_collections=False):
            continue
        found = _courts_of(obj, session)
        if found is None:
            _mark(session, None)
            return
        names |= found
    if names:
        _mark(session, names)


def _do_orm_execute(state) -> None:
    # Bulk INSERT/UPDATE/DELETE and text statements through the session:
    # their rows are unknown here.
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) in IGNORED_TABLES:
            return
        _mark(state.session, None)
    elif not state.is_select and not state.is_orm_statement:
        _mark(state.session, None)


def _after_commit(session) -> None:
    dirty = session.info.pop(_DIRTY, None)
    if dirty and has_app_context():
        try:
            store().bump(sorted(dirty))
        except Exception:  # never break a commit that already happened
            current_app.logger.exception("inbox cache: could not bump epochs")


def _after_transaction_end(session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_DIRTY, None)


_installed = False


def install_events() -> None:
    global _installed
    if _installed:
        return
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "do_orm_execute", _do_orm_execute)
    event.listen(Session, "after_commit", _after_commit)
    event.listen(Session, "after_transaction_end", _after_transaction_end)
    _installed = True


def bump_all() -> None:
    """Forget every cached count (e.g. after writes outside the session)."""
    store().bump([GLOBAL])
