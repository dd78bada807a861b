"""The study statistics export writes names as text, never as formulas."""

from __future__ import annotations

from datetime import date

from dangjian.db import db
from tests.factories import make_member
from tests.spreadsheet_checks import SHORT_PAYLOAD, assert_inert

from .conftest import make_checkin


def test_statistics_export(study, client, login_as):
    member = make_member(study.juvenile, SHORT_PAYLOAD)
    make_checkin(member, date(2025, 3, 2), minutes=30)
    study.juvenile.name = "@SUM(1)党支部"
    db.session.commit()
    login_as(study.zy_admin)
    response = client.get("/zy/study/stats/export?start=2025-01-01&end=2025-12-31")
    assert response.status_code == 200
    assert_inert(response.data, SHORT_PAYLOAD)
    assert_inert(response.data, "@SUM(1)党支部")
