"""The yearly cycle, first half: opening an assessment and the branches'
self-assessment.  Services change rows, flush and audit; the view commits.

Review is in ``review_services``; results, the public notice (公示) and
publishing in ``notice_services``.
"""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import select

from dangjian.api import (
    DOCUMENTS,
    IMAGES,
    NotAllowed,
    Refused,
    StoredFile,
    active_branches,
    audit,
    court_today,
    db,
    delete_stored,
    module_settings,
    save_upload,
    utcnow,
)

from . import scorecard
from .models import (
    DEDUCTION,
    ENTRY_DRAFT,
    FROZEN,
    OPEN,
    PUBLISHED,
    REVIEWING,
    SUBMITTED,
    Assessment,
    BranchEntry,
    ItemScore,
    ItemScoreFile,
    Standard,
)
from .scorecard import PointsError, parse_occurrences, parse_points, points_text
from .scoring import item_points

ATTACHMENTS = DOCUMENTS | IMAGES
MAX_FILES_PER_ITEM = 10
MAX_NOTE = 2000
UPLOAD_MAX_BYTES = 20 * 1048576

AUDIT_ACTIONS = {
    "assessment.opened": "开启年度考评",
    "assessment.self_saved": "保存支部自评",
    "assessment.self_submitted": "提交支部自评",
    "assessment.file_removed": "删除自评附件",
    "assessment.self_closed": "截止自评、进入评审",
    "assessment.reviewer_added": "指定考评评审人",
    "assessment.reviewer_removed": "取消考评评审人",
    "assessment.reviewed": "评审支部考评",
    "assessment.finalised": "评定星级并公示",
    "assessment.objection_raised": "对考评结果提出异议",
    "assessment.objection_answered": "答复考评异议",
    "assessment.published": "发布考评结果",
}


class CycleRefused(Refused):
    """A step of the yearly cycle that cannot be taken; the message is for the user."""


def settings(court) -> dict:
    return module_settings("assessment", court)


def default_thresholds(court, total_points: float) -> dict[str, dict]:
    """The court's star thresholds (settings, of a 100-point standard),
    scaled to the standard's total."""
    options = settings(court)
    scale = float(total_points or 100) / 100
    minimums = {
        "5": options.get("star5_min", 90),
        "4": options.get("star4_min", 80),
        "3": options.get("star3_min", 70),
        "2": options.get("star2_min", 60),
    }
    thresholds: dict[str, dict] = {key: {"min": round(float(value) * scale, 2)} for key, value in minimums.items()}
    thresholds["5"]["innovation"] = bool(options.get("star5_innovation", True))
    return thresholds


def ensure_not_closed(assessment: Assessment) -> None:
    if assessment.status == PUBLISHED:
        raise CycleRefused("考评结果已发布，本次考评已结束，不能再修改。")


# --- opening -------------------------------------------------------------------


def standard_for(court, year: int) -> Standard | None:
    return db.session.scalar(select(Standard).where(Standard.court_id == court.id, Standard.year == year))


