"""Brand showcase reviews (品牌展评): open, enter, score, vote, publish.

Rule violations raise :class:`ReviewError` with a Chinese message; the
caller commits unless a function says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import has_request_context, url_for
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import joinedload, selectinload

from dangjian.api import (
    DOCUMENTS,
    IMAGES,
    VIDEOS,
    Court,
    Member,
    Refused,
    User,
    audit,
    create_site_honour,
    db,
    delete_stored,
    ensure_site,
    notify,
    parse_int,
    publish_site_item,
    save_upload,
    site_of,
    utcnow,
)

from .models import Attachment, Criterion, Entry, Judge, JudgeComment, Review, Score, Vote

ATTACHMENT_KINDS = DOCUMENTS | VIDEOS | IMAGES
MAX_ATTACHMENT_BYTES = 30 * 1024 * 1024  # the host accepts requests up to 32 MB
MAX_ATTACHMENTS = 6


class ReviewError(Refused):
    """A review rule refused the change; ``field`` names the form field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.field = field


# --- reviews -----------------------------------------------------------------------


def court_reviews(court, published_only: bool = False) -> list[Review]:
    query = select(Review).where(Review.court_id == court.id)
    if published_only:
        query = query.where(Review.status == "published")
    return list(db.session.scalars(query.order_by(Review.created_at.desc(), Review.id.desc())))


def eligible_judges(court) -> list:
    return list(
        db.session.scalars(
            select(User)
            .where(User.court_id == court.id, User.is_enabled.is_(True))
            .order_by(User.display_name, User.username)
        )
    )


def parse_criteria(rows: list[tuple[str, str]]) -> list[tuple[str, int]]:
    """Rubric rows from the form: blank rows dropped, weights add up to 100."""
    criteria = []
    for name, weight in rows:
        name = (name or "").strip()[:60]
        weight = (weight or "").strip()
        if not name and not weight:
            continue
        if not name:
            raise ReviewError("每条评分标准都要填写名称。", "criteria")
        if parse_int(weight, minimum=1, maximum=100) is None:
            raise ReviewError(f"“{name}”的权重须是 1 到 100 的整数。", "criteria")
        criteria.append((name, int(weight)))
    if not criteria:
        raise ReviewError("请至少填写一条评分标准。", "criteria")
    total = sum(weight for _, weight in criteria)
    if total != 100:
        raise ReviewError(f"各项权重之和须为 100，现在是 {total}。", "criteria")
    return criteria


def save_review(court, review: Review | None, values: dict, user=None) -> Review:
    """Create or edit a review.  The rubric is fixed once a judge has scored."""
    criteria = parse_criteria(values["criteria"])
    allowed = {u.id for u in eligible_judges(court)}
    judge_ids = [i for i in dict.fromkeys(values.get("judge_ids") or []) if i in allowed]
    if not judge_ids:
        raise ReviewError("请至少选择一位评委。", "judge_ids")
    if review is None:
        review = Review(court_id=court.id, status="open")
        db.session.add(review)
    elif not review.is_open:
        raise ReviewError("结果已发布，不能再修改。")
    review.title = values["title"].strip()[:120]
    review.period = (values.get("period") or "").strip()[:40]
    review.description = (values.get("description") or "").strip()[:2000]
    review.votes_enabled = bool(values.get("votes_enabled"))
    review.award_places = int(values.get("award_places") or 3)
    _set_criteria(review, criteria)
    _set_judges(review, judge_ids)
    db.session.flush()
    audit("showcase.review_saved", f"保存品牌展评“{review.title}”", target=review, court=court, user=user)
    return review


def _has_scores(review: Review) -> bool:
    return (
        review.id is not None
        and db.session.scalar(
            select(Score.id).join(Entry, Entry.id == Score.entry_id).where(Entry.review_id == review.id).limit(1)
        )
        is not None
    )


def _set_criteria(review: Review, criteria: list[tuple[str, int]]) -> None:
    current = [(c.name, c.weight) for c in review.criteria]
    if current == criteria:
        return
    if _has_scores(review):
        raise ReviewError("评委已开始评分，评分标准不能再修改。", "criteria")
    review.criteria[:] = [Criterion(name=name, weight=weight, position=n) for n, (name, weight) in enumerate(criteria)]


