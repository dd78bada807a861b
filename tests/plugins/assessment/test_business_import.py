"""Business indicators (党建与业务融合) from Excel: the template, the dry
run that saves nothing, the confirmation that writes everything, and what
is refused — row by row or the file as a whole."""

from __future__ import annotations

import io
import time

from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from openpyxl import Workbook
from sqlalchemy import func, select

from dangjian.audit.models import AuditEntry
from dangjian.db import db

from .business_helpers import (
    CLOSURE,
    HEADERS,
    IN_TIME,
    MEDIATION,
    YEAR,
    confirm,
    payload_of,
    sheet_rows,
    stored,
    upload,
    workbook,
)

GOOD = [("少年庭党支部", 96.5, 98, 41.25), ("办公室党支部", "88", "99.5%", "")]


def audits() -> int:
    return db.session.scalar(
        select(func.count(AuditEntry.id)).where(AuditEntry.action == "assessment.business_imported")
    )


def test_the_template_lists_the_courts_branches_only(client, assessment, login_as):
    world = assessment
    login_as(world.zy_admin)
    response = client.get(f"/zy/assessment/business/template.xlsx?year={YEAR}")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = sheet_rows(response.data)
    assert list(rows[0]) == HEADERS
    assert [row[0] for row in rows[1:]] == ["少年庭党支部", "办公室党支部"]
    assert all(value is None for row in rows[1:] for value in row[1:])
    notes = " ".join(str(row[0]) for row in sheet_rows(response.data, 1))
    assert f"{YEAR} 年度" in notes and "0 至 100" in notes
    # The other court's template has its own branch only.
    login_as(world.wf_admin)
    rows = sheet_rows(client.get(f"/wf/assessment/business/template.xlsx?year={YEAR}").data)
    assert [row[0] for row in rows[1:]] == ["立案庭党支部"]


def test_a_good_file_is_checked_then_saved_on_confirmation(client, assessment, login_as):
    world = assessment
    login_as(world.zy_admin)
    response = upload(client, workbook(GOOD))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "检查结果" in page and "少年庭党支部" in page and "41.25" in page and "99.5" in page
    assert "新增 <strong>2</strong> 个支部" in page and "还没有写入任何数据" in page
    # The dry run saved nothing.
    assert stored(world.zy) == {} and audits() == 0

    response = confirm(client, payload_of(page))
    assert response.status_code == 302 and f"year={YEAR}" in response.headers["Location"]
    j, o = world.juvenile.id, world.office.id
    assert stored(world.zy) == {
        (j, CLOSURE): 96.5,
        (j, IN_TIME): 98.0,
        (j, MEDIATION): 41.25,
        (o, CLOSURE): 88.0,
        (o, IN_TIME): 99.5,
    }
    assert audits() == 1
    page = client.get(f"/zy/assessment/business?year={YEAR}").get_data(as_text=True)
    assert "96.5" in page and "41.25" in page and world.zy_admin.label in page and "未导入" in page
    assert "新增 5 项" in page  # the flash message


def test_a_second_import_changes_values_and_keeps_the_rest(client, assessment, login_as):
    world = assessment
    login_as(world.zy_admin)
    confirm(client, payload_of(upload(client, workbook(GOOD)).get_data(as_text=True)))
    # Same juvenile figures; the office's closure rate corrected and its mediation rate added.
    page = upload(client, workbook([GOOD[0], ("办公室党支部", 90, None, 35)])).get_data(as_text=True)
    assert "无变化" in page and "变更" in page and "<del>88</del>" in page
    confirm(client, payload_of(page))
    o = world.office.id
    values = stored(world.zy)
    assert (values[(o, CLOSURE)], values[(o, IN_TIME)], values[(o, MEDIATION)]) == (90.0, 99.5, 35.0)
    assert values[(world.juvenile.id, CLOSURE)] == 96.5
    # Nothing new: no confirmation offered.
    page = upload(client, workbook([GOOD[0]])).get_data(as_text=True)
    assert "无需导入" in page and 'name="payload"' not in page


