"""Helpers (no tests) for the member import/export tests: build workbooks, upload them."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from openpyxl import Workbook, load_workbook

IMPORT_URL = "/{court}/manage/members/import/"
HEADERS = [
    "姓名",
    "性别",
    "民族",
    "出生日期",
    "学历",
    "入党时间",
    "转正时间",
    "党员类别",
    "党内职务",
    "行政职务",
    "部门",
    "所在支部",
    "党小组",
    "联系电话",
    "身份证号",
    "家庭住址",
]
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def id_number(birth: date, sequence: int, area: str = "410502") -> str:
    """A well-formed (GB 11643 check digit) but fictional ID number."""
    body = f"{area}{birth:%Y%m%d}{sequence:03d}"
    return body + _CHECK[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]


def xlsx(rows, headers=HEADERS, before=()) -> bytes:
    """A workbook whose first sheet holds ``before`` rows, the headers, then rows."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "名册"
    for row in before:
        sheet.append(list(row))
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row(name="王建国", branch="少年庭党支部", **overrides) -> list:
    birth = overrides.pop("birth", date(1988, 5, 4))
    values = {
        "姓名": name,
        "性别": "男",
        "民族": "汉族",
        "出生日期": birth,
        "学历": "大学本科",
        "入党时间": date(2010, 6, 1),
        "转正时间": date(2011, 6, 1),
        "党员类别": "正式党员",
        "党内职务": "",
        "行政职务": "法官助理",
        "部门": "少年审判庭",
        "所在支部": branch,
        "党小组": "",
        "联系电话": "13912345678",
        "身份证号": id_number(birth, 11),
        "家庭住址": "安阳市北关区",
    }
    values.update(overrides)
    return [values[h] for h in HEADERS]


def upload(client, data: bytes, court: str = "zy", filename: str = "党员名册.xlsx", xhr: bool = False):
    headers = {"X-Requested-With": "XMLHttpRequest"} if xhr else {}
    return client.post(
        IMPORT_URL.format(court=court),
        data={"file": (BytesIO(data), filename)},
        content_type="multipart/form-data",
        headers=headers,
    )


def read_sheet(data: bytes):
    workbook = load_workbook(BytesIO(data))
    return workbook.worksheets[0]
