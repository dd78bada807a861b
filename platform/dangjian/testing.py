"""Fixtures and factories for a plugin's own tests (pytest).

A plugin in a distribution of its own loads them with ``-p dangjian.testing``
in its pytest configuration::

    # pyproject.toml of the plugin
    [tool.pytest.ini_options]
    addopts = "-p dangjian.testing"

and then writes tests against a real platform with its plugin installed::

    from dangjian.testing import enable_module, make_branch, make_court, make_user, sign_in

    def test_index(dangjian_app, dangjian_client):
        court = make_court("zy", "安阳市中级人民法院")
        admin = make_user("admin", roles=[("court_admin", court, None)], court=court)
        enable_module(court, "notes")
        sign_in(dangjian_client, admin)
        assert dangjian_client.get("/zy/notes/").status_code == 200

The database is SQLite, migrated once per test session through the real
migrations of the host and of every installed plugin (so a plugin's own
revision is exercised too), and copied afresh for each test.  The host's own
suite uses the same factories (``tests/factories.py``).
"""

from __future__ import annotations

import itertools
import os
import shutil
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import flask_migrate
import pytest
from flask import Flask, g, request_started
from flask.testing import FlaskClient
from flask_login.utils import _create_identifier

from .access.models import RoleAssignment
from .app import create_app
from .auth.models import User
from .auth.passwords import hash_password
from .courts.models import Court
from .db import db
from .members.models import Member
from .modules import services as modules
from .org.models import Organisation

DEFAULT_PASSWORD = "红旗渠精神永放光芒"
_DATABASE_FILE = "dangjian.sqlite3"


def test_config(database_url: str, **overrides) -> dict:
    """The settings tests run with: no CSRF tokens to fetch, no rate limits,
    cheap password hashing, and plugin errors raised instead of contained
    (``PLUGINS_STRICT``), so a broken hook fails the test that reaches it."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "PLUGINS_STRICT": True,
        "RATELIMIT_ENABLED": False,
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 1024,
        "ARGON2_PARALLELISM": 1,
    }
    config.update(overrides)
    return config


# pytest would otherwise collect the function above as a test.
test_config.__test__ = False  # type: ignore[attr-defined]


def forget_request_globals(sender, **extra) -> None:
    """Start each request with an empty ``g``.

    A test keeps an app context pushed between requests (to use the database
    directly), and a request reuses a pushed context of its app — so without
    this, ``g`` (the loaded user, the resolved court, per-request caches)
    would leak from one request into the next, which never happens on a real
    server.  Connect it to ``request_started`` of every app a test drives.
    """
    g.__dict__.clear()


def _with_instance(path: Path, config: dict) -> Flask:
    """An app whose instance folder is ``path`` (uploads, the secret key)."""
    previous = os.environ.get("DANGJIAN_INSTANCE_PATH")
    os.environ["DANGJIAN_INSTANCE_PATH"] = str(path)
    try:
        app = create_app(config)
        request_started.connect(forget_request_globals, app, weak=False)
        return app
    finally:
        if previous is None:
            os.environ.pop("DANGJIAN_INSTANCE_PATH", None)
        else:
            os.environ["DANGJIAN_INSTANCE_PATH"] = previous


@pytest.fixture(scope="session")
def dangjian_migrated_database(tmp_path_factory) -> Path:
    """A SQLite file at every migration head (host and installed plugins)."""
    folder = tmp_path_factory.mktemp("dangjian-migrated")
    path = folder / _DATABASE_FILE
    app = _with_instance(folder, test_config(f"sqlite:///{path}"))
    with app.app_context():
        flask_migrate.upgrade(revision="heads")
        db.engine.dispose()
    return path


@pytest.fixture
def dangjian_app(dangjian_migrated_database, tmp_path) -> Iterator[Flask]:
    """A platform app on a fresh copy of the migrated database, with an
    application context pushed for the whole test."""
    instance = tmp_path / "instance"
    instance.mkdir()
    database = instance / _DATABASE_FILE
    shutil.copyfile(dangjian_migrated_database, database)
    app = _with_instance(instance, test_config(f"sqlite:///{database}"))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def dangjian_client(dangjian_app) -> FlaskClient:
    return dangjian_app.test_client()


# --- rows ---------------------------------------------------------------------


def make_court(slug: str, name: str, parent: Court | None = None, level: str | None = None) -> Court:
    """A court; one with a ``parent`` is a basic court under it."""
    court = Court(slug=slug, name=name, parent=parent, level=level or ("basic" if parent else "intermediate"))
    db.session.add(court)
    db.session.flush()
    return court


_sequence = itertools.count(1)


def make_organisation(
    court: Court,
    name: str,
    kind: str = "branch",
    parent: Organisation | None = None,
    slug: str | None = None,
    department: str = "",
) -> Organisation:
    """A party organisation of ``court``: a branch unless ``kind`` says
    otherwise (``"committee"``, ``"group"``)."""
    org = Organisation(
        court=court,
        name=name,
        kind=kind,
        parent=parent,
        slug=slug or f"org-{next(_sequence)}",
        department=department,
    )
    db.session.add(org)
    db.session.flush()
    return org


def make_branch(court: Court, name: str, slug: str | None = None, department: str = "") -> Organisation:
    return make_organisation(court, name, slug=slug, department=department)


def make_member(branch: Organisation, name: str | None = None, **fields) -> Member:
    """A full member of ``branch``; ``fields`` override any column."""
    values = {
        "name": name or f"党员{next(_sequence)}",
        "sex": "female",
        "status": "full",
        "joined_party_on": date(2010, 7, 1),
        "full_member_on": date(2011, 7, 1),
        "birth_date": date(1985, 3, 14),
        "phone": "13800000000",
        "id_number": "410502198503140000",
    }
    values.update(fields)
    member = Member(court_id=branch.court_id, branch_id=branch.id, **values)
    db.session.add(member)
    db.session.flush()
    return member


def make_user(
    username: str,
    password: str = DEFAULT_PASSWORD,
    *,
    roles=(),
    member: Member | None = None,
    court: Court | None = None,
) -> User:
    """An account; ``roles`` are ``(role, court, organisation)`` triples
    such as ``("branch_secretary", court, branch)`` or
    ``("court_admin", court, None)``."""
    user = User(
        username=username,
        display_name=username,
        password_hash=hash_password(password),
        member=member,
        court_id=court.id if court else (member.court_id if member else None),
    )
    db.session.add(user)
    db.session.flush()
    for role, role_court, organisation in roles:
        db.session.add(
            RoleAssignment(
                user_id=user.id,
                role=role,
                court_id=role_court.id if role_court else None,
                organisation_id=organisation.id if organisation else None,
            )
        )
    db.session.flush()
    db.session.refresh(user)
    return user


def enable_module(court: Court, name: str, enabled: bool = True) -> None:
    """Switch a module on (or off) for ``court`` and commit, as the court
    admin's 功能模块 screen does."""
    modules.set_enabled(court, name, enabled)
    db.session.commit()


def sign_in(client: FlaskClient, user: User) -> User:
    """Sign ``user`` in on ``client`` the way a fresh password login does
    (Flask-Login's session-protection identifier included).  The request
    shares the test's database session, so rows made and not yet committed
    are there for it."""
    app = client.application
    with app.test_request_context(environ_base=client.environ_base):
        identifier = _create_identifier()
    with client.session_transaction() as session:
        session.clear()
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
        session["_id"] = identifier
        session["auth_at"] = time.time()
    return user
