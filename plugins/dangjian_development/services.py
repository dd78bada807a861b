"""Candidates, their steps and the member record they become (no request objects).

Services change rows, flush and audit; the view commits.  A step that breaks
a rule raises :class:`DevelopmentRefused` with the rule quoted.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from dangjian.api import Member, Refused, User, audit, court_hooks, court_today, db, delete_stored

from . import rules
from .models import STAGE_ORDER, Candidate, CandidateDocument, Step, StepRecord

MAX_NAME = 40


class DevelopmentRefused(Refused):
    """A candidate's file cannot change as asked; the reason quotes the rule."""


# --- the court's procedure ------------------------------------------------------


def ensure_steps(court) -> bool:
    """Give a court the default procedure the first time it is needed; True when rows were added."""
    if db.session.scalar(select(func.count(Step.id)).where(Step.court_id == court.id)):
        return False
    for position, (code, stage, title, repeatable, hint) in enumerate(rules.DEFAULT_STEPS, start=1):
        db.session.add(
            Step(
                court_id=court.id,
                code=code,
                stage=stage,
                title=title,
                position=position * 10,
                repeatable=repeatable,
                hint=hint,
            )
        )
    db.session.flush()
    return True


def steps(court) -> list[Step]:
    return list(db.session.scalars(select(Step).where(Step.court_id == court.id).order_by(Step.position, Step.id)))


def _stage_index(stage: str) -> int:
    return STAGE_ORDER.index(stage) if stage in STAGE_ORDER else 0


# --- a candidate's dates ---------------------------------------------------------


def code_dates(candidate: Candidate) -> dict[str, date]:
    """Built-in code → date of its first record (the milestones the rules read)."""
    found: dict[str, date] = {}
    for record in candidate.records:
        code = record.step.code
        if code not in found or record.done_on < found[code]:
            found[code] = record.done_on
    return found


def last_assessed(candidate: Candidate) -> date | None:
    days = [r.done_on for r in candidate.records if r.step.code == "assess"]
    return max(days) if days else None


def deadlines(candidate: Candidate) -> list[rules.Deadline]:
    return rules.deadlines(candidate.stage, code_dates(candidate), last_assessed(candidate))


def stage_of(candidate: Candidate) -> str:
    dates = code_dates(candidate)
    reached = [stage for code, stage in rules.ENTRY_STEPS.items() if code in dates]
    return max(reached, key=_stage_index) if reached else "applicant"


def probation_end(candidate: Candidate) -> date | None:
    admitted = code_dates(candidate).get("admit")
    return rules.add_years(admitted, 1) if admitted else None


# --- candidates ------------------------------------------------------------------


def candidates_query(court, scope: set[int] | None):
    query = (
        select(Candidate)
        .options(selectinload(Candidate.branch), selectinload(Candidate.records))
        .where(Candidate.court_id == court.id)
    )
    if scope is not None:
        query = query.where(Candidate.branch_id.in_(scope or [-1]))
    return query.order_by(Candidate.branch_id, Candidate.name, Candidate.id)


def find_account(court, username: str):
    """An account of this court by its user name, or None."""
    account = db.session.scalar(select(User).where(User.username == username.strip()))
    if account is None:
        return None
    own_court = account.court_id == court.id or (account.member is not None and account.member.court_id == court.id)
    return account if own_court else None


def save_candidate(court, candidate: Candidate | None, values: dict, user) -> Candidate:
    """Create or change a candidate (name, branch, sex, birth date, department, contact, account, note)."""
    created = candidate is None
    username = (values.pop("username", "") or "").strip()
    account = None
    if username:  # checked before the new row joins the session: a query would flush it half-filled
        account = find_account(court, username)
        if account is None:
            raise DevelopmentRefused(f"本院没有用户名为“{username}”的账号", field="username")
        taken = db.session.scalar(
            select(Candidate.id).where(
                Candidate.user_id == account.id, Candidate.id != (candidate.id if candidate is not None else -1)
            )
        )
        if taken:
            raise DevelopmentRefused(f"账号“{username}”已关联其他发展对象的档案", field="username")
    if candidate is None:
        candidate = Candidate(court_id=court.id, created_by_id=getattr(user, "id", None))
        db.session.add(candidate)
    for name in ("name", "branch_id", "sex", "birth_date", "education", "department", "contact_person", "note"):
        if name in values:
            value = values[name]
            setattr(candidate, name, value.strip() if isinstance(value, str) else value)
    candidate.user_id = account.id if account is not None else None
    db.session.flush()
    audit(
        "development.candidate_saved",
        f"{'新增' if created else '修改'}发展党员档案：{candidate.name}",
        target=candidate,
        court=court,
        user=user,
    )
    return candidate


