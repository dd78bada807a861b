"""Excel formula injection: the host helper, and the member roll export,
the import template and the import's problem sheet written through it."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from dangjian.api import safe_row, save_workbook
from dangjian.db import db
from tests.factories import make_org
from tests.spreadsheet_checks import PAYLOAD, SHORT_PAYLOAD, assert_inert, formulas

from .test_member_import_helpers import HEADERS, row, upload

BASE = "/zy/manage/members/import/"
RISKY = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("write_only", [False, True])
def test_every_risky_start_is_written_as_text(write_only):
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("s") if write_only else book.active
    sheet.append(safe_row(sheet, [*RISKY, "平常文字", -5, 3.5, None]))
    data = save_workbook(book)
    assert formulas(data) == []
    cells = next(load_workbook(io.BytesIO(data)).worksheets[0].iter_rows())
    assert [c.value for c in cells[:6]] == RISKY  # the text itself is unchanged
    assert all(c.data_type == "s" and c.quotePrefix for c in cells[:6])
    assert not cells[6].quotePrefix and cells[7].value == -5 and cells[8].value == 3.5


def test_ordinary_workbooks_are_neutralised_on_save():
    book = Workbook()
    book.active["B3"] = PAYLOAD
    book.create_sheet("第二页").cell(row=1, column=1, value="@cmd")
    assert_inert(save_workbook(book))


def test_member_roll_export(client, world, login_as):
    world.juvenile_member.address = PAYLOAD
    world.juvenile_member.admin_post = "-2+3"
    db.session.commit()
    login_as(world.zy_admin)
    response = client.get("/zy/manage/members/import/export")
    assert response.status_code == 200
    assert_inert(response.data)
    assert_inert(response.data, "-2+3")


def test_import_template(client, world, login_as):
    make_org(world.zy, "=1+1党支部", parent=world.zy_committee, slug="formula")  # branch names fill a list
    db.session.commit()
    login_as(world.zy_admin)
    response = client.get(BASE + "template.xlsx")
    assert response.status_code == 200
    assert_inert(response.data, "=1+1党支部")


def test_import_problem_sheet(client, world, login_as):
    """The name arrives as text (a quote-prefixed cell in the uploaded file);
    short, as the sheet shortens long names."""
    name = SHORT_PAYLOAD
    book = Workbook()
    book.active.append(HEADERS)
    book.active.append(row(name, branch="无此支部", birth=date(1990, 1, 2)))
    login_as(world.zy_admin)
    upload(client, save_workbook(book))
    response = client.get(BASE + "problems.xlsx")
    assert response.status_code == 200
    assert_inert(response.data, name)
