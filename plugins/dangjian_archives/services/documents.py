"""The document archive (党建档案) and the yearly archive bundle."""

from __future__ import annotations

import secrets
import zipfile
from datetime import date
from pathlib import Path

from flask import current_app
from openpyxl import Workbook
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from dangjian.api import DOCUMENTS, IMAGES, audit, db, module_settings, save_upload, save_workbook

from ..models import REPORTED, Attendance, Bundle, Document, DocumentCategory, Meeting
from .exports import meeting_docx

ALLOWED = DOCUMENTS | IMAGES


def max_upload_bytes(court) -> int:
    limit_mb = int(module_settings("archives", court).get("upload_max_mb") or 20)
    hard = current_app.config.get("MAX_CONTENT_LENGTH") or limit_mb * 1048576
    return min(limit_mb * 1048576, hard)


def store(court, upload, user):
    """Check an upload by content and size and store it (raises NotAllowed)."""
    return save_upload(upload, allowed=ALLOWED, max_bytes=max_upload_bytes(court), court=court, user=user)


def add_document(court, branch, category, values: dict, upload, user) -> Document:
    stored = store(court, upload, user)
    document = Document(
        court_id=court.id,
        branch_id=branch.id,
        category_id=category.id,
        year=values["year"],
        title=values["title"].strip(),
        description=(values.get("description") or "").strip(),
        stored_file_id=stored.id,
        uploaded_by_id=user.id,
    )
    db.session.add(document)
    db.session.flush()
    audit("archives.document_added", f"归档文件：{document.title}", target=document, court=court, user=user)
    return document


def search(court, scope, *, q="", branch_id=None, year=None, category_id=None):
    query = (
        select(Document)
        .join(DocumentCategory, Document.category_id == DocumentCategory.id)
        .where(Document.court_id == court.id)
        .options(selectinload(Document.branch), selectinload(Document.category), selectinload(Document.stored))
    )
    if scope is not None:
        query = query.where(Document.branch_id.in_(scope or {-1}))
    if branch_id:
        query = query.where(Document.branch_id == branch_id)
    if year:
        query = query.where(Document.year == year)
    if category_id:
        query = query.where(Document.category_id == category_id)
    if q:
        pattern = f"%{q.replace('%', '').replace('_', '')}%"
        query = query.where(
            or_(
                Document.title.ilike(pattern), Document.description.ilike(pattern), DocumentCategory.name.ilike(pattern)
            )
        )
    return query.order_by(Document.year.desc(), Document.id.desc())


# --- the yearly bundle ---------------------------------------------------


def bundle_folder() -> Path:
    folder = Path(current_app.instance_path) / "archives_bundles"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stored_path(stored) -> Path:
    # The host keeps uploads here (dangjian.files.services.storage_root);
    # the api has no reader for stored bytes yet, see the module README.
    root = current_app.config.get("UPLOAD_FOLDER") or Path(current_app.instance_path) / "uploads"
    return Path(root) / stored.internal_name


def bundle_contents(court, branch, year: int) -> tuple[list[int], list[Document]]:
    meeting_ids = list(
        db.session.scalars(
            select(Meeting.id)
            .where(
                Meeting.court_id == court.id,
                Meeting.branch_id == branch.id,
                Meeting.status.in_(REPORTED),
                Meeting.held_on >= date(year, 1, 1),
                Meeting.held_on <= date(year, 12, 31),
            )
            .order_by(Meeting.held_on, Meeting.id)
        )
    )
    documents = list(
        db.session.scalars(
            select(Document)
            .where(Document.court_id == court.id, Document.branch_id == branch.id, Document.year == year)
            .options(selectinload(Document.category), selectinload(Document.stored))
            .order_by(Document.id)
        )
    )
    return meeting_ids, documents


def _safe(text: str) -> str:
    return "".join("_" if ch in '\\/:*?"<>|\x00' else ch for ch in text).strip()[:60] or "未命名"


def build_bundle(court, branch, year: int, user) -> Bundle:
    """Write the zip to disk one member at a time, so memory stays bounded
    by the largest single record or file, not by the year's archive."""
    meeting_ids, documents = bundle_contents(court, branch, year)
    internal_name = f"{secrets.token_hex(16)}.zip"
    index = []
    with zipfile.ZipFile(bundle_folder() / internal_name, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number, meeting_id in enumerate(meeting_ids, start=1):
            meeting = db.session.scalars(
                select(Meeting)
                .where(Meeting.id == meeting_id)
                .options(selectinload(Meeting.attendance).selectinload(Attendance.member))
            ).one()
            name = (
                f"会议记录/{number:03d}_{meeting.held_on:%Y%m%d}_{_safe(meeting.type.name)}_{_safe(meeting.title)}.docx"
            )
            archive.writestr(name, meeting_docx(meeting))
            index.append((name, "会议记录", meeting.type.name, meeting.title, f"{meeting.held_on:%Y-%m-%d}"))
            db.session.expunge(meeting)
        for number, document in enumerate(documents, start=1):
            stored = document.stored
            name = f"档案文件/{_safe(document.category.name)}/{number:03d}_{_safe(document.title)}.{stored.extension}"
            archive.write(stored_path(stored), name)
            index.append((name, "档案文件", document.category.name, document.title, f"{document.created_at:%Y-%m-%d}"))
        archive.writestr("目录.xlsx", _index_sheet(branch, year, index))
    bundle = Bundle(
        court_id=court.id,
        branch_id=branch.id,
        year=year,
        internal_name=internal_name,
        size=(bundle_folder() / internal_name).stat().st_size,
        record_count=len(meeting_ids),
        document_count=len(documents),
        created_by_id=user.id,
    )
    db.session.add(bundle)
    db.session.flush()
    audit("archives.bundle_built", f"生成年度档案包：{branch.name} {year} 年", target=bundle, court=court, user=user)
    return bundle


def _index_sheet(branch, year, index) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "目录"
    sheet.append([f"{branch.name} {year} 年党建档案目录"])
    sheet.append(["序号", "文件", "类别", "类型/分类", "标题", "日期"])
    for number, (name, kind, sub, title, when) in enumerate(index, start=1):
        sheet.append([number, name, kind, sub, title, when])
    return save_workbook(workbook)
