"""Meeting records: list, write, file, review, export."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from flask import abort, flash, g, make_response, redirect, render_template, request, url_for
from sqlalchemy import or_
from wtforms.fields.choices import SelectChoice

from dangjian.api import (
    NotAllowed,
    audit,
    can,
    current_user,
    db,
    get_in_scope_or_404,
    int_arg,
    is_enabled,
    page_arg,
    parse_int,
    requires,
    send_stored,
    show_refusal,
    to_local,
    utcnow,
    year_arg,
)

from .blueprint import bp, branch_choices, branch_in_scope, scope, today
from .forms import AttachmentForm, MeetingForm, ReturnForm, choices
from .models import ATTENDANCE_LABELS, DRAFT, RETURNED, STATUS_LABELS, Meeting, MeetingFile, PlanItem
from .services import meetings as svc
from .services import study_link
from .services.documents import store
from .services.exports import meeting_docx, record_rows
from .services.setup import meeting_types

PER_PAGE = 20


@bp.route("/")
@requires("archives.view")
def index():
    visible = scope()
    query = svc.scoped_meetings(g.court, visible)
    branch_id, type_id, year = int_arg("branch"), int_arg("type"), year_arg("year")
    status = request.args.get("status", "")
    q = request.args.get("q", "").strip()
    if branch_id:
        query = query.where(Meeting.branch_id == branch_id)
    if type_id:
        query = query.where(Meeting.type_id == type_id)
    if status in STATUS_LABELS:
        query = query.where(Meeting.status == status)
    elif status == "late":
        query = query.where(Meeting.late.is_(True))
    if year:
        query = query.where(Meeting.held_on.between(date(year, 1, 1), date(year, 12, 31)))
    if q:
        pattern = f"%{q.replace('%', '')}%"
        query = query.where(or_(Meeting.title.ilike(pattern), Meeting.place.ilike(pattern)))
    page = db.paginate(
        query.order_by(Meeting.held_on.desc(), Meeting.id.desc()), page=page_arg(), per_page=PER_PAGE, error_out=False
    )
    return render_template(
        "archives/index.html",
        page=page,
        branches=branch_choices("archives.view"),
        types=meeting_types(g.court),
        statuses=STATUS_LABELS,
        filters={"branch": branch_id, "type": type_id, "status": status, "year": year, "q": q},
        this_year=today().year,
    )


def _meeting(meeting_id: int, permission: str = "archives.view") -> Meeting:
    meeting = get_in_scope_or_404(Meeting, meeting_id, permission)
    return db.session.scalar(svc.load_for_detail(meeting.id))


def _form(meeting: Meeting | None = None) -> MeetingForm:
    form = MeetingForm(obj=meeting)
    form.today = today()
    types = meeting_types(g.court)
    form.study_type_ids = frozenset(t.id for t in types if t.code in study_link.STUDY_TYPES)
    form.branch_id.choices = choices(branch_choices("archives.record"))
    form.type_id.choices = choices((t.id, t.name) for t in types)
    return form


def _attendance_from_request(members) -> dict:
    picked = {}
    for member in members:
        status = request.form.get(f"att-{member.id}")
        if status:
            picked[member.id] = (status, request.form.get(f"reason-{member.id}", ""))
    return picked


def _editor(form, meeting, branch, plan_item=None):
    members = svc.roster(branch)
    marks = {row.member_id: row for row in meeting.attendance} if meeting is not None else {}
    meeting_type = next((t for t in meeting_types(g.court) if t.id == form.type_id.data), None)
    return render_template(
        "archives/meeting_form.html",
        form=form,
        meeting=meeting,
        branch=branch,
        members=members,
        marks=marks,
        labels=ATTENDANCE_LABELS,
        plan_item=plan_item,
        custom=meeting_type.custom_elements if meeting_type else [],
        confirmed=set(meeting.confirmed or []) if meeting is not None else set(),
    )


@bp.route("/meetings/new", methods=["GET", "POST"])
@requires("archives.record")
def meeting_new():
    offered = branch_choices("archives.record")
    if not offered:
        # A court without branches yet: a dead end would not say what to do.
        flash(
            "还没有可以记录会议的党支部。"
            + ("请先在组织架构中建立党支部。" if can("org.manage") else "请机关党委管理员先建立党支部。"),
            "warning",
        )
        return redirect(url_for("archives.index"))
    plan_item = None
    plan_id = int_arg("plan")
    if plan_id:
        plan_item = get_in_scope_or_404(PlanItem, plan_id, "archives.record")
    branch_id = (
        parse_int(request.form.get("branch_id"))
        or int_arg("branch")
        or (plan_item.branch_id if plan_item else offered[0][0])
    )
    branch = branch_in_scope(branch_id, "archives.record")
    form = _form()
    if request.method == "GET":
        form.branch_id.data = branch.id
        values = svc.prefill(g.court, branch, plan_item, None)
        form.type_id.data = values.get("type_id") or int_arg("type")
        form.title.data, form.lecturer.data = values["title"], values["lecturer"]
        form.held_on.data = today()
    if form.validate_on_submit():
        meeting = Meeting(
            court_id=g.court.id,
            branch_id=branch.id,
            status=DRAFT,
            created_by_id=current_user.id,
            plan_item_id=plan_item.id if plan_item else None,
        )
        _save(meeting, form, branch)
        db.session.add(meeting)
        db.session.commit()
        flash("会议记录已保存为草稿。核对必备要素后即可报送。", "success")
        return redirect(url_for("archives.meeting_detail", meeting_id=meeting.id))
    return _editor(form, None, branch, plan_item)


def _save(meeting, form, branch):
    members = svc.roster(branch)
    values = {name: getattr(form, name).data for name in svc.TEXT_FIELDS}
    values.update(
        held_on=form.held_on.data,
        type_id=form.type_id.data,
        confirmed=request.form.getlist("confirmed"),
        duration_minutes=round(float(form.hours.data) * 60) if form.hours.data is not None else 0,
    )
    meeting.type = next(t for t in meeting_types(g.court) if t.id == form.type_id.data)
    svc.save(meeting, values, _attendance_from_request(members), members)


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@requires("archives.record")
def meeting_edit(meeting_id):
    meeting = _meeting(meeting_id, "archives.record")
    if meeting.status not in (DRAFT, RETURNED):
        flash("已报送的记录不能再修改；如需更正，请机关党委驳回后修改。", "warning")
        return redirect(url_for("archives.meeting_detail", meeting_id=meeting.id))
    form = _form(meeting)
    form.branch_id.choices = [SelectChoice(meeting.branch_id, meeting.branch.name)]
    form.branch_id.data = meeting.branch_id
    if form.validate_on_submit():
        _save(meeting, form, meeting.branch)
        db.session.commit()
        flash("修改已保存。", "success")
        return redirect(url_for("archives.meeting_detail", meeting_id=meeting.id))
    return _editor(form, meeting, meeting.branch)


@bp.route("/meetings/<int:meeting_id>/")
@requires("archives.view")
def meeting_detail(meeting_id):
    meeting = _meeting(meeting_id)
    return render_template(
        "archives/meeting_detail.html",
        meeting=meeting,
        checklist=svc.checklist(meeting),
        quorum_low=svc.below_quorum(meeting),
        labels=ATTENDANCE_LABELS,
        return_form=ReturnForm(),
        attachment_form=AttachmentForm(),
        may_record=can("archives.record") and _in_scope(meeting, "archives.record"),
        may_review=can("archives.review"),
        study_hours=study_link.counts_as_study(meeting) and is_enabled(g.court, "study"),
        to_local=lambda stored: to_local(g.court, stored),
    )


def _in_scope(meeting, permission):
    allowed = scope(permission)
    return allowed is None or meeting.branch_id in allowed


@bp.route("/meetings/<int:meeting_id>/file", methods=["POST"])
@requires("archives.record")
def meeting_file(meeting_id):
    meeting = _meeting(meeting_id, "archives.record")
    return _transition(
        meeting,
        lambda: svc.file(g.court, meeting, current_user, utcnow()),
        "已报送，等待机关党委审核。",
        late_message="已报送。超过报送期限，记为“补开补报”。",
    )


@bp.route("/meetings/<int:meeting_id>/approve", methods=["POST"])
@requires("archives.review")
def meeting_approve(meeting_id):
    meeting = _meeting(meeting_id)
    return _transition(meeting, lambda: svc.approve(g.court, meeting, current_user, utcnow()), "已审核通过。")


@bp.route("/meetings/<int:meeting_id>/return", methods=["POST"])
@requires("archives.review")
def meeting_return(meeting_id):
    meeting = _meeting(meeting_id)
    form = ReturnForm()
    reason = form.reason.data if form.validate_on_submit() else ""
    return _transition(
        meeting,
        lambda: svc.send_back(g.court, meeting, current_user, utcnow(), reason),
        "已驳回，支部书记会看到驳回原因。",
    )


def _transition(meeting, action, message, late_message=None):
    try:
        action()
    except svc.NotPossible as error:
        show_refusal(error)
    else:
        db.session.commit()
        flash(late_message if late_message and meeting.late else message, "success")
    return redirect(url_for("archives.meeting_detail", meeting_id=meeting.id))


@bp.route("/meetings/<int:meeting_id>/delete", methods=["POST"])
@requires("archives.record")
def meeting_delete(meeting_id):
    meeting = _meeting(meeting_id, "archives.record")
    if meeting.status != DRAFT:
        flash("只有草稿可以删除；已报送的记录是档案，不能删除。", "danger")
        return redirect(url_for("archives.meeting_detail", meeting_id=meeting.id))
    audit("archives.meeting_deleted", f"删除会议记录草稿：{meeting.title}", target=meeting, court=g.court)
    db.session.delete(meeting)
    db.session.commit()
    flash("草稿已删除。", "success")
    return redirect(url_for("archives.index"))


@bp.route("/meetings/<int:meeting_id>/word")
@requires("archives.view")
def meeting_word(meeting_id):
    meeting = _meeting(meeting_id)
    response = make_response(meeting_docx(meeting))
    response.mimetype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    name = f"{meeting.held_on:%Y%m%d}{meeting.type.name}记录.docx"
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"meeting-{meeting.id}.docx\"; filename*=UTF-8''{quote(name)}"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/meetings/<int:meeting_id>/print")
@requires("archives.view")
def meeting_print(meeting_id):
    meeting = _meeting(meeting_id)
    return render_template("archives/meeting_print.html", meeting=meeting, rows=record_rows(meeting))


@bp.route("/meetings/<int:meeting_id>/files", methods=["POST"])
@requires("archives.record")
def attachment_add(meeting_id):
    meeting = _meeting(meeting_id, "archives.record")
    form = AttachmentForm()
    if not form.validate_on_submit():
        flash("；".join(e for errors in form.errors.values() for e in errors), "danger")
    else:
        try:
            stored = store(g.court, form.upload.data, current_user)
        except NotAllowed as error:
            show_refusal(error)
        else:
            meeting.files.append(MeetingFile(stored_file_id=stored.id, stored=stored, role=form.role.data))
            db.session.commit()
            flash("附件已上传。", "success")
    return redirect(url_for("archives.meeting_detail", meeting_id=meeting.id) + "#files")


def _attachment(meeting, file_id) -> MeetingFile:
    item = next((f for f in meeting.files if f.id == file_id), None)
    if item is None:
        abort(404)
    return item


@bp.route("/meetings/<int:meeting_id>/files/<int:file_id>")
@requires("archives.view")
def attachment_download(meeting_id, file_id):
    return send_stored(_attachment(_meeting(meeting_id), file_id).stored)


@bp.route("/meetings/<int:meeting_id>/files/<int:file_id>/delete", methods=["POST"])
@requires("archives.record")
def attachment_delete(meeting_id, file_id):
    meeting = _meeting(meeting_id, "archives.record")
    item = _attachment(meeting, file_id)
    if meeting.status not in (DRAFT, RETURNED):
        flash("已报送的记录不能删除附件。", "danger")
    else:
        meeting.files.remove(item)
        db.session.commit()
        flash("附件已删除。", "success")
    return redirect(url_for("archives.meeting_detail", meeting_id=meeting.id) + "#files")
