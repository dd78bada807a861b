"""The party organisation tree of a court: viewing and administering it."""

from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from ..access import branch_scope, can, get_in_court_or_404, requires
from ..auth.fresh import sensitive
from ..courts.tenancy import court_blueprint
from ..db import db
from ..inputs import int_arg, page_arg
from ..members.models import MEMBER_STATUSES
from . import services
from .forms import NO_PARENT, CommitteeForm, CreateOrgForm, EditOrgForm, MoveOrgForm
from .models import ALLOWED_PARENTS, COMMITTEE_POSTS, ORG_KINDS, Organisation

bp = court_blueprint("org", __name__, url_prefix="/manage/org")
MEMBERS_PER_PAGE = 50


@bp.app_template_filter("department_kind")
def _department_kind(value: str) -> str:
    return services.department_kind_label(value)


def _visible_ids() -> set[int] | None:
    """Organisations whose detail page the user may open (None: all).

    Branch secretaries see the whole tree but only their own branch and its
    party groups in detail, because the detail page lists members.
    """
    return branch_scope(current_user, "org.view", g.court)


def _may_open(org: Organisation, scope: set[int] | None) -> bool:
    return scope is None or org.id in scope or (org.kind == "group" and org.parent_id in scope)


def _get_org(org_id: int) -> Organisation:
    return get_in_court_or_404(Organisation, org_id)


def _apply_error(form, error: services.OrgError) -> None:
    field = form._fields.get(error.field or "")
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "danger")


@bp.route("/")
@requires("org.view")
def tree():
    show_dissolved = request.args.get("dissolved") == "1"
    built = services.build_tree(g.court, include_dissolved=show_dissolved)
    return render_template(
        "org/tree.html",
        tree=built,
        show_dissolved=show_dissolved,
        scope=_visible_ids(),
        may_open=_may_open,
        manage=can("org.manage"),
        oversight=g.court.parent_id is not None and current_user.court_id == g.court.parent_id,
    )


@bp.route("/new", methods=["GET", "POST"])
@requires("org.manage")
def create():
    form = CreateOrgForm()
    parents = services.parent_options(g.court)
    has_committee = any(o.kind == "committee" and o.parent_id is None for o in parents)
    form.set_parents(parents, allow_top=not has_committee)
    if request.method == "GET":
        _prefill_create(form, int_arg("parent"))
    if form.validate_on_submit():
        parent = _get_org(form.parent_id.data) if form.parent_id.data != NO_PARENT else None
        try:
            org = services.create_org(
                g.court,
                kind=form.kind.data,
                parent=parent,
                name=form.name.data,
                slug=form.slug.data,
                department=form.department.data,
                department_kind=form.department_kind.data,
            )
        except services.OrgError as error:
            db.session.rollback()
            _apply_error(form, error)
        else:
            flash(f"已新建{org.kind_label}“{org.name}”（网址标识 {org.slug}）。", "success")
            return redirect(url_for(".detail", org_id=org.id))
    kinds_by_parent = {o.id: o.kind for o in services.court_orgs(g.court, include_dissolved=False)}
    return render_template(
        "org/create.html",
        form=form,
        allowed_parents=ALLOWED_PARENTS,
        kinds_by_parent=kinds_by_parent,
        kinds=ORG_KINDS,
        slugs=services.suggest_slugs(g.court),
    )


def _prefill_create(form: CreateOrgForm, parent_id: int | None) -> None:
    """Preselect the parent from the link followed and the kind that
    usually goes under it."""
    if parent_id:
        parent = _get_org(parent_id)
        form.parent_id.data = parent.id
        form.kind.data = "group" if parent.kind == "branch" else "branch"
    elif form.parent_id.choices and form.parent_id.choices[0].value != NO_PARENT:
        form.parent_id.data, form.kind.data = form.parent_id.choices[0].value, "branch"
    else:
        form.parent_id.data, form.kind.data = NO_PARENT, "committee"


@bp.route("/<int:org_id>/")
@requires("org.view")
def detail(org_id: int):
    org = _get_org(org_id)
    if not _may_open(org, _visible_ids()):
        abort(404)
    search = request.args.get("q", "").strip()[:40]
    page = db.paginate(services.members_query(org, search), page=page_arg(), per_page=MEMBERS_PER_PAGE, error_out=False)
    return render_template(
        "org/detail.html",
        org=org,
        page=page,
        search=search,
        info=services.overview(org),
        trail=services.ancestors(org),
        posts=COMMITTEE_POSTS,
        statuses=MEMBER_STATUSES,
        member_link="members.detail" in current_app.view_functions,
        manage=can("org.manage"),
    )


