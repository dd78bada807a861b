"""The business indicators' pages (业务指标, the court admin): the year's
table, the template, the upload with its dry run, and the confirmation."""

from __future__ import annotations

from pathlib import PureWindowsPath
from urllib.parse import quote

from flask import Response, flash, g, redirect, render_template, url_for
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField

from dangjian.api import ChineseForm, Refused, court_today, current_user, db, requires, show_refusal, year_arg

from . import business_services as services
from . import business_workbook as workbook
from .blueprint import bp
from .business_keys import KEYS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(ChineseForm):
    year = SelectField("导入年度", coerce=int)
    file = FileField(
        "业务指标（Excel .xlsx）",
        validators=[FileRequired(message="请选择要导入的 Excel 文件（.xlsx）")],
        description=f"用本页的模板填写；最多 {workbook.MAX_ROWS} 行、{workbook.MAX_BYTES // 1048576} MB。",
    )


class ConfirmForm(ChineseForm):
    payload = HiddenField()


def _default_year() -> int:
    # The figures of a year are final once it is over; the yearly assessment is of last year too.
    return court_today(g.court).year - 1


def _years(year: int) -> list[int]:
    this = court_today(g.court).year
    return sorted({this - 1, this, year, *services.years_with_data(g.court)}, reverse=True)


def _upload_form(year: int | None = None) -> UploadForm:
    form = UploadForm() if year is None else UploadForm(year=year)
    # The year posted is offered again, so a year picked from the page's list stays valid.
    shown = _safe_year(form.year.data) if isinstance(form.year.data, int) else _default_year()
    form.year.choices = [(y, f"{y} 年度") for y in _years(shown)]
    return form


def _index(year: int, form: UploadForm, status: int = 200):
    return render_template(
        "assessment/business/index.html",
        year=year,
        years=_years(year),
        rows=services.year_table(g.court, year),
        keys=KEYS,
        form=form,
    ), status


@bp.route("/business")
@requires("assessment.manage")
def business():
    year = year_arg(default=_default_year())
    if year not in services.years_allowed(g.court):
        year = _default_year()
    return _index(year, _upload_form(year))


@bp.route("/business/template.xlsx")
@requires("assessment.manage")
def business_template():
    year = year_arg(default=_default_year())
    try:
        services.check_year(g.court, year)
    except Refused as refusal:
        show_refusal(refusal)
        return redirect(url_for(".business"))
    data = workbook.template(g.court, year)
    response = Response(data, mimetype=XLSX)
    name = f"{year}年度业务指标导入模板.xlsx"
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"business-{year}.xlsx\"; filename*=UTF-8''{quote(name, safe='')}"
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/business/upload", methods=["POST"])
@requires("assessment.manage")
def business_upload():
    form = _upload_form()
    year = form.year.data if isinstance(form.year.data, int) else _default_year()
    if not form.validate_on_submit():
        return _index(_safe_year(year), form, 422)
    upload = form.file.data
    name = PureWindowsPath(upload.filename or "").name.strip()[:200] or "未命名文件.xlsx"
    try:
        # One byte over the limit is enough to know the file is too large.
        report = services.dry_run(g.court, year, upload.read(workbook.MAX_BYTES + 1), name)
        payload = services.sign(g.court, current_user, report) if not report.errors else ""
    except Refused as refusal:
        show_refusal(refusal, form)
        return _index(_safe_year(year), form, 422)
    # A dry run: nothing was added to the session, nothing to commit.
    return render_template(
        "assessment/business/preview.html",
        report=report,
        keys=KEYS,
        labels=services.STATUS_LABELS,
        confirm=ConfirmForm(payload=payload),
    )


def _safe_year(year: int) -> int:
    return year if year in services.years_allowed(g.court) else _default_year()


@bp.route("/business/confirm", methods=["POST"])
@requires("assessment.manage")
def business_confirm():
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            year, counts = services.confirm(g.court, current_user, form.payload.data or "")
        except Refused as refusal:
            show_refusal(refusal)
        else:
            db.session.commit()
            flash(
                f"已导入 {year} 年度业务指标：新增 {counts['add']} 项，变更 {counts['change']} 项，"
                f"{counts['unchanged']} 项无变化。",
                "success",
            )
            return redirect(url_for(".business", year=year))
    else:
        flash(services.EXPIRED, "danger")
    year = _default_year()
    return _index(year, _upload_form(year), 422)