def _set_judges(review: Review, judge_ids: list[int]) -> None:
    keep = [judge for judge in review.judges if judge.user_id in judge_ids]
    have = {judge.user_id for judge in keep}
    review.judges[:] = keep + [Judge(user_id=i) for i in judge_ids if i not in have]


def is_judge(review: Review, user) -> bool:
    return bool(user.is_authenticated) and any(judge.user_id == user.id for judge in review.judges)


def judged_reviews(court, user) -> list[Review]:
    """Open reviews the user was assigned to judge."""
    if not user.is_authenticated:
        return []
    return list(
        db.session.scalars(
            select(Review)
            .join(Judge, Judge.review_id == Review.id)
            .where(Review.court_id == court.id, Review.status == "open", Judge.user_id == user.id)
        )
    )


def judge_accounts(review: Review) -> list[tuple]:
    """[(judge User, branch of their member record or None)] (one query)."""
    return list(
        db.session.execute(
            select(User, Member.branch_id)
            .join(Judge, Judge.user_id == User.id)
            .outerjoin(Member, Member.id == User.member_id)
            .where(Judge.review_id == review.id)
            .order_by(User.id)
        ).all()
    )


def excluded_judges(review: Review, entries: list[Entry], accounts: list[tuple] | None = None) -> dict[int, list]:
    """{entry id: judges (User) who are members of the entry's branch}: they
    do not score it (回避)."""
    accounts = judge_accounts(review) if accounts is None else accounts
    return {entry.id: [user for user, branch_id in accounts if branch_id == entry.branch_id] for entry in entries}


def is_excluded(entry: Entry, user) -> bool:
    member = getattr(user, "member", None)
    return member is not None and member.branch_id == entry.branch_id


# --- entries -------------------------------------------------------------------------


def summary_from_brand(branch) -> str:
    """A first draft of the entry, from the brand on the microsite."""
    site = site_of(branch)
    parts = [f"{site.brand_name or branch.name}" + (f"：{site.slogan}" if site.slogan else "")]
    for label, html in (("品牌内涵", site.meaning), ("品牌载体", site.vehicle), ("品牌影响", site.impact)):
        text = Markup(html or "").striptags()
        if text:
            parts.append(f"【{label}】{text}")
    return "\n\n".join(parts)


def entry_of(review: Review, branch) -> Entry | None:
    return db.session.scalar(
        select(Entry)
        .where(Entry.review_id == review.id, Entry.branch_id == branch.id)
        .options(selectinload(Entry.attachments).joinedload(Attachment.file))
    )


def save_entry(review: Review, branch, summary: str, uploads: list, submit: bool, user=None) -> Entry:
    if not review.is_open:
        raise ReviewError("本次展评已结束，不能再提交作品。")
    summary = (summary or "").strip()[:5000]
    if submit and len(summary) < 20:
        raise ReviewError("请写好品牌介绍（至少 20 字）再提交。", "summary")
    entry = entry_of(review, branch)
    if entry is None:
        entry = Entry(court_id=review.court_id, review_id=review.id, branch_id=branch.id)
        db.session.add(entry)
    uploads = [u for u in uploads if u is not None and u.filename]
    if len(entry.attachments) + len(uploads) > MAX_ATTACHMENTS:
        raise ReviewError(f"附件最多 {MAX_ATTACHMENTS} 个。", "attachments")
    for upload in uploads:
        stored = save_upload(
            upload, allowed=ATTACHMENT_KINDS, max_bytes=MAX_ATTACHMENT_BYTES, court=branch.court, user=user
        )  # NotAllowed goes to the form
        entry.attachments.append(Attachment(file=stored))
    entry.summary = summary
    if submit and entry.submitted_at is None:
        entry.submitted_at = utcnow()
    db.session.flush()
    audit(
        "showcase.entry_saved",
        f"{'提交' if submit else '保存'}“{branch.name}”的展评作品",
        target=entry,
        court=branch.court,
        user=user,
    )
    return entry


def remove_attachment(attachment: Attachment, user=None) -> None:
    entry = attachment.entry
    if not entry.review.is_open:
        raise ReviewError("本次展评已结束，附件不能再删除。")
    stored = attachment.file
    entry.attachments.remove(attachment)
    db.session.flush()
    delete_stored(stored)
    audit(
        "showcase.entry_saved",
        f"删除“{entry.branch.name}”展评作品的一个附件",
        target=entry,
        court=entry.branch.court,
        user=user,
    )


