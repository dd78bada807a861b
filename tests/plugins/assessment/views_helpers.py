"""Helpers of the exports' and views' tests: a published assessment of the
中院 whose office sheet was reviewed (one item lower, with its reason)."""

from __future__ import annotations

import io
import re

from docx import Document
from openpyxl import load_workbook

from dangjian.db import db
from dangjian_assessment.models import Assessment
from tests.factories import make_member, make_user

from .cycle_helpers import WEAK, base, entry_of, notice_over, review_data, submitted_cycle

REASON = "宣传阵地照片不全，酌减 4 分。"


def statements(executed) -> int:
    return sum(1 for sql in executed if sql.split()[0].upper() not in ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT"))


def reviewed_cycle(client, login_as, world, *, publish: bool = True, **kwargs):
    """少年庭 95 (五星级), 办公室 61 self-assessed and 57 after review
    (品牌“五有” 12 → 8); finalised, and published unless told not to."""
    reviewer = make_user("pingshen", member=make_member(world.juvenile, "评审员甲"))
    db.session.commit()
    cycle, items = submitted_cycle(client, login_as, world, **kwargs)
    assert client.post(f"{base(cycle)}/reviewers", data={"username": "pingshen"}).status_code == 302
    login_as(reviewer)
    office = entry_of(cycle, world.office)
    points = {**WEAK, "discipline": "6", "brand": "8"}
    response = client.post(f"{base(cycle)}/review/{office.id}", data=review_data(items, points, {"brand": REASON}))
    assert response.status_code == 302, response.get_data(as_text=True)
    login_as(world.zy_admin)
    client.post(f"{base(cycle)}/close-self")
    client.post(f"{base(cycle)}/finalise")
    if publish:
        notice_over(cycle)
        assert client.post(f"{base(cycle)}/publish").status_code == 302
    db.session.expire_all()
    return db.session.get(Assessment, cycle.id), items


def workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


def document_text(data: bytes) -> str:
    """Every paragraph and table cell of a .docx, one a line."""
    document = Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


def utf8_filename(response) -> str:
    from urllib.parse import unquote

    found = re.search(r"filename\*=UTF-8''([^;]+)", response.headers["Content-Disposition"])
    assert found, response.headers["Content-Disposition"]
    return unquote(found.group(1))