def test_a_percentage_cell_counts_as_its_percent(client, assessment, login_as):
    world = assessment
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    sheet.append(["少年庭党支部", 0.965, 1, 0.4])
    for cell in sheet[2][1:]:
        cell.number_format = "0.0%"
    out = io.BytesIO()
    book.save(out)
    login_as(world.zy_admin)
    confirm(client, payload_of(upload(client, out.getvalue()).get_data(as_text=True)))
    values = stored(world.zy)
    assert values[(world.juvenile.id, CLOSURE)] == 96.5 and values[(world.juvenile.id, IN_TIME)] == 100.0


def test_each_bad_row_is_named_and_nothing_can_be_imported(client, assessment, login_as):
    world = assessment
    login_as(world.zy_admin)
    rows = [
        ("少年庭党支部", 95, 96, 40),  # row 2: good
        ("刑庭党支部", 90, 90, 30),  # 3: no such branch
        ("立案庭党支部", 90, 90, 30),  # 4: the other court's
        ("少年庭党支部", 91, 91, 31),  # 5: again
        ("办公室党支部", "九十", 90, 30),  # 6: text
        (None, None, None, None),  # 7: empty, skipped
        ("办公室党支部", -1, 90, 30),  # 8: negative (and the office again, but 6 had it first)
        ("", 90, 90, 30),  # 9: no branch
        ("办公室党支部", 90, 100.5, "NaN"),  # 10: over 100, NaN
    ]
    response = upload(client, workbook(rows))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    expected = {
        3: "本院没有名为“刑庭党支部”的党支部",
        4: "“立案庭党支部”不是本院的党支部",
        5: "与第 2 行重复（同一支部）",
        6: "结案率“九十”不是数字",
        8: "与第 6 行重复",
        9: "支部为空",
        10: "审限内结案率100.5 超出范围，应在 0 至 100 之间",
    }
    for number, message in expected.items():
        assert f"第 {number} 行" in page and message in page, number
    assert "调解撤诉率“NaN”不是有效的数字" in page
    assert "第 7 行" not in page and "第 2 行</td>" not in page
    assert "有问题 <strong" in page and "不能导入" in page
    assert 'name="payload"' not in page and "确认导入" not in page
    assert stored(world.zy) == {}


def test_a_negative_value_alone(client, assessment, login_as):
    world = assessment
    login_as(world.zy_admin)
    page = upload(client, workbook([("办公室党支部", -0.5, 90, 30)])).get_data(as_text=True)
    assert "第 2 行" in page and "结案率-0.5 超出范围，应在 0 至 100 之间" in page
    assert 'name="payload"' not in page