def delete_candidate(court, candidate: Candidate, user) -> None:
    if candidate.member_id is not None:
        raise DevelopmentRefused("已接收为党员的档案不能删除，它是党员入党材料的一部分")
    name, files = candidate.name, [d.file for d in candidate.documents]
    db.session.delete(candidate)
    db.session.flush()
    for stored in files:
        delete_stored(stored)
    audit("development.candidate_deleted", f"删除发展党员档案：{name}", court=court, user=user)


# --- recording a step ---------------------------------------------------------------


def _order_problem(candidate: Candidate, step: Step, on: date, all_steps: list[Step]) -> str | None:
    done = {r.step_id for r in candidate.records}
    for earlier in all_steps:
        if earlier.position >= step.position:
            break
        if not earlier.repeatable and earlier.id not in done:
            return f"请先登记“{earlier.title}”，再登记“{step.title}”"
    for record in candidate.records:
        other = record.step
        if other.position < step.position and on < record.done_on:
            return f"“{step.title}”的日期不能早于前一环节“{other.title}”（{record.done_on:%Y-%m-%d}）"
        if other.position > step.position and on > record.done_on:
            return f"“{step.title}”的日期不能晚于后一环节“{other.title}”（{record.done_on:%Y-%m-%d}）"
    return None


def check_step(candidate: Candidate, step: Step, on: date, today: date) -> None:
    """Refuse a date the procedure or a time rule does not allow, the rule quoted."""
    if not step.repeatable and any(r.step_id == step.id for r in candidate.records):
        raise DevelopmentRefused(f"“{step.title}”已经登记过；如需更正，请先删除原记录", field="done_on")
    if candidate.stage == "full" and step.stage != "full":
        raise DevelopmentRefused("已转为正式党员，不能再登记前面阶段的环节", field="done_on")
    problem = rules.check_date(step.code, on, code_dates(candidate), today, candidate.birth_date)
    if problem is not None:
        raise DevelopmentRefused(problem.text(), field="done_on")
    message = _order_problem(candidate, step, on, steps_of_court(candidate.court_id))
    if message:
        raise DevelopmentRefused(f"{message}（依据：{rules.RULES['order']}）", field="done_on")


def steps_of_court(court_id: int) -> list[Step]:
    return list(db.session.scalars(select(Step).where(Step.court_id == court_id).order_by(Step.position, Step.id)))


def warnings(candidate: Candidate, step: Step, on: date) -> list[str]:
    """What is late but allowed: a talk more than a month after the application."""
    dates = code_dates(candidate)
    if step.code == "talk" and "apply" in dates and on > rules.add_months(dates["apply"], 1):
        return [
            f"谈话晚于收到申请书一个月的期限（{rules.add_months(dates['apply'], 1):%Y-%m-%d}）。{rules.RULES['talk']}"
        ]
    return []


def record_step(court, candidate: Candidate, step: Step, on: date, note: str, user) -> StepRecord:
    check_step(candidate, step, on, court_today(court))
    record = StepRecord(
        candidate=candidate,
        step_id=step.id,
        step=step,
        done_on=on,
        note=(note or "").strip()[:500],
        by_user_id=getattr(user, "id", None),
        by_name=_name_of(user),
    )
    db.session.add(record)
    db.session.flush()
    before = candidate.stage
    candidate.stage = stage_of(candidate)
    audit(
        "development.step_recorded",
        f"{candidate.name}：{step.title}（{on:%Y-%m-%d}）",
        target=candidate,
        court=court,
        user=user,
    )
    if step.code == "approve":
        admit_member(court, candidate, user)
    elif step.code == "convert_approve":
        convert_member(court, candidate, user)
    if candidate.stage != before:
        db.session.flush()
    return record


