"""Editing a branch's microsite: the list of sites, a site's overview,
brand, home sections, menu and the public preview of drafts (routes of the
``sites_editor`` blueprint, see editor_blueprint.py)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from ..access import branch_scope, requires
from ..access.roles import PUBLIC
from ..db import db
from ..inputs import parse_int
from ..modules.services import court_hooks
from ..refusals import show_refusal
from . import content, gallery, menus, preview, proposals, revisions, themes
from .editor_blueprint import bp, get_or_404, load_site, may_publish, render, save_image
from .errors import PreviewInvalid, SiteError
from .forms import BrandForm, MenuItemForm, SectionsForm
from .models import MenuItem, NewsPost, SitePage

# --- the list of sites and a site's overview -------------------------------


@bp.route("/")
@requires("sites.edit")
def index():
    scope = branch_scope(current_user, "sites.edit", g.court)
    rows = content.court_sites(g.court, scope)
    if len(rows) == 1 and scope is not None:
        return redirect(url_for(".overview", org_id=rows[0][0].id))
    return render("index.html", rows=rows, pending=_pending_counts([s.id for _, s in rows if s]))


def _pending_counts(site_ids: list[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for model in (SitePage, NewsPost):
        for (site_id,) in db.session.execute(
            select(model.site_id).where(model.site_id.in_(site_ids or [-1]), model.status == "submitted")
        ):
            counts[site_id] = counts.get(site_id, 0) + 1
    for site_id in proposals.pending_site_ids(site_ids):
        counts[site_id] = counts.get(site_id, 0) + 1
    for site_id in gallery.sites_with_pending_photos(site_ids):
        counts[site_id] = counts.get(site_id, 0) + 1
    return counts


@bp.route("/<int:org_id>/")
@requires("sites.edit")
def overview(org_id: int):
    _branch, site = load_site(org_id)
    pages = content.editor_pages(site)
    posts = list(db.session.scalars(content.editor_posts_query(site).limit(5)).unique())
    waiting = [obj for obj in pages if obj.status in ("submitted", "scheduled")] + list(
        db.session.scalars(
            content.editor_posts_query(site).where(NewsPost.status.in_(("submitted", "scheduled")))
        ).unique()
    )
    return render(
        "overview.html",
        pages=pages,
        posts=posts,
        waiting=waiting,
        proposal=proposals.pending(site),
        pending_albums=gallery.albums_with_pending_photos(site),
    )


# --- brand ---------------------------------------------------------------------


def _theme_fields(theme) -> list:
    return list(theme.settings)


@bp.route("/<int:org_id>/brand", methods=["GET", "POST"])
@requires("sites.edit")
def brand(org_id: int):
    branch, site = load_site(org_id)
    publisher = may_publish(branch)
    # A publisher edits the live brand; anyone else their proposal (see proposals.py).
    current = SimpleNamespace(**(proposals.live_brand(site) if publisher else proposals.working_brand(site)))
    form = BrandForm(obj=current)
    form.theme.choices = [SelectChoice(name, label) for name, label in themes.theme_choices()]
    chosen = themes.get_theme(form.theme.data if request.method == "POST" else current.theme)
    settings = themes.effective_settings(chosen, current.theme_settings)
    setting_errors: dict[str, str] = {}
    if request.method == "POST":
        raw: dict[str, str | bool] = {
            s.key: request.form.get(f"ts_{s.key}", "") for s in chosen.settings if s.type != "boolean"
        }
        raw.update({s.key: f"ts_{s.key}" in request.form for s in chosen.settings if s.type == "boolean"})
        settings, setting_errors = themes.validate_settings(chosen, raw)
        if setting_errors:
            settings.update({k: raw[k] for k in setting_errors})  # keep what was typed
    if form.validate_on_submit() and not setting_errors:
        logo, banner = save_image(form, "logo_upload"), save_image(form, "banner_upload")
        if logo is not False and banner is not False:
            values = dict(form.data, theme_settings=settings, logo=logo, banner=banner)
            if publisher:
                changed = content.update_brand(site, values, current_user)
                db.session.commit()
                flash(
                    "品牌设置已保存，网站即时生效。" if changed else "没有修改任何内容。",
                    "success" if changed else "info",
                )
            else:
                _proposed(_propose(proposals.propose_brand, site, values))
            return redirect(url_for(".brand", org_id=branch.id))
    elif setting_errors:
        flash("主题设置有误，请按提示修改。", "danger")
    return render(
        "brand.html",
        form=form,
        theme=chosen,
        settings=settings,
        setting_errors=setting_errors,
        all_themes=themes.choosable_themes(),
        current=current,
        proposal=proposals.pending(site),
    )


def _propose(change, site, values) -> bool | None:
    try:
        changed = change(site, values, current_user)
    except SiteError as refusal:
        show_refusal(refusal)
        return None
    db.session.commit()
    return changed


def _proposed(changed: bool | None) -> None:
    if changed is None:
        return
    if changed:
        flash("修改" + proposals.SUBMITTED + "请等待支部书记审核。", "success")
    else:
        flash("没有修改任何内容。", "info")


# --- home sections ----------------------------------------------------------------


def _offered_sections(branch, site) -> list[tuple[str, str]]:
    offered = list(content.BUILTIN_SECTIONS.items())
    for section in court_hooks(g.court, "dangjian_site_sections", branch=branch):
        if section.key not in content.BUILTIN_SECTIONS:
            offered.append((section.key, section.title))
    return offered


@bp.route("/<int:org_id>/sections", methods=["GET", "POST"])
@requires("sites.edit")
def sections(org_id: int):
    branch, site = load_site(org_id)
    publisher = may_publish(branch)
    offered = _offered_sections(branch, site)
    chosen = (site.sections or content.default_sections()) if publisher else proposals.working_sections(site)
    current = {item["key"]: item for item in chosen}
    form = SectionsForm()
    if form.validate_on_submit():
        rows: list[dict[str, Any]] = []
        for n, (key, _title) in enumerate(offered, start=1):
            order = parse_int(request.form.get(f"order_{key}"), maximum=9999)
            rows.append(
                {"key": key, "visible": f"show_{key}" in request.form, "order": order if order is not None else n}
            )
        if publisher:
            content.set_sections(site, rows, current_user)
            db.session.commit()
            flash("首页栏目已保存。", "success")
        else:
            _proposed(_propose(proposals.propose_sections, site, rows))
        return redirect(url_for(".sections", org_id=branch.id))
    rows = []
    for n, (key, title) in enumerate(offered, start=1):
        item = current.get(key, {"visible": key in content.BUILTIN_SECTIONS, "order": 100 + n})
        rows.append(
            {
                "key": key,
                "title": title,
                "visible": item.get("visible"),
                "order": item.get("order", n),
                "module": key not in content.BUILTIN_SECTIONS,
            }
        )
    rows.sort(key=lambda row: row["order"])
    return render("sections.html", form=form, rows=rows, proposal=proposals.pending(site))


# --- menu -----------------------------------------------------------------------------


@bp.route("/<int:org_id>/menu", methods=["GET", "POST"])
@requires("sites.edit")
def menu(org_id: int):
    branch, site = load_site(org_id)
    publisher = may_publish(branch)
    form = MenuItemForm()
    pages = content.editor_pages(site)
    form.page_id.choices = [SelectChoice(0, "（不链接栏目页面，填写下方链接）")] + [
        SelectChoice(p.id, ("　└ " if p.parent_id else "") + revisions.title_of(p)) for p in pages
    ]
    if form.validate_on_submit():
        page = get_or_404(SitePage, form.page_id.data, site) if form.page_id.data else None
        add = menus.add_menu_item if publisher else proposals.propose_menu_item
        try:
            add(site, label=form.label.data, page=page, url=form.url.data, user=current_user)
        except SiteError as refusal:
            show_refusal(refusal, form)
        else:
            db.session.commit()
            flash("菜单项已添加。" if publisher else "菜单项" + proposals.SUBMITTED, "success")
            return redirect(url_for(".menu", org_id=branch.id))
    items = menus.editor_menu(site) if publisher else proposals.menu_items(site, proposals.working_menu(site))
    return render("menu.html", form=form, items=items, pages=pages, proposal=proposals.pending(site))


@bp.route("/<int:org_id>/menu/<int:item_id>/move", methods=["POST"])
@requires("sites.edit")
def menu_move(org_id: int, item_id: int):
    branch, site = load_site(org_id)
    offset = -1 if request.form.get("direction") == "up" else 1
    if may_publish(branch):
        menus.move_menu_item(site, get_or_404(MenuItem, item_id, site), offset, current_user)
        db.session.commit()
    else:
        _in_proposal(proposals.propose_menu_move, "菜单顺序的修改", site, item_id, offset, current_user)
    return redirect(url_for(".menu", org_id=branch.id))


@bp.route("/<int:org_id>/menu/<int:item_id>/delete", methods=["POST"])
@requires("sites.edit")
def menu_delete(org_id: int, item_id: int):
    branch, site = load_site(org_id)
    if may_publish(branch):
        item = get_or_404(MenuItem, item_id, site)
        menus.delete_menu_item(site, item, current_user)
        db.session.commit()
        flash(f"已删除菜单项“{item.label}”。", "success")
    else:
        _in_proposal(proposals.propose_menu_delete, "删除菜单项“{}”", site, item_id, current_user)
    return redirect(url_for(".menu", org_id=branch.id))


def _in_proposal(change, what: str, site, item_id: int, *args) -> None:
    """A change to the editor's proposed menu (entry ids are the proposal's own)."""
    try:
        label = change(site, item_id, *args)
    except LookupError:
        abort(404)
    except SiteError as refusal:
        show_refusal(refusal)
    else:
        db.session.commit()
        flash(what.format(label) + proposals.SUBMITTED, "success")


# --- preview links (for anyone holding one) -------------------------------------------


@bp.route("/preview/<token>")
@requires(PUBLIC)
def preview_page(token: str):
    try:
        obj, revision = preview.load(token, g.court)
    except PreviewInvalid as error:
        return render_template("sites/editor/preview_invalid.html", message=error.message), 404
    response = current_app.make_response(
        render_template(
            "sites/editor/preview.html",
            obj=obj,
            revision=revision,
            site=obj.site,
            branch=obj.site.branch,
            is_post=isinstance(obj, NewsPost),
        )
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Referrer-Policy"] = "no-referrer"  # the token must not leak through links
    return response
