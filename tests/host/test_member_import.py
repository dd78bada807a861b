"""Member import: dry run, every kind of bad row, confirm, the file checks."""

from __future__ import annotations

import zipfile
from datetime import date
from io import BytesIO
from pathlib import Path

from sqlalchemy import func, select

from dangjian.audit.models import AuditEntry
from dangjian.db import db
from dangjian.members.models import Member, MemberImportBatch
from tests.conftest import sign_in
from tests.factories import make_member, make_org

from .test_member_import_helpers import HEADERS, id_number, row, upload, xlsx

BASE = "/zy/manage/members/import/"


def member_count(court) -> int:
    return db.session.scalar(select(func.count()).select_from(Member).where(Member.court_id == court.id))


def batch_count() -> int:
    return db.session.scalar(select(func.count()).select_from(MemberImportBatch))


def test_valid_file_previews_without_writing_then_imports_as_one_batch(client, world, login_as):
    login_as(world.zy_admin)
    group = make_org(world.zy, "第一党小组", kind="group", parent=world.juvenile, slug="snt-g1")
    db.session.commit()
    before = member_count(world.zy)
    data = xlsx(
        [
            row("王建国", 党小组="第一党小组"),
            row("李秀兰", branch="办公室", birth=date(1992, 3, 8), 性别="女", 党员类别="预备党员", 转正时间=None),
            row("赵文博", branch="办公室党支部", birth=date(1979, 11, 30), 党内职务="组织委员"),
        ]
    )

    response = upload(client, data)
    assert response.status_code == 303 and response.headers["Location"].endswith("/import/preview")
    assert member_count(world.zy) == before  # the dry run writes nothing

    page = client.get(BASE + "preview").get_data(as_text=True)
    assert "全部 3 行校验通过" in page
    assert "确认导入 3 名党员" in page
    assert "王建国" in page and "第一党小组" in page

    response = client.post(BASE + "confirm")
    assert response.status_code == 302
    batch = db.session.scalar(select(MemberImportBatch))
    assert batch.row_count == 3 and batch.filename == "党员名册.xlsx" and batch.court_id == world.zy.id
    assert batch.user_id == world.zy_admin.id
    imported = {m.name: m for m in db.session.scalars(select(Member).where(Member.import_batch_id == batch.id))}
    assert set(imported) == {"王建国", "李秀兰", "赵文博"}
    wang = imported["王建国"]
    assert (wang.branch_id, wang.group_id, wang.sex, wang.status) == (world.juvenile.id, group.id, "male", "full")
    assert wang.birth_date == date(1988, 5, 4) and wang.joined_party_on == date(2010, 6, 1)
    assert wang.id_number == id_number(date(1988, 5, 4), 11) and wang.phone == "13912345678"
    assert (wang.admin_post, wang.department, wang.education) == ("法官助理", "少年审判庭", "大学本科")
    li = imported["李秀兰"]
    assert (li.branch_id, li.sex, li.status, li.full_member_on) == (world.office.id, "female", "probationary", None)
    assert imported["赵文博"].party_post == "组织委员"
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "member.imported"))
    assert audit.court_id == world.zy.id and audit.detail["rows"] == 3
    page = client.get(BASE).get_data(as_text=True)
    assert "已导入党员 3 名" in page and "撤销导入" in page


