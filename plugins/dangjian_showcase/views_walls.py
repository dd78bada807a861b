"""Brand walls, brand detail, star ratings, honours room."""

from __future__ import annotations

from flask import abort, flash, g, jsonify, redirect, render_template, request, url_for

from dangjian.api import (
    PUBLIC,
    audit,
    branch_scope,
    can,
    current_user,
    db,
    get_in_court_or_404,
    latest_posts,
    requires,
    site_honours,
    site_of,
    year_arg,
)

from . import reviews, walls
from . import screen as big
from .blueprint import bp
from .forms import DEPARTMENT_KINDS, CourtHonourForm, RatingsForm
from .models import LEVELS, STAR_CHOICES, CourtHonour


def _filters():
    return walls.WallFilters.parse(request.args.get("kind"), request.args.get("stars"))


@bp.route("/")
@requires(PUBLIC)
def wall():
    filters = _filters()
    cards = walls.court_wall(g.court, filters)
    return render_template(
        "showcase/wall.html",
        cards=cards,
        filters=filters,
        kinds=DEPARTMENT_KINDS,
        stars=STAR_CHOICES,
        judging=reviews.judged_reviews(g.court, current_user),
        may_manage=can("showcase.manage"),
    )


@bp.route("/city")
@requires(PUBLIC)
def city():
    filters = _filters()
    return render_template(
        "showcase/city.html",
        groups=walls.city_wall(filters),
        filters=filters,
        kinds=DEPARTMENT_KINDS,
        stars=STAR_CHOICES,
    )


@bp.route("/brand/<int:org_id>")
@requires(PUBLIC)
def brand(org_id: int):
    branch = walls.wall_branch(g.court, org_id)
    if branch is None:
        abort(404)
    site = site_of(branch)
    rating = walls.branch_stars(branch)
    return render_template(
        "showcase/brand.html",
        branch=branch,
        site=site,
        rating=rating,
        stars=STAR_CHOICES,
        posts=latest_posts(site, 5),
        honours=site_honours(site),
        results=walls.branch_results(branch),
        may_edit_brand=_may_edit_brand(branch),
    )


def _may_edit_brand(branch) -> bool:
    """Only where the microsite editor would open (an editor of another
    branch would get its 404)."""
    if not can("sites.edit"):
        return False
    scope = branch_scope(current_user, "sites.edit", g.court)
    return scope is None or branch.id in scope


@bp.route("/stars", methods=["GET", "POST"])
@requires("showcase.manage")
def stars():
    cards = walls.court_wall(g.court)
    decided = walls.decided_stars(g.court, [card.branch.id for card in cards])
    if decided is not None:
        # Another module (党建考评) decides this court's stars: shown here, never typed over.
        if request.method == "POST":
            flash(f"本院支部星级来自{decided.get('source') or '其他模块'}的考评结果，不能在这里修改。", "warning")
            return redirect(url_for("showcase.stars"))
        return render_template("showcase/stars.html", cards=cards, form=None, stars=STAR_CHOICES, decided=decided)
    form = RatingsForm()
    if request.method == "GET":
        form.year.data = walls.latest_rating_year(g.court)
    if form.validate_on_submit():
        values = {}
        for card in cards:
            raw = request.form.get(f"stars-{card.branch.id}", "")
            values[card.branch.id] = int(raw) if raw in {"1", "2", "3", "4", "5"} else None
        changed = walls.save_ratings(g.court, values, form.year.data)
        if changed:
            audit("showcase.ratings_saved", f"更新 {changed} 个支部的星级", court=g.court, user=current_user)
        db.session.commit()
        flash(f"已保存星级（{changed} 处变动）。" if changed else "星级没有变化。", "success")
        return redirect(url_for("showcase.wall"))
    return render_template("showcase/stars.html", cards=cards, form=form, stars=STAR_CHOICES, decided=None)


# --- honours room -------------------------------------------------------------------


@bp.route("/honours")
@requires(PUBLIC)
def honours():
    level = request.args.get("level", "")
    level = level if level in LEVELS else ""
    year = year_arg("year")
    timeline, years = walls.honours_timeline(g.court, level, year)
    return render_template(
        "showcase/honours.html",
        timeline=timeline,
        years=years,
        levels=LEVELS,
        level=level,
        year=year,
        may_manage=can("showcase.manage"),
    )


def _honour_form(honour: CourtHonour | None):
    form = CourtHonourForm(obj=honour)
    if form.validate_on_submit():
        saved = walls.save_court_honour(
            g.court,
            honour,
            {
                "title": form.title.data,
                "level": form.level.data,
                "awarding_body": form.awarding_body.data,
                "awarded_on": form.awarded_on.data,
            },
        )
        audit(
            "showcase.honour_saved",
            f"{'修改' if honour else '登记'}本院荣誉“{saved.title}”",
            target=saved,
            court=g.court,
            user=current_user,
        )
        db.session.commit()
        flash(f"已保存荣誉“{saved.title}”。", "success")
        return redirect(url_for("showcase.honours"))
    return render_template("showcase/honour_form.html", form=form, honour=honour)


@bp.route("/honours/new", methods=["GET", "POST"])
@requires("showcase.manage")
def honour_new():
    return _honour_form(None)


@bp.route("/honours/<int:honour_id>/edit", methods=["GET", "POST"])
@requires("showcase.manage")
def honour_edit(honour_id: int):
    return _honour_form(get_in_court_or_404(CourtHonour, honour_id))


@bp.route("/honours/<int:honour_id>/delete", methods=["POST"])
@requires("showcase.manage")
def honour_delete(honour_id: int):
    honour = get_in_court_or_404(CourtHonour, honour_id)
    audit("showcase.honour_deleted", f"删除本院荣誉“{honour.title}”", target=honour, court=g.court, user=current_user)
    db.session.delete(honour)
    db.session.commit()
    flash(f"已删除荣誉“{honour.title}”。", "success")
    return redirect(url_for("showcase.honours"))


# --- big screen -----------------------------------------------------------------------


@bp.route("/screen")
@requires(PUBLIC)
def screen():
    return render_template(
        "showcase/screen.html", slides=big.slides(g.court), timing=big.timing(g.court, request.args.get("seconds"))
    )


@bp.route("/screen/data")
@requires(PUBLIC)
def screen_data():
    response = jsonify(slides=big.slides(g.court))
    response.headers["Cache-Control"] = "no-store"
    return response
