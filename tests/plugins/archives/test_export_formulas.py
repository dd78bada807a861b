"""The archives' statistics export and the bundle's 目录.xlsx write names
and titles as text, never as formulas."""

from __future__ import annotations

import io
import zipfile
from datetime import date

from sqlalchemy import select

from dangjian.db import db
from tests.spreadsheet_checks import PAYLOAD, assert_inert

from .conftest import add_meeting


def test_statistics_export(archives, client, login_as):
    archives.juvenile.name = PAYLOAD
    add_meeting(archives.juvenile, "general", date(2025, 2, 10), present=8)
    db.session.commit()
    login_as(archives.zy_admin)
    response = client.get("/zy/archives/stats/export?year=2025&granularity=year")
    assert response.status_code == 200
    assert_inert(response.data)


def test_bundle_index(archives, client, login_as):
    add_meeting(archives.juvenile, "general", date(2025, 3, 5), title="+党员大会")
    db.session.commit()
    login_as(archives.juvenile_secretary)
    assert (
        client.post("/zy/archives/bundles/", data={"branch_id": archives.juvenile.id, "year": 2025}).status_code == 302
    )
    from dangjian_archives.models import Bundle

    bundle = db.session.scalars(select(Bundle)).one()
    download = client.get(f"/zy/archives/bundles/{bundle.id}/download")
    index = zipfile.ZipFile(io.BytesIO(download.data)).read("目录.xlsx")
    assert_inert(index, "+党员大会")
