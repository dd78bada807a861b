"""The suite's own isolation (tests/conftest.py): what one test leaves
behind — rows, used ids, configuration, caches, plugin statuses — is gone
before the next one starts."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dangjian.courts.models import Court
from dangjian.db import db
from dangjian.inbox.cache import store
from dangjian.sites.rendering import page_cache

from ..conftest import _empty_tables, _tables_with_rows
from ..factories import build_world, make_court


def test_emptying_leaves_no_row_and_ids_start_again(app, _cleanup_engine):
    world = build_world()
    first_id = world.zy.id
    tables = [table for table in db.metadata.sorted_tables]
    with _cleanup_engine.connect() as connection:
        assert {"court", "organisation", "member", "user"} <= _tables_with_rows(connection, tables)
    db.session.remove()

    _empty_tables(_cleanup_engine)

    with _cleanup_engine.connect() as connection:
        assert _tables_with_rows(connection, tables) == set()
    court = make_court("zy", "安阳市中级人民法院")
    db.session.commit()
    assert court.id == first_id
    assert db.session.scalars(select(Court)).all() == [court]


def test_the_shared_app_is_put_back_as_built(bare_app, _shared_app):
    assert bare_app is _shared_app.app
    host = bare_app.extensions["dangjian.plugins"]
    module = host.modules()[0]
    built = _shared_app.plugin_states[module.name]
    with bare_app.app_context():
        badge_cache, pages = store(), page_cache()  # made on first use
    bare_app.config["MEMBERS_PER_PAGE"] = 3
    bare_app.config["SOMETHING_NEW"] = True
    module.status, module.error = "needs_upgrade", "from this test"

    _shared_app.reset()

    assert bare_app.config["MEMBERS_PER_PAGE"] == _shared_app.config["MEMBERS_PER_PAGE"] != 3
    assert "SOMETHING_NEW" not in bare_app.config
    assert (module.status, module.stage, module.error) == built
    with bare_app.app_context():
        assert store() is not badge_cache and page_cache() is not pages


def test_the_shared_app_gets_the_rate_limiter_back(make_app, _shared_app):
    from dangjian.extensions import limiter

    make_app(RATELIMIT_ENABLED=True)
    assert limiter.enabled
    _shared_app.rebind()
    assert not limiter.enabled


@pytest.mark.fresh_app
def test_a_test_marked_fresh_app_gets_an_app_of_its_own(app, _shared_app):
    assert app is not _shared_app.app
    assert (
        app.config["TESTING"]
        and app.config["SQLALCHEMY_DATABASE_URI"] == _shared_app.app.config["SQLALCHEMY_DATABASE_URI"]
    )