def submitted_entries(review: Review) -> list[Entry]:
    return list(
        db.session.scalars(
            select(Entry)
            .where(Entry.review_id == review.id, Entry.submitted_at.is_not(None))
            .options(joinedload(Entry.branch), selectinload(Entry.attachments).joinedload(Attachment.file))
            .order_by(Entry.id)
        )
    )


def may_see_entry(entry: Entry, user, branch_scope_ids, in_court: bool) -> bool:
    """A draft is seen by its branch and the court admin; a submitted entry
    also by the judges and the court's own people (so members can vote);
    after publication by everyone."""
    if entry.submitted_at is not None and (entry.review.is_published or in_court or is_judge(entry.review, user)):
        return True
    return branch_scope_ids is None or entry.branch_id in branch_scope_ids


# --- scores ---------------------------------------------------------------------------


def my_scores(review: Review, user) -> dict[int, dict[int, int]]:
    """{entry_id: {criterion_id: value}} of one judge."""
    rows = db.session.execute(
        select(Score.entry_id, Score.criterion_id, Score.value)
        .join(Entry, Entry.id == Score.entry_id)
        .where(Entry.review_id == review.id, Score.user_id == user.id)
    )
    scores: dict[int, dict[int, int]] = {}
    for entry_id, criterion_id, value in rows:
        scores.setdefault(entry_id, {})[criterion_id] = value
    return scores


def sheet_totals(review: Review, scores: dict[int, dict[int, int]]) -> dict[int, float]:
    """Weighted totals of complete score sheets, by entry id."""
    weights = {c.id: c.weight for c in review.criteria}
    return {
        entry_id: sum(sheet[c] * w for c, w in weights.items()) / 100
        for entry_id, sheet in scores.items()
        if set(weights) <= set(sheet)
    }


MAX_COMMENT = 1000
EXCLUDED = "您是该支部的党员，按回避规定不为本支部的作品评分。"


def save_scores(entry: Entry, user, values: dict[int, str], comment: str = "") -> None:
    review = entry.review
    if not is_judge(review, user):
        raise PermissionError("not a judge of this review")
    if not review.is_open or entry.submitted_at is None:
        raise ReviewError("这件作品现在不能评分。")
    if is_excluded(entry, user):
        raise ReviewError(EXCLUDED)
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise ReviewError(f"评语不能超过 {MAX_COMMENT} 个字（现在 {len(comment)} 个字）。", "comment")
    clean = {}
    for criterion in review.criteria:
        raw = (values.get(criterion.id) or "").strip()
        if parse_int(raw, maximum=100) is None:
            raise ReviewError(f"“{criterion.name}”请打 0 到 100 分的整数。", f"c{criterion.id}")
        clean[criterion.id] = int(raw)
    existing = {
        s.criterion_id: s
        for s in db.session.scalars(select(Score).where(Score.entry_id == entry.id, Score.user_id == user.id))
    }
    for criterion_id, value in clean.items():
        if criterion_id in existing:
            existing[criterion_id].value = value
        else:
            db.session.add(Score(entry_id=entry.id, user_id=user.id, criterion_id=criterion_id, value=value))
    saved = my_comment(entry, user)
    if saved is None:
        db.session.add(JudgeComment(entry_id=entry.id, user_id=user.id, text=comment))
    else:
        saved.text = comment
    db.session.flush()


def my_comment(entry: Entry, user) -> JudgeComment | None:
    return db.session.scalar(
        select(JudgeComment).where(JudgeComment.entry_id == entry.id, JudgeComment.user_id == user.id)
    )


@dataclass
class Standing:
    entry: Entry
    score: float | None = None
    judges_done: int = 0
    votes: int = 0
    rank: int | None = None
    per_criterion: dict = field(default_factory=dict)
    judges_expected: int = 0  # the review's judges minus those excluded from this entry
    excluded: list = field(default_factory=list)  # judges (User) of the entry's own branch
    sheets: list = field(default_factory=list)  # [(judge User, total or None, comment)] for the court admin


