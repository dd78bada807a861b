"""Activities: visits, theme days and the yearly study day."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for

from dangjian.api import (
    PUBLIC,
    audit,
    branch_scope,
    can,
    current_user,
    db,
    delete_stored,
    get_in_court_or_404,
    int_arg,
    module_settings,
    page_arg,
    parse_int,
    requires,
    send_stored,
    show_refusal,
    year_arg,
)

from . import media, services
from .forms import ActivityForm, PhotoForm, ReflectionForm, choices
from .models import ACTIVITY_KINDS, Activity, ActivityPhoto
from .views import bp


@bp.route("/activities")
@requires("redculture.view")
def activities():
    year, branch_id = year_arg("year"), int_arg("branch_id")
    page = db.paginate(
        services.activities_query(g.court, year=year, branch_id=branch_id),
        page=page_arg(),
        per_page=20,
        error_out=False,
    )
    this_year = services.court_today(g.court).year
    return render_template(
        "redculture/activities.html",
        page=page,
        year=year,
        branch_id=branch_id,
        years=range(this_year + 1, this_year - 6, -1),
        branches=services.branches(g.court),
        may_organise=can("redculture.organise"),
    )


def _managed(activity_id: int) -> Activity:
    activity = get_in_court_or_404(Activity, activity_id)
    if not services.may_manage(current_user, g.court, activity):
        abort(404)
    return activity


def _form(activity=None) -> ActivityForm:
    form = ActivityForm(obj=activity)
    scope = branch_scope(current_user, "redculture.organise", g.court)
    form.branch_ids.choices = choices([(b.id, b.name) for b in services.branches(g.court, scope)])
    form.base_id.choices = choices([(0, "（不在教育基地）")] + [(b.id, b.name) for b in services.bases(g.court)])
    if scope is not None:  # the study day is the court committee's
        form.kind.choices = choices([(k, v) for k, v in ACTIVITY_KINDS.items() if k != "study_day"])
    if request.method == "GET":
        if activity is None:
            form.branch_ids.data = (
                [form.branch_ids.choices[0].value] if scope is not None and form.branch_ids.choices else []
            )
            if request.args.get("kind") == "study_day" and scope is None:
                form.kind.data = "study_day"
                form.title.data = module_settings("redculture", g.court)["study_day_title"]
        else:
            form.branch_ids.data = activity.branch_ids
            form.base_id.data = activity.base_id or 0
            form.signup_deadline.data = services.to_local(g.court, activity.signup_deadline)
    return form


def _valid_branches(form: ActivityForm, activity: Activity | None) -> bool:
    scope = branch_scope(current_user, "redculture.organise", g.court)
    if scope is not None and not form.branch_ids.data:
        form.branch_ids.errors = [*form.branch_ids.errors, "请选择组织支部"]
        return False
    if form.kind.data == "theme_day" and not form.branch_ids.data:
        form.branch_ids.errors = [*form.branch_ids.errors, "主题党日由支部开展，请选择组织支部"]
        return False
    return True


def _fill(form: ActivityForm, activity: Activity) -> None:
    activity.kind, activity.title = form.kind.data, form.title.data.strip()
    activity.held_on, activity.base_id = form.held_on.data, form.base_id.data or None
    activity.place = (form.place.data or "").strip()
    activity.description, activity.summary = form.description.data or "", form.summary.data or ""
    deadline = form.signup_deadline.data
    activity.signup_deadline = services.to_utc(g.court, deadline) if deadline else None


@bp.route("/activities/new", methods=["GET", "POST"])
@requires("redculture.organise")
def activity_create():
    form = _form()
    if form.validate_on_submit() and _valid_branches(form, None):
        activity = Activity(court_id=g.court.id, created_by_id=current_user.id, archive_links={})
        _fill(form, activity)
        services.save_activity(activity, form.branch_ids.data)
        services.record_in_archives(g.court, activity)
        audit(
            "redculture.activity_saved",
            f"登记红色教育活动：{activity.title}",
            target=activity,
            court=g.court,
            user=current_user,
        )
        db.session.commit()
        flash("活动已保存。活动结束后请登记参加人员、上传照片。", "success")
        return redirect(url_for("redculture.activity_detail", activity_id=activity.id))
    return render_template("redculture/activity_form.html", form=form, activity=None), 422 if form.errors else 200


@bp.route("/activities/<int:activity_id>/edit", methods=["GET", "POST"])
@requires("redculture.organise")
def activity_edit(activity_id: int):
    activity = _managed(activity_id)
    form = _form(activity)
    if form.validate_on_submit() and _valid_branches(form, activity):
        _fill(form, activity)
        services.save_activity(activity, form.branch_ids.data)
        services.record_in_archives(g.court, activity)
        audit(
            "redculture.activity_saved",
            f"修改红色教育活动：{activity.title}",
            target=activity,
            court=g.court,
            user=current_user,
        )
        db.session.commit()
        flash("活动已保存。", "success")
        return redirect(url_for("redculture.activity_detail", activity_id=activity.id))
    return render_template("redculture/activity_form.html", form=form, activity=activity), 422 if form.errors else 200


@bp.route("/activities/<int:activity_id>/delete", methods=["POST"])
@requires("redculture.organise")
def activity_delete(activity_id: int):
    activity = _managed(activity_id)
    title, files = activity.title, [p.file for p in activity.photos]
    db.session.delete(activity)
    db.session.flush()
    for stored in files:
        delete_stored(stored)
    audit("redculture.activity_deleted", f"删除红色教育活动：{title}", court=g.court, user=current_user)
    db.session.commit()
    flash(f"已删除活动“{title}”。已登记到党建档案的记录不受影响。", "success")
    return redirect(url_for("redculture.activities"))


@bp.route("/activities/<int:activity_id>")
@requires("redculture.view")
def activity_detail(activity_id: int):
    activity = get_in_court_or_404(Activity, activity_id)
    member = services.member_of(current_user, g.court)
    participants = services.load_participants(activity)
    mine = next((p for p in participants if member is not None and p.member_id == member.id), None)
    managing = can("redculture.organise") and services.may_manage(current_user, g.court, activity)
    return render_template(
        "redculture/activity.html",
        activity=activity,
        participants=participants,
        mine=mine,
        managing=managing,
        attended=[p for p in participants if p.attended],
        signed=[p for p in participants if p.signed_up_at],
        reflections=[p for p in participants if p.reflection],
        may_sign_up=services.may_sign_up(activity, member),
        signup_open=services.signup_open(activity),
        closed=services.closed_message(activity),
        deadline=services.to_local(g.court, activity.signup_deadline),
        curating=can("redculture.curate") and services.may_manage_site(current_user, g.court, activity),
        photo_form=PhotoForm(),
        reflection_form=ReflectionForm(reflection=mine.reflection if mine else ""),
    )


@bp.route("/activities/<int:activity_id>/attendance", methods=["GET", "POST"])
@requires("redculture.organise")
def activity_attendance(activity_id: int):
    activity = _managed(activity_id)
    roster = services.roster(g.court, services.eligible_branch_ids(activity))
    if request.method == "POST":
        allowed = {m.id for m in roster}
        present = {n for v in request.form.getlist("member_ids") if (n := parse_int(v)) is not None} & allowed
        services.set_attendance(activity, roster, present)
        activity.summary = request.form.get("summary", activity.summary)[:10000]
        services.record_in_archives(g.court, activity)
        audit(
            "redculture.attendance_saved",
            f"登记活动参加人员：{activity.title}（{len(present)} 人）",
            target=activity,
            court=g.court,
            user=current_user,
        )
        db.session.commit()
        flash(f"已登记 {len(present)} 名参加人员。", "success")
        return redirect(url_for("redculture.activity_detail", activity_id=activity.id))
    rows = {p.member_id: p for p in services.load_participants(activity)}
    return render_template("redculture/attendance.html", activity=activity, roster=roster, rows=rows)


@bp.route("/activities/<int:activity_id>/signup", methods=["POST"])
@requires("redculture.view")
def activity_signup(activity_id: int):
    activity = get_in_court_or_404(Activity, activity_id)
    member = services.member_of(current_user, g.court)
    try:
        if request.form.get("action") == "cancel":
            if member is None:
                raise services.SignupRefused("只有本院党员可以报名。")
            services.cancel_sign_up(activity, member)
            message = "已取消报名。"
        else:
            if member is None:
                raise services.SignupRefused("只有本院党员可以报名。")
            created = services.sign_up(activity, member)
            message = "报名成功。" if created else "您已经报过名了。"
    except services.SignupRefused as error:
        show_refusal(error, category="warning")
        return redirect(url_for("redculture.activity_detail", activity_id=activity_id))
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("redculture.activity_detail", activity_id=activity.id))


@bp.route("/activities/<int:activity_id>/reflection", methods=["POST"])
@requires("redculture.view")
def activity_reflection(activity_id: int):
    activity = get_in_court_or_404(Activity, activity_id)
    mine = services.participation_of(activity, services.member_of(current_user, g.court))
    if mine is None or not mine.attended:
        abort(403)
    form = ReflectionForm()
    if form.validate_on_submit():
        mine.reflection = form.reflection.data.strip()
        db.session.commit()
        flash("心得体会已保存。", "success")
    else:
        flash("；".join(form.reflection.errors) or "心得没有保存。", "warning")
    return redirect(url_for("redculture.activity_detail", activity_id=activity.id) + "#reflections")


@bp.route("/activities/<int:activity_id>/photos", methods=["POST"])
@requires("redculture.organise")
def activity_photos(activity_id: int):
    activity = _managed(activity_id)
    form = PhotoForm()
    stored, errors = media.save_photos(form.photos.data, g.court, current_user)
    caption = (form.caption.data or "").strip()[:100]
    activity.photos.extend(ActivityPhoto(file=s, file_id=s.id, caption=caption) for s in stored)
    db.session.commit()
    for error in errors:
        flash(error, "danger")
    if stored:
        flash(f"已上传 {len(stored)} 张照片。", "success")
    elif not errors:
        flash("请选择要上传的照片。", "warning")
    return redirect(url_for("redculture.activity_detail", activity_id=activity.id) + "#photos")


def _photo(photo_id: int) -> ActivityPhoto:
    photo = db.session.get(ActivityPhoto, photo_id)
    if photo is None:
        abort(404)
    get_in_court_or_404(Activity, photo.activity_id)
    return photo


@bp.route("/photos/<int:photo_id>")
@requires("redculture.view")
def photo(photo_id: int):
    return send_stored(_photo(photo_id).file, inline=True)


@bp.route("/site-photos/<int:photo_id>")
@requires(PUBLIC)
def site_photo(photo_id: int):
    """Photos chosen for the microsite, for its visitors; no other photo."""
    chosen = _photo(photo_id)
    if not chosen.on_site:
        abort(404)
    return send_stored(chosen.file, inline=True)


@bp.route("/photos/<int:photo_id>/delete", methods=["POST"])
@requires("redculture.organise")
def photo_delete(photo_id: int):
    chosen = _photo(photo_id)
    activity = _managed(chosen.activity_id)
    stored = chosen.file
    db.session.delete(chosen)
    db.session.flush()
    delete_stored(stored)
    db.session.commit()
    flash("照片已删除。", "success")
    return redirect(url_for("redculture.activity_detail", activity_id=activity.id) + "#photos")


@bp.route("/photos/<int:photo_id>/site", methods=["POST"])
@requires("redculture.curate")
def photo_site(photo_id: int):
    chosen = _photo(photo_id)
    activity = get_in_court_or_404(Activity, chosen.activity_id)
    if not services.may_manage_site(current_user, g.court, activity):
        abort(404)
    chosen.on_site = request.form.get("on_site") == "1"
    audit(
        "redculture.photo_site",
        f"{'选用' if chosen.on_site else '撤下'}红色足迹照片：{activity.title}",
        target=activity,
        court=g.court,
        user=current_user,
    )
    db.session.commit()
    flash("已选用到支部网站“红色足迹”。" if chosen.on_site else "已从支部网站撤下。", "success")
    return redirect(url_for("redculture.activity_detail", activity_id=activity.id) + "#photos")