def open_assessment(court, values: dict, user) -> Assessment:
    """Open an assessment of a year or half-year: freeze that year's
    standard and give every active branch its entry, one score per item."""
    start, end = values["period_start"], values["period_end"]
    if end < start:
        raise CycleRefused("考评期间的结束日期不能早于开始日期。", field="period_end")
    if start.year != end.year:
        raise CycleRefused("考评期间应在同一年度内（全年或半年）。", field="period_end")
    self_due, review_due = values.get("self_due"), values.get("review_due")
    if self_due and review_due and review_due < self_due:
        raise CycleRefused("评审截止日期不能早于自评截止日期。", field="review_due")
    standard = standard_for(court, start.year)
    if standard is None:
        raise CycleRefused(f"本院还没有 {start.year} 年度的考评标准：请先在“考评标准”中制定，再开启考评。")
    total = round(float(standard.total_points), 2)
    if not standard.aspects or abs(standard.items_total - total) > 0.005:
        raise CycleRefused(
            f"{start.year} 年度考评标准各项分值合计 {points_text(standard.items_total)} 分，"
            f"与满分 {points_text(total)} 分不一致：请先修改标准。"
        )
    duplicate = db.session.scalar(
        select(Assessment.id).where(
            Assessment.court_id == court.id, Assessment.period_start == start, Assessment.period_end == end
        )
    )
    if duplicate is not None:
        raise CycleRefused("这一期间的考评已经开启过。", field="period_start")
    branches = active_branches(court)
    if not branches:
        raise CycleRefused("本院还没有党支部：请先在组织架构中建立党支部。")
    thresholds = values.get("thresholds") or default_thresholds(court, total)
    _check_thresholds(thresholds, total)
    assessment = Assessment(
        court_id=court.id,
        standard_id=standard.id,
        title=values["title"].strip()[:120],
        period_start=start,
        period_end=end,
        self_due=self_due,
        review_due=review_due,
        notice_days=int(values.get("notice_days") or settings(court).get("notice_days") or 5),
        star_thresholds=thresholds,
        status=OPEN,
    )
    db.session.add(assessment)
    standard.status = FROZEN  # next year's edits never change a year that was assessed
    db.session.flush()
    items = [item for aspect in standard.aspects for item in aspect.items]
    for branch in branches:
        entry = BranchEntry(assessment_id=assessment.id, branch_id=branch.id, status=ENTRY_DRAFT, innovation="")
        entry.scores = [ItemScore(item_id=item.id, self_note="", review_note="") for item in items]
        db.session.add(entry)
    db.session.flush()
    audit(
        "assessment.opened",
        f"开启考评“{assessment.title}”（{len(branches)} 个党支部，标准 {standard.year} 年度已冻结）",
        target=assessment,
        court=court,
        user=user,
    )
    return assessment


def _check_thresholds(thresholds: dict[str, dict], total: float) -> None:
    previous = None
    for level in ("5", "4", "3", "2"):
        value = float(thresholds[level]["min"])
        if not 0 <= value <= total:
            raise CycleRefused(f"星级分数线应在 0 至 {points_text(total)} 分之间。", field=f"star{level}_min")
        if previous is not None and value >= previous:
            raise CycleRefused("星级分数线应从五星级到二星级依次降低。", field=f"star{level}_min")
        previous = value


# --- self-assessment -------------------------------------------------------------


def ensure_self_editable(assessment: Assessment, entry: BranchEntry) -> None:
    ensure_not_closed(assessment)
    if assessment.status != OPEN:
        raise CycleRefused("支部自评已截止，不能再修改。")
    if entry.status != ENTRY_DRAFT:
        raise CycleRefused("本支部自评已提交，不能再修改。")