@bp.route("/<int:org_id>/edit", methods=["GET", "POST"])
@requires("org.manage")
def edit(org_id: int):
    org = _get_org(org_id)
    if not org.active:
        flash("已撤销的组织不能修改。", "warning")
        return redirect(url_for(".detail", org_id=org.id))
    form = EditOrgForm(obj=org)
    if form.validate_on_submit():
        try:
            changes = services.update_org(
                org,
                name=form.name.data,
                slug=form.slug.data or org.slug,
                department=form.department.data,
                department_kind=form.department_kind.data,
            )
        except services.OrgError as error:
            db.session.rollback()
            _apply_error(form, error)
        else:
            flash("已保存修改。" if changes else "没有需要保存的修改。", "success" if changes else "info")
            if "slug" in changes:
                flash(f"网址标识已改为 {org.slug}，本组织网站的原网址已失效，请告知常用该网址的同志。", "warning")
            return redirect(url_for(".detail", org_id=org.id))
    return render_template("org/edit.html", org=org, form=form, trail=services.ancestors(org))


@bp.route("/<int:org_id>/move", methods=["GET", "POST"])
@requires("org.manage")
def move(org_id: int):
    org = _get_org(org_id)
    if org.kind == "committee" or not org.active:
        flash(
            "机关党委是本院最高一级党组织，无需调整隶属关系。" if org.active else "已撤销的组织不能调整隶属关系。",
            "info",
        )
        return redirect(url_for(".detail", org_id=org.id))
    form = MoveOrgForm()
    options = services.parent_options(g.court, org.kind, moving=org)
    form.set_parents(options, allow_top=None in ALLOWED_PARENTS[org.kind], current_id=org.parent_id)
    if request.method == "GET":
        form.parent_id.data = org.parent_id or NO_PARENT
    if form.validate_on_submit():
        parent = _get_org(form.parent_id.data) if form.parent_id.data != NO_PARENT else None
        try:
            services.move_org(org, parent)
        except services.OrgError as error:
            db.session.rollback()
            _apply_error(form, error)
        else:
            flash(f"已将“{org.name}”调整到“{parent.name if parent else '（无上级）'}”之下。", "success")
            return redirect(url_for(".detail", org_id=org.id))
    return render_template("org/move.html", org=org, form=form, options=options, trail=services.ancestors(org))


@bp.route("/<int:org_id>/dissolve", methods=["POST"])
@requires("org.manage")
@sensitive
def dissolve(org_id: int):
    org = _get_org(org_id)
    try:
        services.dissolve_org(org)
    except services.OrgError as error:
        db.session.rollback()
        flash(error.message, "danger")
        return redirect(url_for(".detail", org_id=org.id))
    flash(f"已撤销{org.kind_label}“{org.name}”。组织架构图默认不再显示它，点“显示已撤销组织”可查看。", "success")
    return redirect(url_for(".tree"))


@bp.route("/<int:org_id>/committee", methods=["GET", "POST"])
@requires("org.manage")
def committee(org_id: int):
    org = _get_org(org_id)
    if org.kind not in services.COMMITTEE_TITLES or not org.active:
        abort(404)
    members = services.committee_candidates(org)
    seats = services.committee_seats(org)
    form = CommitteeForm()
    form.set_members(members)
    if request.method == "GET":
        for seat in seats:
            form[seat.post].data = seat.member_id
    if form.validate_on_submit():
        try:
            changes = services.set_committee(org, form.holders())
        except services.OrgError as error:
            db.session.rollback()
            _apply_error(form, error)
        else:
            flash(
                "已更新委员会：" + "；".join(changes) if changes else "委员会没有变化，未作修改。",
                "success" if changes else "info",
            )
            return redirect(url_for(".detail", org_id=org.id))
    candidate_ids = {m.id for m in members}
    return render_template(
        "org/committee.html",
        org=org,
        form=form,
        members=members,
        posts=COMMITTEE_POSTS,
        stale=[seat for seat in seats if seat.member_id not in candidate_ids],
        title=services.COMMITTEE_TITLES[org.kind],
        trail=services.ancestors(org),
    )