def test_the_other_courts_admin_cannot_import_this_courts_branch(client, assessment, login_as):
    world = assessment
    login_as(world.wf_admin)
    response = client.post(
        "/wf/assessment/business/upload",
        data={"year": str(YEAR), "file": (io.BytesIO(workbook([("少年庭党支部", 90, 90, 30)])), "a.xlsx")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert "“少年庭党支部”不是本院的党支部" in page and 'name="payload"' not in page
    assert stored(world.zy) == {} and stored(world.wf) == {}


def test_a_file_that_cannot_be_read_is_refused_as_a_whole(client, assessment, login_as):
    world = assessment
    login_as(world.zy_admin)
    cases = [
        (workbook(GOOD, headers=["支部", "结案率", "审结率", "调撤率"]), "没有找到表头"),
        (workbook([], headers=None), "工作簿是空的"),
        (b"\xe6\x94\xaf\xe9\x83\xa8,90\n", "文件不是有效的 Excel 工作簿"),  # a .txt renamed .xlsx
        (b"PK\x03\x04 but not a zip at all", "文件不是有效的 Excel 工作簿"),
        (workbook([("少年庭党支部", None, None, None)]), "文件中没有填写任何数值"),
        (b"PK\x03\x04" + b"0" * (2 * 1048576), "文件超过 2 MB"),
    ]
    for data, message in cases:
        response = upload(client, data)
        page = response.get_data(as_text=True)
        assert response.status_code == 422, message
        assert message in page, message
        assert 'name="payload"' not in page
    too_many = workbook([("少年庭党支部", 90, 90, 30)] * 1001)
    response = upload(client, too_many)
    assert response.status_code == 422 and "一次最多导入 1000 行" in response.get_data(as_text=True)
    # No file, a year out of range: the form says so, no 500.
    response = client.post("/zy/assessment/business/upload", data={"year": str(YEAR)})
    assert response.status_code == 422 and "请选择要导入的 Excel 文件" in response.get_data(as_text=True)
    response = upload(client, workbook(GOOD), year=9999)
    assert response.status_code == 422
    response = client.post(
        "/zy/assessment/business/upload",
        data={"year": "abc", "file": (io.BytesIO(workbook(GOOD)), "a.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert stored(world.zy) == {} and audits() == 0


def test_a_tampered_or_expired_payload_is_refused(app, client, assessment, login_as):
    from dangjian_assessment import business_services

    world = assessment
    login_as(world.zy_admin)
    payload = payload_of(upload(client, workbook(GOOD)).get_data(as_text=True))
    head, _dot, rest = payload.partition(".")
    for bad in (head[:-2] + ("AA" if head[-2:] != "AA" else "BB") + "." + rest, payload[:-3], "", "garbage"):
        response = confirm(client, bad)
        assert response.status_code == 422
        assert "已超过 1 小时或已被改动" in response.get_data(as_text=True)

    # Signed two hours ago.
    class TwoHoursAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - 7200

    serializer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=business_services.SALT, signer=TwoHoursAgo)
    rows = [[2, world.juvenile.id, {CLOSURE: 90}]]
    old = serializer.dumps({"c": world.zy.id, "u": world.zy_admin.id, "y": YEAR, "f": "a.xlsx", "r": rows})
    assert confirm(client, old).status_code == 422
    # Another admin's dry run (of this court) is not theirs to confirm.
    other = payload_of(upload(client, workbook(GOOD)).get_data(as_text=True))
    login_as(world.platform_admin)
    assert confirm(client, other).status_code == 422
    assert stored(world.zy) == {} and audits() == 0
    # The same payload signed now goes through: it was the age that was refused.
    login_as(world.zy_admin)
    fresh = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=business_services.SALT).dumps(
        {"c": world.zy.id, "u": world.zy_admin.id, "y": YEAR, "f": "a.xlsx", "r": rows}
    )
    assert confirm(client, fresh).status_code == 302
    assert stored(world.zy) == {(world.juvenile.id, CLOSURE): 90.0}


def test_a_branch_dissolved_since_the_dry_run_imports_nothing(client, assessment, login_as):
    from dangjian.api import utcnow

    world = assessment
    login_as(world.zy_admin)
    payload = payload_of(upload(client, workbook(GOOD)).get_data(as_text=True))
    world.office.dissolved_at = utcnow()
    db.session.commit()
    response = confirm(client, payload)
    assert response.status_code == 422 and "第 3 行的支部已不是本院的在册党支部" in response.get_data(as_text=True)
    assert stored(world.zy) == {}


def test_only_the_court_admin(client, assessment, login_as):
    world = assessment
    login_as(world.zy_admin)
    payload = payload_of(upload(client, workbook(GOOD)).get_data(as_text=True))
    assert "业务指标" in client.get("/zy/assessment/").get_data(as_text=True)
    for user in (world.member_user, world.juvenile_secretary, world.juvenile_editor):
        login_as(user)
        assert "/zy/assessment/business" not in client.get("/zy/assessment/").get_data(as_text=True)
        assert client.get("/zy/assessment/business").status_code == 403
        assert client.get("/zy/assessment/business/template.xlsx").status_code == 403
        assert upload(client, workbook(GOOD)).status_code == 403
        assert confirm(client, payload).status_code == 403
    # The other court's admin has no say here.
    login_as(world.wf_admin)
    assert client.get("/zy/assessment/business").status_code in (403, 404)
    assert confirm(client, payload).status_code in (403, 404)
    assert stored(world.zy) == {}


def test_the_page_for_a_year_without_data(client, assessment, login_as):
    world = assessment
    login_as(world.zy_admin)
    response = client.get(f"/zy/assessment/business?year={YEAR}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"{YEAR} 年度还没有导入业务数据" in page and f"template.xlsx?year={YEAR}" in page
    assert "少年庭党支部" in page and "立案庭党支部" not in page
    assert client.get("/zy/assessment/business?year=2090").status_code == 200  # out of range: the default year