def delete_record(court, candidate: Candidate, record: StepRecord, user) -> None:
    if record.step.code in ("approve", "convert_approve") and candidate.member_id is not None:
        raise DevelopmentRefused("党员名册已据此更新，这条记录不能删除；如需更正，请在党员名册中修改")
    later = [r for r in candidate.records if r.step.position > record.step.position]
    if later and not record.step.repeatable:
        raise DevelopmentRefused(f"请先删除后面环节的记录（如“{later[0].step.title}”），再删除“{record.step.title}”")
    title, on = record.step.title, record.done_on
    candidate.records.remove(record)
    db.session.flush()
    candidate.stage = stage_of(candidate)
    db.session.flush()
    audit(
        "development.step_deleted",
        f"{candidate.name}：删除“{title}”（{on:%Y-%m-%d}）",
        target=candidate,
        court=court,
        user=user,
    )


def _name_of(user) -> str:
    return (getattr(user, "display_name", "") or getattr(user, "username", "") or "")[:60]


# --- the member record: entered once, here ------------------------------------------


def admit_member(court, candidate: Candidate, user) -> Member:
    """上级党委审批: the member record (预备党员, 入党时间 = the branch meeting's date).

    There is no member-creating function in ``dangjian.api``: the row is
    made here through the exported model, audited, and announced with the
    host's ``dangjian_member_created`` event."""
    admitted_on = code_dates(candidate)["admit"]
    member = candidate.member
    created = member is None
    if member is None:
        member = Member(court_id=court.id, branch_id=candidate.branch_id, name=candidate.name)
        db.session.add(member)
    member.sex = candidate.sex
    member.birth_date = candidate.birth_date
    member.department = candidate.department
    member.education = candidate.education
    member.status = "probationary"
    member.joined_party_on = admitted_on
    member.full_member_on = None
    db.session.flush()
    candidate.member_id = member.id
    candidate.member = member
    account = candidate.user
    if account is not None and account.member_id is None:
        account.member_id = member.id
    db.session.flush()
    audit(
        "development.member_admitted",
        f"{candidate.name} 接收为预备党员，入党时间 {admitted_on:%Y-%m-%d}，已{'加入' if created else '更新'}党员名册",
        target=member,
        court=court,
        user=user,
    )
    if created:
        court_hooks(court, "dangjian_member_created", member=member)
    return member


def convert_member(court, candidate: Candidate, user) -> Member:
    """上级党委审批转正: 正式党员, 转正时间 = the day probation ended."""
    member = candidate.member
    if member is None:
        member = admit_member(court, candidate, user)
    end = probation_end(candidate)
    changes = {"status": (member.status, "full"), "full_member_on": (member.full_member_on, end)}
    member.status = "full"
    member.full_member_on = end
    db.session.flush()
    audit(
        "development.member_converted",
        f"{candidate.name} 转为正式党员，转正时间 {end:%Y-%m-%d}，党员名册已更新",
        target=member,
        court=court,
        user=user,
    )
    court_hooks(court, "dangjian_member_changed", member=member, changes=changes)
    return member


def attach_document(court, candidate: Candidate, stored, title: str, kind: str, action: str, user):
    """Put a stored file (generated or uploaded) into the candidate's file, audited."""
    document = CandidateDocument(
        candidate_id=candidate.id, title=title, kind=kind, file_id=stored.id, by_user_id=user.id, by_name=_name_of(user)
    )
    db.session.add(document)
    db.session.flush()
    verb = "生成" if action == "development.document_generated" else "上传"
    audit(action, f"{candidate.name}：{verb}{title}", target=candidate, court=court, user=user)
    return document