def standings(review: Review) -> list[Standing]:
    """Provisional ranking: per judge the weighted sum of a complete score
    sheet, averaged over the judges who may score the entry and completed
    it.  A judge of the entry's own branch is excluded (回避): their sheet,
    if any, does not count, and the entry is not penalised for it."""
    entries = submitted_entries(review)
    accounts = judge_accounts(review)
    judges = {user.id: user for user, _ in accounts}
    excluded = excluded_judges(review, entries, accounts)
    weights = {c.id: c.weight for c in review.criteria}
    sheets: dict[tuple[int, int], dict[int, int]] = {}
    for s in db.session.scalars(
        select(Score).join(Entry, Entry.id == Score.entry_id).where(Entry.review_id == review.id)
    ):
        if s.user_id in judges and s.criterion_id in weights:
            sheets.setdefault((s.entry_id, s.user_id), {})[s.criterion_id] = s.value
    comments = {
        (c.entry_id, c.user_id): c.text
        for c in db.session.scalars(
            select(JudgeComment).join(Entry, Entry.id == JudgeComment.entry_id).where(Entry.review_id == review.id)
        )
    }
    votes = dict(
        db.session.execute(
            select(Vote.entry_id, func.count(Vote.id))
            .join(Entry, Entry.id == Vote.entry_id)
            .where(Entry.review_id == review.id)
            .group_by(Vote.entry_id)
        ).all()
    )
    result = []
    for entry in entries:
        out = {user.id for user in excluded.get(entry.id, [])}
        rows = []
        for user_id, user in judges.items():
            if user_id in out:
                continue
            sheet = sheets.get((entry.id, user_id))
            total = (
                sum(sheet[c] * w for c, w in weights.items()) / 100 if sheet and len(sheet) == len(weights) else None
            )
            rows.append((user, total, comments.get((entry.id, user_id), "")))
        totals = [total for _, total, _ in rows if total is not None]
        score = round(sum(totals) / len(totals), 2) if totals else None
        result.append(
            Standing(
                entry,
                score,
                len(totals),
                votes.get(entry.id, 0),
                judges_expected=len(judges) - len(out),
                excluded=excluded.get(entry.id, []),
                sheets=rows,
            )
        )
    result.sort(key=lambda s: (s.score is None, -(s.score or 0), -s.votes, s.entry.id))
    for n, standing in enumerate(result, start=1):
        standing.rank = n if standing.score is not None else None
    return result


def publish(review: Review, comments: dict[int, str], user=None, today: date | None = None) -> list[Standing]:
    """Fix the ranking and comments; award places become branch honours on
    the microsites.  One transaction: if any honour cannot be created, this
    raises :class:`ReviewError` and the view's rollback leaves nothing
    published (no ranked entry without its honour)."""
    if not review.is_open:
        raise ReviewError("结果已经发布过了。")
    table = standings(review)
    if not any(s.score is not None for s in table):
        raise ReviewError("还没有评委完成评分，不能发布结果。")
    court = db.session.get(Court, review.court_id)
    try:
        for standing in table:
            entry = standing.entry
            entry.rank, entry.final_score = standing.rank, standing.score
            entry.comment = (comments.get(entry.id) or "").strip()[:1000]
        review.status, review.published_at = "published", utcnow()
        audit("showcase.results_published", f"发布品牌展评“{review.title}”结果", target=review, court=court, user=user)
        for standing in table:
            if standing.rank is not None and standing.rank <= review.award_places:
                _award(review, standing.entry, court, user, today)
        _tell_results(review, court)
        db.session.flush()
    except (Refused, ValueError, SQLAlchemyError) as error:
        reason = getattr(error, "message", "") or "数据库写入失败"
        raise ReviewError(f"获奖荣誉未能记入支部网站（{reason}），结果没有发布，请稍后重试。") from error
    return table


def _tell_results(review: Review, court) -> None:
    from .todos import results_recipients

    notify(
        results_recipients(court, review),
        court=court,
        kind="showcase.results",
        title=f"品牌展评“{review.title}”结果已发布",
        body="获奖支部的荣誉已记入支部网站荣誉墙。",
        url=url_for("showcase.review", review_id=review.id, court_slug=court.slug) if has_request_context() else "",
    )


def _award(review: Review, entry: Entry, court, user, today: date | None) -> None:
    """Flushes only: the view commits everything :func:`publish` did together."""
    site = ensure_site(entry.branch)
    honour = create_site_honour(
        site,
        {
            "title": f"{review.title} 第{entry.rank}名",
            "level": "court",
            "awarding_body": f"{court.display_name}机关党委",
            "awarded_on": today or date.today(),
        },
        user=user,
    )
    publish_site_item(honour, True, user=user)
    entry.honour_id = honour.id
    db.session.flush()