def test_every_kind_of_bad_row_is_reported_and_nothing_is_written(client, world, login_as):
    login_as(world.zy_admin)
    on_roll = make_member(world.juvenile, "陈旧", id_number=id_number(date(1970, 1, 1), 5), birth_date=date(1970, 1, 1))
    make_member(world.office, "周同名", id_number="", birth_date=date(1981, 2, 3))
    db.session.commit()
    before = member_count(world.zy)
    duplicate_id = id_number(date(1990, 1, 1), 77)
    data = xlsx(
        [
            row("甲一", birth=date(1991, 1, 1)),  # 2: fine
            row("", birth=date(1991, 1, 2)),  # 3: empty name
            row("乙二", birth=date(1991, 1, 3), 入党时间="2015-13-45"),  # 4: bad date
            row("丙三", branch="不存在的党支部", birth=date(1991, 1, 4)),  # 5: unknown branch
            row("丁四", birth=date(1990, 1, 1), 身份证号=duplicate_id),  # 6
            row("戊五", birth=date(1990, 1, 1), 身份证号=duplicate_id),  # 7: duplicate id in file
            row("己六", birth=date(1970, 1, 1), 身份证号=on_roll.id_number),  # 8: id already on roll
            row("庚七", birth=date(1991, 1, 8), 党员类别="积极分子"),  # 9: bad status
            row("辛八", birth=date(1991, 1, 9), 党小组="不存在的小组"),  # 10: unknown group
            row("壬九", birth=date(1985, 6, 6), 身份证号=""),  # 11
            row("壬九", birth=date(1985, 6, 6), 身份证号=""),  # 12: same name + birth
            row("周同名", birth=date(1981, 2, 3), 身份证号=""),  # 13: name + birth on roll
            row("癸十", birth=date(1991, 1, 10), 身份证号="410502199101100000"),  # 14: bad check digit
            row("子十一", birth=date(1991, 1, 11), 性别="未知"),  # 15: bad sex
        ]
    )
    response = upload(client, data)
    assert response.status_code == 303
    page = client.get(BASE + "preview").get_data(as_text=True)
    expected = {
        3: "姓名为空",
        4: "入党时间“2015-13-45”不是有效的日期",
        5: "所在支部“不存在的党支部”不是本院现有的党支部",
        7: "身份证号与第 6 行重复",
        8: "身份证号已在本院党员名册中（陈旧）",
        9: "党员类别“积极分子”无法识别",
        10: "党小组“不存在的小组”不属于少年庭党支部",
        12: "姓名和出生日期与第 11 行相同",
        13: "本院党员名册中已有同名且出生日期相同的党员",
        14: "校验位不正确",
        15: "性别“未知”无法识别",
    }
    for number, reason in expected.items():
        assert f"第 {number} 行" in page, number
        assert reason in page, reason
    for fine in (2, 6, 11):
        assert f"第 {fine} 行</td>" not in page
    assert "有 11 行存在问题" in page
    assert 'id="confirm-button" disabled' in page

    response = client.post(BASE + "confirm")  # the server refuses too
    assert response.status_code == 302 and response.headers["Location"].endswith("/import/preview")
    assert member_count(world.zy) == before and batch_count() == 0
    assert "没有导入任何数据" in client.get(BASE + "preview").get_data(as_text=True)


def test_confirm_validates_again_when_the_roll_changed_since_the_preview(client, world, login_as):
    login_as(world.zy_admin)
    birth = date(1990, 9, 9)
    assert upload(client, xlsx([row("新人甲", birth=birth), row("新人乙", birth=date(1991, 9, 9))])).status_code == 303
    make_member(world.office, "抢先录入", id_number=id_number(birth, 11), birth_date=date(1960, 1, 1))
    db.session.commit()
    before = member_count(world.zy)
    response = client.post(BASE + "confirm")
    assert response.headers["Location"].endswith("/import/preview")
    assert member_count(world.zy) == before and batch_count() == 0
    assert "身份证号已在本院党员名册中（抢先录入）" in client.get(BASE + "preview").get_data(as_text=True)


def test_confirm_twice_imports_once(client, world, login_as):
    login_as(world.zy_admin)
    upload(client, xlsx([row("只导一次")]))
    with client.session_transaction() as session:
        pending = dict(session["member_import"])
    client.post(BASE + "confirm")
    with client.session_transaction() as session:  # a second tab still holding the token
        session["member_import"] = pending
    response = client.post(BASE + "confirm")
    assert response.status_code == 302
    assert batch_count() == 1
    assert db.session.scalar(select(func.count()).select_from(Member).where(Member.name == "只导一次")) == 1


