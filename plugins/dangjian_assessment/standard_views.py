"""The standard editor's pages: the years (and the city's published
standards for a basic court), one standard with its aspects and items,
the aspect and item forms, and the buttons that copy, publish, adopt,
reorder and delete.  Read with ``assessment.view``, changed with
``assessment.manage`` (court-wide)."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select

from dangjian.api import Refused, current_user, db, get_in_court_or_404, page_arg, requires, show_refusal

from . import standard_services as services
from .blueprint import bp, manages, today
from .cycle_forms import ActionForm
from .models import FROZEN, METHODS, Aspect, Item, Standard
from .scorecard import points_text, standard_aspects
from .standard_forms import AspectForm, ItemForm, NewStandardForm, StandardForm
from .standard_items import OFF_NOTE, THRESHOLD_ROWS, form_values, indicator_of, mapping_words, offered_indicators

PER_PAGE = 20


def _manage_or_403() -> None:
    if not manages():
        abort(403)


def _standard_or_404(standard_id: int) -> Standard:
    return get_in_court_or_404(Standard, standard_id)


def _aspect_or_404(standard: Standard, aspect_id: int) -> Aspect:
    aspect = db.session.scalar(select(Aspect).where(Aspect.id == aspect_id, Aspect.standard_id == standard.id))
    if aspect is None:
        abort(404)
    return aspect


def _item_or_404(standard: Standard, item_id: int) -> Item:
    item = db.session.scalar(select(Item).where(Item.id == item_id, Item.standard_id == standard.id))
    if item is None:
        abort(404)
    return item


def _to_editor(standard: Standard, anchor: str | None = None):
    return redirect(url_for(".standard", standard_id=standard.id, _anchor=anchor))


def _frozen_redirect(standard: Standard):
    """Forms of a frozen standard are not offered: back to it, saying why."""
    if standard.status == FROZEN:
        flash(services.FROZEN_MESSAGE + "。", "warning")
        return _to_editor(standard)
    return None


@bp.context_processor
def _standard_helpers():
    return {
        "indicator_of": indicator_of,
        "mapping_words": mapping_words,
        "method_labels": METHODS,
        "off_note": OFF_NOTE,
        "threshold_rows": THRESHOLD_ROWS,
    }


# --- the years ---------------------------------------------------------------------


def _default_year() -> int:
    year = today().year
    return year if services.of_year(g.court.id, year) is None else year + 1


@bp.route("/standards")
@requires("assessment.view")
def standards():
    return _years()


def _years(form: NewStandardForm | None = None, status: int = 200):
    page = db.paginate(
        select(Standard).where(Standard.court_id == g.court.id).order_by(Standard.year.desc()),
        page=page_arg(),
        per_page=PER_PAGE,
        error_out=False,
    )
    city = services.city_standards(g.court)
    ids = [s.id for s in page.items] + [s.id for s in city]
    own_years = set(db.session.scalars(select(Standard.year).where(Standard.court_id == g.court.id)))
    if form is None:
        form = NewStandardForm(year=str(_default_year()))
    return render_template(
        "assessment/standard/list.html",
        page=page,
        summary=services.summaries(ids),
        city=city,
        own_years=own_years,
        form=form,
        manages=manages(),
        action=ActionForm(),
    ), status


@bp.route("/standards/new", methods=["POST"])
@requires("assessment.manage")
def standard_new():
    _manage_or_403()
    form = NewStandardForm()
    if form.validate_on_submit():
        try:
            standard = services.create(g.court, form.year.data, form.mode.data == "copy", current_user)
        except Refused as refusal:
            show_refusal(refusal, form)
        else:
            db.session.commit()
            flash(f"已建立 {standard.year} 年度考评标准。", "success")
            return _to_editor(standard)
    return _years(form, 422)


# --- one standard ------------------------------------------------------------------


def _editor(standard: Standard, *, settings: StandardForm | None = None, status: int = 200, city: bool = False):
    aspects = standard_aspects(standard.id)
    items_total = round(sum(float(i.points) for a in aspects for i in a.items), 2)
    may_edit = manages() and not city and standard.status != FROZEN
    if settings is None:
        settings = StandardForm(title=standard.title, total_points=points_text(standard.total_points))
    source = db.session.get(Standard, standard.adopted_from_id) if standard.adopted_from_id else None
    return render_template(
        "assessment/standard/editor.html",
        standard=standard,
        aspects=aspects,
        items_total=items_total,
        item_count=sum(len(a.items) for a in aspects),
        difference=round(items_total - float(standard.total_points), 2),
        offered=offered_indicators(g.court),
        may_edit=may_edit,
        manages=manages(),
        city=city,
        source=source,
        intermediate=g.court.parent_id is None,
        own_of_year=services.of_year(g.court.id, standard.year) if city else None,
        settings=settings,
        aspect_form=AspectForm(),
        action=ActionForm(),
    ), status


@bp.route("/standards/<int:standard_id>")
@requires("assessment.view")
def standard(standard_id: int):
    return _editor(_standard_or_404(standard_id))


@bp.route("/standards/<int:standard_id>/settings", methods=["POST"])
@requires("assessment.manage")
def standard_update(standard_id: int):
    _manage_or_403()
    standard = _standard_or_404(standard_id)
    form = StandardForm()
    if form.validate_on_submit():
        try:
            services.update(g.court, standard, request.form, current_user)
        except Refused as refusal:
            show_refusal(refusal, form)
        else:
            db.session.commit()
            flash("已保存标准名称和满分。", "success")
            return _to_editor(standard)
    return _editor(_standard_or_404(standard_id), settings=form, status=422)


def _action(standard: Standard, run, done: str, anchor: str | None = None):
    """A POST button: run the service, commit, say so; a refusal is flashed."""
    if not ActionForm().validate_on_submit():
        flash("页面已过期，请刷新后重试。", "danger")
        return _to_editor(standard, anchor)
    try:
        result = run()
    except Refused as refusal:
        show_refusal(refusal)
        return _to_editor(standard, anchor)
    db.session.commit()
    if done:
        flash(done, "success")
    return result or _to_editor(standard, anchor)


@bp.route("/standards/<int:standard_id>/copy", methods=["POST"])
@requires("assessment.manage")
def standard_copy(standard_id: int):
    _manage_or_403()
    source = _standard_or_404(standard_id)

    def run():
        copy = services.copy_to_next_year(g.court, source, current_user)
        flash(f"已复制为 {copy.year} 年度考评标准，可在此继续修改。", "success")
        return _to_editor(copy)

    return _action(source, run, "")


@bp.route("/standards/<int:standard_id>/publish", methods=["POST"])
@requires("assessment.manage")
def standard_publish(standard_id: int):
    _manage_or_403()
    standard = _standard_or_404(standard_id)
    publish = request.form.get("publish") == "1"
    done = "已向全市发布：下级法院可以采用这一标准。" if publish else "已取消向全市发布；下级法院已采用的副本不受影响。"
    return _action(standard, lambda: services.set_published(g.court, standard, publish, current_user), done)


# --- aspects -----------------------------------------------------------------------


@bp.route("/standards/<int:standard_id>/aspects/new", methods=["GET", "POST"])
@bp.route("/standards/<int:standard_id>/aspects/<int:aspect_id>/edit", methods=["GET", "POST"])
@requires("assessment.manage")
def aspect_form(standard_id: int, aspect_id: int | None = None):
    _manage_or_403()
    standard = _standard_or_404(standard_id)
    aspect = _aspect_or_404(standard, aspect_id) if aspect_id is not None else None
    if request.method == "GET" and (frozen := _frozen_redirect(standard)):
        return frozen
    form = AspectForm(obj=aspect) if request.method == "GET" else AspectForm()
    if form.validate_on_submit():
        try:
            if aspect is None:
                aspect = services.add_aspect(g.court, standard, request.form, current_user)
            else:
                services.update_aspect(g.court, standard, aspect, request.form, current_user)
        except Refused as refusal:
            show_refusal(refusal, form)
        else:
            db.session.commit()
            flash(f"已保存方面“{aspect.name}”。", "success")
            return _to_editor(standard, f"aspect-{aspect.id}")
    status = 422 if request.method == "POST" else 200
    standard = _standard_or_404(standard_id)  # after a rollback
    return render_template(
        "assessment/standard/aspect_form.html", standard=standard, aspect_id=aspect_id, form=form
    ), status


@bp.route("/standards/<int:standard_id>/aspects/<int:aspect_id>/delete", methods=["POST"])
@requires("assessment.manage")
def aspect_delete(standard_id: int, aspect_id: int):
    _manage_or_403()
    standard = _standard_or_404(standard_id)
    aspect = _aspect_or_404(standard, aspect_id)
    name = aspect.name
    return _action(
        standard, lambda: services.delete_aspect(g.court, standard, aspect, current_user), f"已删除方面“{name}”。"
    )


@bp.route("/standards/<int:standard_id>/aspects/<int:aspect_id>/move", methods=["POST"])
@requires("assessment.manage")
def aspect_move(standard_id: int, aspect_id: int):
    _manage_or_403()
    standard = _standard_or_404(standard_id)
    aspect = _aspect_or_404(standard, aspect_id)
    direction = request.form.get("direction", "")
    return _action(
        standard,
        lambda: services.move_aspect(g.court, standard, aspect, direction, current_user),
        "",
        f"aspect-{aspect.id}",
    )


# --- items -------------------------------------------------------------------------


@bp.route("/standards/<int:standard_id>/items/new", methods=["GET", "POST"])
@bp.route("/standards/<int:standard_id>/items/<int:item_id>/edit", methods=["GET", "POST"])
@requires("assessment.manage")
def item_form(standard_id: int, item_id: int | None = None):
    _manage_or_403()
    standard = _standard_or_404(standard_id)
    item = _item_or_404(standard, item_id) if item_id is not None else None
    if request.method == "GET" and (frozen := _frozen_redirect(standard)):
        return frozen
    aspects = standard_aspects(standard.id)
    if not aspects:
        flash("请先添加一个方面，再在其中添加项目。", "warning")
        return _to_editor(standard)
    if request.method == "GET":
        data = form_values(item) if item is not None else {"aspect_id": request.args.get("aspect", "")}
        form = ItemForm(data=data)
    else:
        form = ItemForm()
    offered = offered_indicators(g.court)
    form.offer(aspects, offered, indicator_of(item, offered) if item is not None else None)
    if form.validate_on_submit():
        try:
            if item is None:
                item = services.add_item(g.court, standard, request.form, current_user)
            else:
                services.update_item(g.court, standard, item, request.form, current_user)
        except Refused as refusal:
            show_refusal(refusal, form)
        else:
            db.session.commit()
            flash("已保存考评项目。", "success")
            return _to_editor(standard, f"item-{item.id}")
    status = 422 if request.method == "POST" else 200
    standard = _standard_or_404(standard_id)
    return render_template("assessment/standard/item_form.html", standard=standard, item_id=item_id, form=form), status


@bp.route("/standards/<int:standard_id>/items/<int:item_id>/delete", methods=["POST"])
@requires("assessment.manage")
def item_delete(standard_id: int, item_id: int):
    _manage_or_403()
    standard = _standard_or_404(standard_id)
    item = _item_or_404(standard, item_id)
    return _action(standard, lambda: services.delete_item(g.court, standard, item, current_user), "已删除项目。")


@bp.route("/standards/<int:standard_id>/items/<int:item_id>/move", methods=["POST"])
@requires("assessment.manage")
def item_move(standard_id: int, item_id: int):
    _manage_or_403()
    standard = _standard_or_404(standard_id)
    item = _item_or_404(standard, item_id)
    direction = request.form.get("direction", "")
    return _action(
        standard,
        lambda: services.move_item(g.court, standard, item, direction, current_user),
        "",
        f"item-{item.id}",
    )


# --- the city's standards ----------------------------------------------------------


def _city_or_404(standard_id: int) -> Standard:
    source = services.city_standard(g.court, standard_id)
    if source is None:
        abort(404)
    return source


@bp.route("/standards/city/<int:standard_id>")
@requires("assessment.view")
def city_standard(standard_id: int):
    return _editor(_city_or_404(standard_id), city=True)


@bp.route("/standards/city/<int:standard_id>/adopt", methods=["POST"])
@requires("assessment.manage")
def standard_adopt(standard_id: int):
    _manage_or_403()
    source = _city_or_404(standard_id)
    if not ActionForm().validate_on_submit():
        flash("页面已过期，请刷新后重试。", "danger")
        return redirect(url_for(".city_standard", standard_id=source.id))
    try:
        own = services.adopt(g.court, source, current_user)
    except Refused as refusal:
        show_refusal(refusal)
        return redirect(url_for(".standards"))
    db.session.commit()
    flash(f"已采用中院的“{source.title}”作为本院 {source.year} 年度考评标准，可在此按本院情况调整。", "success")
    return _to_editor(own)
