"""The SQLAlchemy object, the declarative base and the SQLite connection rules.

SQLite is the embedded default, so it gets what a multi-threaded web server
needs from it: WAL (readers never block the writer), a busy timeout, foreign
keys, and ``BEGIN IMMEDIATE`` for writing transactions.  A deferred
transaction that reads and then writes fails at once with "database is
locked" when another writer got there first, whatever the busy timeout says;
an immediate one waits its turn at BEGIN instead.
"""

from __future__ import annotations

import contextlib
import sqlite3
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from flask import has_request_context, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

if TYPE_CHECKING:
    # db.Model is made at run time (Base plus Flask-SQLAlchemy's mixins), so a
    # type checker cannot use it as a base class; to it, Model is Base.
    Model = Base
else:
    Model = db.Model
    Model.__doc__ = "The base class of every table: ``class Note(Model)``; the same class as ``db.Model``."

_force_immediate: ContextVar[bool] = ContextVar("force_immediate", default=False)
_force_deferred: ContextVar[bool] = ContextVar("force_deferred", default=False)
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def utcnow() -> datetime:
    """Naive UTC: every timestamp column stores UTC without a zone."""
    return datetime.now(UTC).replace(tzinfo=None)


@contextlib.contextmanager
def writing():
    """Begin SQLite transactions as IMMEDIATE outside a request (CLI, jobs)."""
    token = _force_immediate.set(True)
    try:
        yield
    finally:
        _force_immediate.reset(token)


@contextlib.contextmanager
def reading():
    """Begin SQLite transactions as deferred inside a writing request, for a
    long read-only stretch (e.g. validating an upload) that must not hold the
    write lock.  Commit or roll back the session before entering it."""
    token = _force_deferred.set(True)
    try:
        yield
    finally:
        _force_deferred.reset(token)


def _transaction_writes() -> bool:
    if _force_deferred.get():
        return False
    if _force_immediate.get():
        return True
    return has_request_context() and request.method not in _SAFE_METHODS


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, connection_record):
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    from flask import current_app

    try:
        timeout = int(current_app.config.get("SQLITE_BUSY_TIMEOUT_MS", 15000))
    except RuntimeError:  # no app context, e.g. Alembic offline tooling
        timeout = 15000
    # Let SQLAlchemy's "begin" event below issue BEGIN itself.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={timeout}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _begin_sqlite(conn):
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql("BEGIN IMMEDIATE" if _transaction_writes() else "BEGIN")
