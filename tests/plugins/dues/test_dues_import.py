"""Import of a payments statement: row errors, dry run, confirm, undo."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from dangjian.api import court_today
from dangjian.audit.models import AuditEntry
from dangjian.db import db
from dangjian_dues.models import ImportBatch, Payment

from .conftest import months_ago, set_rate, workbook


def _upload(client, data: bytes, name="党费明细.xlsx"):
    return client.post("/zy/dues/import", data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def _payments() -> int:
    return db.session.scalar(select(func.count(Payment.id))) or 0


def test_dry_run_lists_row_errors_and_writes_no_payment(dues, client, login_as):
    today = court_today(dues.zy)
    set_rate(dues.juvenile_member, 300000)
    set_rate(dues.office_member, 600000)
    y, m = today.year, today.month
    rows = [
        ("林晓彤", "少年庭", y, m, "15.00", today.isoformat(), "微信", ""),  # 2: good
        ("周立言", "", y, m, 90, today, "", ""),  # 3: good (number cell, date cell, default method)
        ("无此人", "", y, m, "15", today.isoformat(), "", ""),  # 4
        ("林晓彤", "", y, m, "-15", today.isoformat(), "", ""),  # 5
        ("林晓彤", "", y, m, "0.001", today.isoformat(), "", ""),  # 6
        ("林晓彤", "", y, "十三", "15", today.isoformat(), "", ""),  # 7
        ("林晓彤", "", 9999, m, "15", today.isoformat(), "", ""),  # 8
        ("林晓彤", "", y, m, "十五", today.isoformat(), "", ""),  # 9
        ("林晓彤", "", y, m, "15.00", today.isoformat(), "微信", ""),  # 10: same as row 2
        ("林晓彤", "", y, m, "15", "昨天", "", ""),  # 11
        ("林晓彤", "", y, m, "15", today.isoformat(), "比特币", ""),  # 12
        ("林晓彤", "", y - 3, m, "15", today.isoformat(), "", ""),  # 13: no rate that year
    ]
    login_as(dues.zy_admin)
    response = _upload(client, workbook(rows))
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    for number, reason in (
        (4, "没有“无此人”"),
        (5, "金额不能为负数"),
        (6, "金额最多精确到分"),
        (7, "所属月份应为整数"),
        (8, "所属年度应在 2000 至 2100 之间"),
        (9, "金额应为数字"),
        (10, "与第 2 行重复"),
        (11, "缴纳日期应写成"),
        (12, "缴纳方式“比特币”无法识别"),
        (13, "尚未核定"),
    ):
        assert f"第 {number} 行" in page and reason in page, (number, reason)
    assert "可以导入 <strong>2</strong> 笔，共 <strong>105.00</strong> 元" in page
    assert _payments() == 0
    batch = db.session.scalar(select(ImportBatch))
    # With errors, nothing is imported unless asked.
    client.post(f"/zy/dues/import/{batch.id}/confirm")
    assert _payments() == 0
    assert client.post(f"/zy/dues/import/{batch.id}/confirm", data={"skip_errors": "1"}).status_code == 302
    assert sorted(db.session.scalars(select(Payment.amount_fen))) == [1500, 9000]
    assert db.session.scalar(select(Payment.method).where(Payment.amount_fen == 9000)) == "transfer"
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "dues.import_applied")) is not None
    # A second confirm of the same batch changes nothing.
    client.post(f"/zy/dues/import/{batch.id}/confirm", data={"skip_errors": "1"})
    assert _payments() == 2
    # Uploading the same statement again: every row is a duplicate.
    page = client.get(_upload(client, workbook(rows[:2])).headers["Location"]).get_data(as_text=True)
    assert page.count("已经登记过") == 2
    # Undo removes exactly the batch's payments.
    assert client.post(f"/zy/dues/import/{batch.id}/undo").status_code == 302
    assert _payments() == 0
    db.session.expire_all()
    assert db.session.get(ImportBatch, batch.id).status == "undone"


def test_back_payments_in_a_statement_go_to_their_months(dues, client, login_as):
    today = court_today(dues.zy)
    for year in {months_ago(dues.zy, n)[0] for n in range(4)}:
        set_rate(dues.juvenile_member, 300000, year=year)
    rows = [("林晓彤", "", *months_ago(dues.zy, n), "15", today.isoformat(), "", "补交") for n in (1, 2, 3)]
    login_as(dues.zy_admin)
    batch_page = _upload(client, workbook(rows)).headers["Location"]
    batch_id = int(batch_page.rstrip("/").split("/")[-1])
    client.post(f"/zy/dues/import/{batch_id}/confirm")
    assert sorted(db.session.execute(select(Payment.year, Payment.month)).all()) == sorted(
        months_ago(dues.zy, n) for n in (1, 2, 3)
    )


def test_files_that_are_not_statements_are_refused(dues, client, login_as):
    login_as(dues.zy_admin)
    response = _upload(client, b"not a workbook at all", "假的.xlsx")
    assert response.status_code == 422 and "不是有效的 Excel 工作簿" in response.get_data(as_text=True)
    response = _upload(client, workbook([("a", "b")], header=("甲", "乙")))
    assert response.status_code == 422 and "没有找到表头" in response.get_data(as_text=True)
    response = _upload(client, workbook([]))
    assert response.status_code == 422 and "没有缴费记录" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ImportBatch.id))) == 0


def test_template_downloads_and_its_example_row_is_refused(dues, client, login_as):
    login_as(dues.zy_admin)
    template = client.get("/zy/dues/import/template.xlsx")
    assert template.status_code == 200 and template.data[:2] == b"PK"
    page = client.get(_upload(client, template.data).headers["Location"]).get_data(as_text=True)
    assert "第 2 行" in page


def test_only_the_court_admin_imports(dues, client, login_as):
    login_as(dues.juvenile_secretary)
    assert client.get("/zy/dues/import").status_code == 403
    login_as(dues.wf_admin)
    other = ImportBatch(court_id=dues.zy.id, filename="x.xlsx", rows=[], errors=[])
    db.session.add(other)
    db.session.commit()
    assert client.get(f"/wf/dues/import/{other.id}").status_code == 404
    assert client.post(f"/wf/dues/import/{other.id}/confirm").status_code == 404