def test_upload_is_stored_under_a_random_name_and_cancel_removes_it(client, world, login_as, app):
    login_as(world.zy_admin)
    upload(client, xlsx([row("取消者")]), filename="../../etc/passwd.xlsx")
    folder = Path(app.instance_path) / "imports"
    with client.session_transaction() as session:
        token = session["member_import"]["token"]
    stored = sorted(path.name for path in folder.iterdir() if path.name.startswith(token))
    assert stored == [f"{token}.json", f"{token}.xlsx"]
    assert not any("passwd" in path.name for path in folder.iterdir())
    assert "passwd.xlsx" in client.get(BASE + "preview").get_data(as_text=True)  # display text only
    client.post(BASE + "cancel")
    assert not any(path.name.startswith(token) for path in folder.iterdir())
    assert client.get(BASE + "preview").status_code == 302
    assert batch_count() == 0


def test_files_that_are_not_xlsx_are_refused_in_chinese(client, world, login_as):
    login_as(world.zy_admin)
    zipped = BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    cases = {
        "text": (
            b"\xe5\xa7\x93\xe5\x90\x8d,\xe6\x89\x80\xe5\x9c\xa8\xe6\x94\xaf\xe9\x83\xa8\n",
            "文件不是有效的 Excel 工作簿",
        ),
        "zip": (zipped.getvalue(), "文件不是有效的 Excel 工作簿"),
        "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "旧版 .xls 文件"),
    }
    for data, message in cases.values():
        response = upload(client, data, filename="名册.xlsx")
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
    response = upload(client, cases["text"][0], xhr=True)
    assert response.status_code == 400 and "文件不是有效的 Excel 工作簿" in response.json["errors"][0]
    response = client.post(BASE, data={}, content_type="multipart/form-data")
    assert "请选择要导入的 Excel 文件" in response.get_data(as_text=True)
    assert batch_count() == 0


def test_file_level_problems_go_back_to_the_form(client, world, login_as):
    login_as(world.zy_admin)
    no_header = xlsx([["王五", "少年庭"]], headers=["甲", "乙"])
    assert "没有找到表头" in upload(client, no_header).get_data(as_text=True)
    no_branch = xlsx([["王五"]], headers=["姓名"])
    assert "缺少必需的列：所在支部" in upload(client, no_branch).get_data(as_text=True)
    assert "表头下方没有党员数据" in upload(client, xlsx([])).get_data(as_text=True)


def test_row_limit_from_config(make_app, world):
    limited = make_app(IMPORT_MAX_ROWS=3)
    client = limited.test_client()
    sign_in(limited, client, world.zy_admin)
    rows = [row(f"党员{i}", birth=date(1980, 1, i + 1)) for i in range(4)]
    response = upload(client, xlsx(rows))
    assert response.status_code == 400
    assert "超过单次导入上限 3 行" in response.get_data(as_text=True)
    assert upload(client, xlsx(rows[:3])).status_code == 303


def test_xhr_upload_answers_json(client, world, login_as):
    login_as(world.zy_admin)
    response = upload(client, xlsx([row("异步上传")]), xhr=True)
    assert response.status_code == 200
    assert response.json["redirect"].endswith("/zy/manage/members/import/preview")


