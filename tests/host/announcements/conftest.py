"""Fixtures of the 通知公告 tests (the suite's own conftest stays untouched)."""

from __future__ import annotations

import pytest

from dangjian.db import db
from tests.factories import make_user


@pytest.fixture
def wf_user(world):
    """The basic court's member 韩明远 with an account of their own."""
    user = make_user("hmy", member=world.wf_member)
    db.session.commit()
    return user
