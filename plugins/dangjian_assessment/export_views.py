"""Downloads of an assessment: every branch's scoring sheet in one Excel
workbook (the court admin) and a branch's scoring sheet as a Word document
(the court admin, and the branch's secretary for their own branch)."""

from __future__ import annotations

from urllib.parse import quote

from flask import Response, abort, g

from dangjian.api import requires

from . import export_services, scorecard
from .blueprint import assessment_or_404, bp, entry_or_404, manages, may_fill

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def download(data: bytes, mimetype: str, name: str, fallback: str) -> Response:
    """The file under its Chinese name (RFC 5987), an ASCII name for old clients."""
    response = Response(data, mimetype=mimetype)
    name = name.replace("/", "_").replace("\\", "_")
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/cycles/<int:assessment_id>/export.xlsx")
@requires("assessment.manage")
def export_xlsx(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    if not manages():
        abort(404)
    data = export_services.results_xlsx(g.court, assessment, scorecard.league(assessment))
    return download(data, XLSX, f"{assessment.title}评分汇总.xlsx", f"assessment-{assessment.id}.xlsx")


@bp.route("/cycles/<int:assessment_id>/entries/<int:entry_id>/sheet.docx")
@requires("assessment.self")  # the court admin, and a secretary for their branch: checked below
def export_docx(assessment_id: int, entry_id: int):
    assessment = assessment_or_404(assessment_id)
    entry = entry_or_404(assessment, entry_id)
    if not may_fill(entry):
        abort(404)
    sheet = scorecard.build_sheet(g.court, assessment, entry)
    data = export_services.entry_docx(sheet, g.court.name)
    return download(
        data, DOCX, f"{entry.branch.name}{assessment.title}评分表.docx", f"assessment-{assessment.id}-{entry.id}.docx"
    )
