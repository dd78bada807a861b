"""Writing Excel workbooks whose text Excel shows and never evaluates.

Anyone who can type a name, an address or a title could otherwise plant a
formula (``=HYPERLINK("http://…?"&O2, …)``) in a workbook an administrator
opens (OWASP "CSV injection").  Every text cell starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is written as an explicit string
(never a formula) with Excel's quote prefix, so editing the cell in Excel
keeps it text too.  The value itself is unchanged: an exported roll
imports again as it was.

Every export goes through here (plugins via :mod:`dangjian.api`):

- ordinary workbooks: build as usual, then ``save_workbook(book)``;
- write-only workbooks (streamed): ``sheet.append(safe_row(sheet, values))``,
  and ``save_workbook(book)`` as well.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any, overload

from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_risky(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise(cell) -> None:
    """Make one cell (ordinary or write-only) inert text if it needs to be."""
    if is_risky(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True


def safe_row(sheet, values) -> list:
    """``values`` for ``sheet.append``; risky text becomes an inert cell."""
    row = []
    for value in values:
        if is_risky(value):
            value = WriteOnlyCell(sheet, value=value)  # an ordinary sheet's append takes it too
            neutralise(value)
        elif hasattr(value, "value"):
            neutralise(value)
        row.append(value)
    return row


@overload
def save_workbook(workbook, out: None = None) -> bytes: ...
@overload
def save_workbook(workbook, out: Any) -> None: ...
def save_workbook(workbook, out=None) -> bytes | None:
    """Neutralise every cell of an ordinary workbook, then save it to
    ``out`` (a path or file) or return its bytes.  Write-only sheets can no
    longer be read: their rows must have come through :func:`safe_row`."""
    if not workbook.write_only:
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    neutralise(cell)
    if out is not None:
        workbook.save(out)
        return None
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
