"""Fixtures of the assessment module's tests."""

from __future__ import annotations

import pytest

from dangjian.db import db
from dangjian.modules import services as modules


@pytest.fixture
def assessment(app, world):
    """The module switched on in both courts."""
    enable(world.zy)
    enable(world.wf)
    return world


def enable(court, on=True, name="assessment"):
    modules.set_enabled(court, name, on)
    db.session.commit()
