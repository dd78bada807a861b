"""Helpers of the business indicators' tests: workbooks built the way a
court admin fills the template, and the pages' requests."""

from __future__ import annotations

import io
import re

from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from dangjian.db import db
from dangjian_assessment.models import BusinessValue

YEAR = 2025
HEADERS = ["支部", "结案率（%）", "审限内结案率（%）", "调解撤诉率（%）"]
CLOSURE, IN_TIME, MEDIATION = "business.closure_rate", "business.in_time_rate", "business.mediation_rate"


def workbook(rows, headers=HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    if headers:
        sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, data: bytes, year: int = YEAR, name: str = "业务指标.xlsx"):
    return client.post(
        "/zy/assessment/business/upload",
        data={"year": str(year), "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def payload_of(page: str) -> str:
    found = re.search(r'name="payload" value="([^"]+)"', page)
    assert found, "the dry run offers no confirmation"
    return found.group(1)


def confirm(client, payload: str):
    return client.post("/zy/assessment/business/confirm", data={"payload": payload})


def stored(court, year: int = YEAR) -> dict[tuple[int, str], float]:
    db.session.expire_all()
    return {
        (v.branch_id, v.key): v.value
        for v in db.session.scalars(
            select(BusinessValue).where(BusinessValue.court_id == court.id, BusinessValue.year == year)
        )
    }


def sheet_rows(data: bytes, index: int = 0) -> list[tuple]:
    book = load_workbook(io.BytesIO(data))
    return [tuple(row) for row in book.worksheets[index].iter_rows(values_only=True)]
