"""Standard documents as .docx, filled from the candidate's file.

A template is a Word document with fields written as ``{{姓名}}``.  The
defaults are built here with python-docx; a court may upload its own
(管理 → 文书模板) using the same fields.  Fields are replaced within a
paragraph's text, so a field split across formatting runs by Word still
fills (the paragraph then takes its first run's formatting).
"""

from __future__ import annotations

import io
from datetime import date

from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from sqlalchemy import select

from dangjian.api import court_today, db, stored_path

from . import services
from .models import Candidate, DocumentTemplate

FIELDS = (
    "姓名",
    "性别",
    "出生日期",
    "部门",
    "支部",
    "法院",
    "培养联系人",
    "申请日期",
    "谈话日期",
    "积极分子日期",
    "发展对象日期",
    "政审日期",
    "公示日期",
    "支部大会日期",
    "入党时间",
    "预备期满",
    "转正时间",
    "今天",
)

# key → (title, step code it belongs to, paragraphs of the default body)
TEMPLATES = {
    "talk": (
        "入党申请人谈话记录",
        "talk",
        (
            "谈话对象：{{姓名}}（{{性别}}，{{出生日期}}出生），{{部门}}",
            "所在党支部：{{支部}}",
            "递交入党申请书日期：{{申请日期}}",
            "谈话日期：{{谈话日期}}",
            "谈话内容：了解入党动机和基本情况，介绍党的基本知识和入党条件。",
            "谈话人（签名）：",
        ),
    ),
    "activist_register": (
        "入党积极分子考察登记",
        "activist",
        (
            "姓名：{{姓名}}　性别：{{性别}}　出生日期：{{出生日期}}",
            "所在党支部：{{支部}}　工作部门：{{部门}}",
            "递交入党申请书日期：{{申请日期}}",
            "确定为入党积极分子日期：{{积极分子日期}}",
            "培养联系人：{{培养联系人}}",
            "半年考察情况：",
        ),
    ),
    "review": (
        "政审报告",
        "review",
        (
            "{{支部}}：",
            "根据发展党员工作的有关规定，对发展对象{{姓名}}（{{性别}}，{{出生日期}}出生，{{部门}}）进行了政治审查。",
            "确定为入党积极分子日期：{{积极分子日期}}；确定为发展对象日期：{{发展对象日期}}。",
            "审查结论：",
            "{{法院}}　{{政审日期}}",
        ),
    ),
    "publicity": (
        "发展对象公示",
        "publicity",
        (
            "经{{支部}}支部委员会研究，拟将{{姓名}}同志（{{性别}}，{{出生日期}}出生，{{部门}}）列为发展对象，"
            "现予公示。",
            "{{姓名}}同志于{{申请日期}}递交入党申请书，{{积极分子日期}}被确定为入党积极分子，{{发展对象日期}}被确定为发展对象。",
            "公示期间，党员和群众可通过来信、来电、来访等方式向党支部反映情况。",
            "{{支部}}　{{公示日期}}",
        ),
    ),
    "resolution": (
        "支部大会决议",
        "admit",
        (
            "{{支部}}于{{支部大会日期}}召开支部党员大会，讨论{{姓名}}同志的入党问题。",
            "大会认为，{{姓名}}同志已具备党员条件，同意接收其为中共预备党员，预备期一年，至{{预备期满}}期满。",
            "报请上级党委审批。",
            "{{支部}}　{{支部大会日期}}",
        ),
    ),
    "convert_apply": (
        "转正申请",
        "convert_apply",
        (
            "敬爱的党组织：",
            "我于{{入党时间}}经支部大会通过成为中共预备党员，预备期至{{预备期满}}期满。"
            "现郑重向党组织提出转为中共正式党员的申请。",
            "申请人：{{姓名}}",
            "{{今天}}",
        ),
    ),
}


def _font(run, size: int, bold: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = "SimSun"
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")


def default_template(kind: str) -> bytes:
    title, _code, paragraphs = TEMPLATES[kind]
    document = WordDocument()
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(heading.add_run(title), 18, bold=True)
    for text in paragraphs:
        _font(document.add_paragraph().add_run(text), 12)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def court_template(court, kind: str) -> DocumentTemplate | None:
    return db.session.scalar(
        select(DocumentTemplate).where(DocumentTemplate.court_id == court.id, DocumentTemplate.kind == kind)
    )


def template_bytes(court, kind: str) -> bytes:
    own = court_template(court, kind)
    if own is not None:
        return stored_path(own.file).read_bytes()
    return default_template(kind)


def _day(value: date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else "　　年　月　日"


def values_for(court, candidate: Candidate) -> dict[str, str]:
    dates = services.code_dates(candidate)
    end = services.probation_end(candidate)
    converted = candidate.member.full_member_on if candidate.member is not None else None
    return {
        "姓名": candidate.name,
        "性别": candidate.sex_label,
        "出生日期": _day(candidate.birth_date),
        "部门": candidate.department,
        "支部": candidate.branch.name,
        "法院": court.name,
        "培养联系人": candidate.contact_person,
        "申请日期": _day(dates.get("apply")),
        "谈话日期": _day(dates.get("talk")),
        "积极分子日期": _day(dates.get("activist")),
        "发展对象日期": _day(dates.get("target")),
        "政审日期": _day(dates.get("review")),
        "公示日期": _day(dates.get("publicity")),
        "支部大会日期": _day(dates.get("admit")),
        "入党时间": _day(dates.get("admit")),
        "预备期满": _day(end),
        "转正时间": _day(converted),
        "今天": _day(court_today(court)),
    }


def _fill_paragraph(paragraph, values: dict[str, str]) -> None:
    text = paragraph.text
    if "{{" not in text:
        return
    for name, value in values.items():
        text = text.replace("{{" + name + "}}", value)
    runs = paragraph.runs
    if not runs:
        return
    runs[0].text = text
    for run in runs[1:]:
        run.text = ""


def _paragraphs(container):
    yield from container.paragraphs
    for table in container.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from _paragraphs(cell)


def render(court, candidate: Candidate, kind: str) -> bytes:
    document = WordDocument(io.BytesIO(template_bytes(court, kind)))
    values = values_for(court, candidate)
    for paragraph in _paragraphs(document):
        _fill_paragraph(paragraph, values)
    for section in document.sections:
        for part in (section.header, section.footer):
            for paragraph in _paragraphs(part):
                _fill_paragraph(paragraph, values)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def check_template(data: bytes) -> str | None:
    """Why an uploaded template cannot be used, or None."""
    try:
        WordDocument(io.BytesIO(data))
    except Exception:  # python-docx raises several kinds for a broken package
        return "无法读取这个 Word 文档，请上传 .docx 格式的模板"
    return None