def save_self(court, assessment: Assessment, entry: BranchEntry, form, files, user, *, submit: bool = False):
    """Save the branch's sheet as typed (``form``: ``points-<item>``,
    ``occurrences-<item>``, ``note-<item>``, ``innovation``; ``files``:
    ``file-<item>`` uploads).  Automatic items take what the modules say
    now.  With ``submit`` every item must be scored and every hand-scored
    item explained; the entry then is read-only for the branch."""
    ensure_self_editable(assessment, entry)
    sheet = scorecard.build_sheet(court, assessment, entry)
    errors: dict[str | None, list[str]] = {}
    innovation = (form.get("innovation") or "").strip()
    if len(innovation) > 200:
        errors["innovation"] = [f"创新项目不超过 200 个字（现在 {len(innovation)} 个字）。"]
    planned = []
    for row in sheet.rows:
        item_id = row.item.id
        note = (form.get(f"note-{item_id}") or "").strip()
        if len(note) > MAX_NOTE:
            errors[f"note-{item_id}"] = [f"说明不超过 {MAX_NOTE} 个字。"]
        occurrences, value = None, None
        try:
            if row.automatic:
                points, value = row.auto_points, row.value
                if row.item.method == DEDUCTION:
                    occurrences = max(int(row.value or 0), 0)
            elif row.takes_occurrences:
                occurrences = parse_occurrences(form.get(f"occurrences-{item_id}"))
                points = None if occurrences is None else item_points(row.item, occurrences=occurrences)
            else:
                points = parse_points(form.get(f"points-{item_id}"), row.item.points, what="得分")
        except PointsError as error:
            field = f"occurrences-{item_id}" if row.takes_occurrences else f"points-{item_id}"
            errors[field] = [str(error)]
            continue
        if submit and points is None:
            field = f"occurrences-{item_id}" if row.takes_occurrences else f"points-{item_id}"
            errors[field] = ["请填写发生次数（没有则填 0）。" if row.takes_occurrences else "请填写本项得分。"]
        elif submit and row.takes_points and not note:
            errors[f"note-{item_id}"] = ["人工评分的项目请写明评分说明。"]
        planned.append((row, points, value, occurrences, note))
    uploads = {row.item.id: [f for f in files.getlist(f"file-{row.item.id}") if f and f.filename] for row in sheet.rows}
    for row in sheet.rows:
        if len(row.files) + len(uploads[row.item.id]) > MAX_FILES_PER_ITEM:
            errors[f"file-{row.item.id}"] = [f"每项最多 {MAX_FILES_PER_ITEM} 个附件。"]
    if errors:
        raise CycleRefused(errors=errors)
    for row, points, value, occurrences, note in planned:
        score = row.score
        score.self_points, score.indicator_value, score.occurrences, score.self_note = points, value, occurrences, note
    entry.innovation = innovation
    entry.self_total = round(sum(float(p or 0) for _, p, *_ in planned), 2)
    db.session.flush()
    limit = min(UPLOAD_MAX_BYTES, current_app.config.get("MAX_CONTENT_LENGTH") or UPLOAD_MAX_BYTES)
    for row in sheet.rows:
        for upload in uploads[row.item.id]:
            try:
                stored = save_upload(upload, allowed=ATTACHMENTS, max_bytes=limit, court=court, user=user)
            except NotAllowed as refusal:
                raise CycleRefused(refusal.message, field=f"file-{row.item.id}") from refusal
            db.session.add(ItemScoreFile(score_id=row.score.id, file_id=stored.id))
    if submit:
        entry.status, entry.submitted_at, entry.submitted_by_id = SUBMITTED, utcnow(), user.id
    db.session.flush()
    branch = entry.branch.name
    if submit:
        audit(
            "assessment.self_submitted",
            f"{branch}提交“{assessment.title}”自评（{points_text(entry.self_total)} 分）",
            target=entry,
            court=court,
            user=user,
        )
    else:
        audit("assessment.self_saved", f"{branch}保存“{assessment.title}”自评", target=entry, court=court, user=user)
    return sheet


def remove_file(court, assessment: Assessment, entry: BranchEntry, file_id: int, user) -> str:
    """Remove an attachment of a draft sheet; its name, for the message."""
    ensure_self_editable(assessment, entry)
    link = db.session.scalar(
        select(ItemScoreFile)
        .join(ItemScore, ItemScore.id == ItemScoreFile.score_id)
        .where(ItemScore.entry_id == entry.id, ItemScoreFile.file_id == file_id)
    )
    if link is None:
        raise CycleRefused("没有这个附件。")
    stored = db.session.get(StoredFile, link.file_id)
    name = stored.original_name if stored is not None else ""
    db.session.delete(link)
    db.session.flush()
    if stored is not None:
        delete_stored(stored)
    audit("assessment.file_removed", f"{entry.branch.name}删除自评附件“{name}”", target=entry, court=court, user=user)
    db.session.flush()
    return name


def entry_file(entry: BranchEntry, file_id: int):
    """A stored attachment of the entry, or None."""
    return db.session.scalar(
        select(StoredFile)
        .join(ItemScoreFile, ItemScoreFile.file_id == StoredFile.id)
        .join(ItemScore, ItemScore.id == ItemScoreFile.score_id)
        .where(ItemScore.entry_id == entry.id, StoredFile.id == file_id)
    )


def close_self(court, assessment: Assessment, user) -> None:
    """End the self-assessment: every branch must have submitted."""
    ensure_not_closed(assessment)
    if assessment.status != OPEN:
        raise CycleRefused("支部自评已经截止。")
    drafts = [e.branch.name for e in scorecard.entries(assessment) if e.status == ENTRY_DRAFT]
    if drafts:
        shown = "、".join(drafts[:5]) + (f"等 {len(drafts)} 个支部" if len(drafts) > 5 else "")
        raise CycleRefused(f"还有支部没有提交自评：{shown}。可请支部书记提交，或由管理员代为填写提交。")
    assessment.status = REVIEWING
    db.session.flush()
    audit(
        "assessment.self_closed", f"“{assessment.title}”截止自评、进入评审", target=assessment, court=court, user=user
    )


def today_in(court, today: date | None = None) -> date:
    return today or court_today(court)