def test_validation_query_count_does_not_grow_with_rows(client, world, login_as, query_counter):
    login_as(world.zy_admin)
    small = xlsx([row(f"小{i}", birth=date(1980, 1, 1 + i)) for i in range(3)])
    large = xlsx(
        [
            row(
                f"大{i}",
                birth=date(1970 + i // 300, 1 + i // 28 % 12, 1 + i % 28),
                身份证号=id_number(date(1960, 1, 1), i % 1000, area=f"41{i // 1000:04d}"),
            )
            for i in range(600)
        ]
    )
    with query_counter() as statements:
        assert upload(client, small).status_code == 303
    small_count = len(statements)
    with query_counter() as statements:
        assert upload(client, large).status_code == 303
    assert len(statements) == small_count
    assert "全部 600 行校验通过" in client.get(BASE + "preview").get_data(as_text=True)


def test_the_template_downloads_and_its_example_row_is_refused(client, world, login_as):
    login_as(world.zy_admin)
    response = client.get(BASE + "template.xlsx")
    assert response.status_code == 200
    assert "filename*=UTF-8''%E5%85%9A%E5%91%98" in response.headers["Content-Disposition"]
    from openpyxl import load_workbook

    workbook = load_workbook(BytesIO(response.data))
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert sheet["A2"].value == "张红旗" and sheet["L2"].value == "少年庭党支部"
    assert "填写说明" in workbook.sheetnames
    upload(client, response.data)
    page = client.get(BASE + "preview").get_data(as_text=True)
    assert "这是模板中的示例行" in page


def test_numeric_year_month_cells(client, world, login_as):
    login_as(world.zy_admin)
    headers = ["姓名", "所在支部", "入党时间"]
    data = xlsx(
        [["三月", "少年庭", 2015.3], ["十二月", "少年庭", 2015.12], ["含糊", "少年庭", 2015.1]], headers=headers
    )
    upload(client, data)
    page = client.get(BASE + "preview").get_data(as_text=True)
    assert "入党时间“2015.1”可能是1月也可能是10月" in page
    assert "第 2 行</td>" not in page and "第 3 行</td>" not in page and "第 4 行</td>" in page


def test_the_problem_list_downloads_as_a_workbook(client, world, login_as):
    login_as(world.zy_admin)
    assert client.get(BASE + "problems.xlsx").status_code == 404  # nothing pending
    upload(
        client,
        xlsx([row("好人"), row("", birth=date(1990, 1, 1)), row("坏支部", branch="无此支部", birth=date(1990, 1, 2))]),
    )
    response = client.get(BASE + "problems.xlsx")
    assert response.status_code == 200 and "filename*=UTF-8''" in response.headers["Content-Disposition"]
    from openpyxl import load_workbook

    rows = list(load_workbook(BytesIO(response.data)).worksheets[0].iter_rows(values_only=True))
    assert rows[0] == ("行号", "姓名", "问题")
    assert rows[1][0] == 3 and rows[1][2] == "姓名为空"
    assert rows[2][:2] == (4, "坏支部") and "不是本院现有的党支部" in rows[2][2]


def test_a_file_over_the_size_limit_is_refused_in_chinese(make_app, world):
    small = make_app(MAX_CONTENT_LENGTH=2000)
    client = small.test_client()
    sign_in(small, client, world.zy_admin)
    response = upload(client, xlsx([row(f"大{i}", birth=date(1980, 1, 1 + i)) for i in range(20)]))
    assert response.status_code == 413
    assert "文件太大" in response.get_data(as_text=True)
    assert batch_count() == 0


def _far_cell(data: bytes, row_number: int, declared: str | None = None) -> bytes:
    """The workbook with one stray cell far below the data (every row above it is read as blank);
    ``declared`` replaces the sheet size the writer recorded, as some writers get it wrong."""
    from openpyxl import load_workbook

    workbook = load_workbook(BytesIO(data))
    workbook.active.cell(row=row_number, column=30, value="备注")
    buffer = BytesIO()
    workbook.save(buffer)
    if declared is None:
        return buffer.getvalue()
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(
                    f'<dimension ref="A1:AD{row_number}"/>'.encode(), f'<dimension ref="{declared}"/>'.encode()
                )
            target.writestr(item, content)
    return out.getvalue()


def test_many_blank_rows_are_refused_before_reading_them(client, world, login_as):
    login_as(world.zy_admin)
    data = _far_cell(xlsx([row("空行之上")]), 100_000)
    response = upload(client, data)
    assert response.status_code == 400
    assert "工作表行数过多（含空行" in response.get_data(as_text=True)
    assert batch_count() == 0


def test_raw_rows_are_counted_when_the_recorded_size_is_wrong(make_app, world):
    limited = make_app(IMPORT_MAX_ROWS=3)
    client = limited.test_client()
    sign_in(limited, client, world.zy_admin)
    data = _far_cell(xlsx([row("党员甲")]), 40, declared="A1")
    response = upload(client, data)
    assert response.status_code == 400
    assert "超过 11 行" in response.get_data(as_text=True)
    assert upload(client, _far_cell(xlsx([row("党员甲")]), 11, declared="A1")).status_code == 303
