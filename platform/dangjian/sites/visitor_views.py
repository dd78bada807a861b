"""Visitor pages of the branch microsites: /<court>/s/<branch>/...

Pages are public (intranet).  Anonymous visitors get cached pages keyed by
the site's content version; every response carries a CSP without inline
scripts.  Images are served through signed media URLs (see media.py).
"""

from __future__ import annotations

from flask import abort, current_app, g, jsonify, request, send_file
from flask_login import current_user

from ..access import PUBLIC, get_in_scope_or_404, requires
from ..courts.tenancy import court_blueprint
from ..db import db
from ..files.models import StoredFile
from ..files.sniffing import IMAGES, NotAllowed
from ..inputs import page_arg
from ..org.models import Organisation
from ..static_files import TINYMCE_FOLDER, tinymce_folder  # noqa: F401  (TINYMCE_FOLDER: the tests read it here)
from . import content, gallery, media, rendering, visitor
from .errors import ImageTooLarge

bp = court_blueprint("sites", __name__, url_prefix="/s")


@bp.url_value_preprocessor
def _pull_branch(endpoint, values):
    slug = values.pop("branch_slug", None) if values else None
    if slug is not None:
        branch = visitor.find_branch(g.court, slug)
        if branch is None:
            abort(404)
        g.site_branch = branch


@bp.url_defaults
def _push_branch(endpoint, values):
    if (
        "branch_slug" not in values
        and g.get("site_branch") is not None
        and endpoint not in ("sites.media", "sites.upload_image")
    ):
        values["branch_slug"] = g.site_branch.slug


def _site():
    if g.get("site") is None:
        g.site = content.find_site(g.site_branch)
        if g.site is None:  # a branch older than microsites gets its site on the first visit
            g.site = content.ensure_site(g.site_branch)
            db.session.commit()
        visitor.due_check(g.site)
    return g.site


def _page(template: str, build_context=None, cache_variant: str = "", **context):
    """Render (or reuse) a page of the current branch's site; ``cache_variant``
    holds the query parameters the page uses (the rest never reach the key)."""
    site, branch = _site(), g.site_branch

    def build():
        extra = build_context() if build_context else {}
        return rendering.render_site_page(site, branch, template, **context, **extra)

    return rendering.serve(site, request.path + cache_variant, build)


@bp.route("/<branch_slug>/")
@requires(PUBLIC)
def home():
    return _page("home.html", lambda: visitor.home_context(g.court, g.site_branch, g.site), active="home")


@bp.route("/<branch_slug>/p/<page_slug>/")
@requires(PUBLIC)
def page(page_slug: str):
    site = _site()
    found = content.published_page(site, page_slug)
    if found is None:
        abort(404)
    children = [p for p in content.published_pages(site) if p.parent_id == found.id]
    return _page(
        "page.html", page=found, revision=content.live_revision(found), children=children, active=f"page:{found.id}"
    )


@bp.route("/<branch_slug>/news/")
@requires(PUBLIC)
def news():
    number = max(page_arg(), 1)
    return _page(
        "news.html",
        lambda: {"pagination": visitor.news_page(g.site, number)},
        active="news",
        cache_variant=f"?page={number}",
    )


@bp.route("/<branch_slug>/news/<int:post_id>/")
@requires(PUBLIC)
def post(post_id: int):
    site = _site()
    found = content.published_post(site, post_id)
    if found is None:
        abort(404)
    return _page("post.html", post=found, revision=content.live_revision(found), active="news")


@bp.route("/<branch_slug>/honours/")
@requires(PUBLIC)
def honours():
    return _page("honours.html", lambda: {"honours": gallery.honours(g.site)}, active="honours")


@bp.route("/<branch_slug>/albums/")
@requires(PUBLIC)
def albums():
    return _page("albums.html", lambda: {"albums": gallery.albums(g.site)}, active="albums")


@bp.route("/<branch_slug>/albums/<int:album_id>/")
@requires(PUBLIC)
def album(album_id: int):
    found = gallery.album(_site(), album_id)
    if found is None:
        abort(404)
    return _page("album.html", album=found, active="albums")


# --- images -----------------------------------------------------------------


@bp.route("/_media/<media_token>/<size>", endpoint="media")
@requires(PUBLIC)
def media_file(media_token: str, size: str):
    ids = media.read_token(media_token)
    if ids is None or ids[0] != g.court.id or size not in media.SIZES:
        abort(404)
    stored = db.session.get(StoredFile, ids[1])
    if stored is None or stored.court_id != g.court.id or stored.kind not in IMAGES:
        abort(404)
    path, mimetype = media.rendition(stored, size)
    response = send_file(path, mimetype=mimetype, conditional=True, max_age=86400)
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@bp.route("/_media/upload/<int:org_id>", methods=["POST"])
@requires("sites.edit")
def upload_image(org_id: int):
    """The rich-text editor's image upload (JSON for TinyMCE)."""
    branch = get_in_scope_or_404(Organisation, org_id, "sites.edit", branch_attribute="id")
    if branch.kind != "branch":
        abort(404)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return jsonify(error="请选择一张图片。"), 400
    try:
        stored = media.save_image(upload, g.court, current_user)
    except ImageTooLarge as error:
        return jsonify(error=str(error)), 413
    except NotAllowed as error:
        return jsonify(error=str(error)), 400
    db.session.commit()
    current_app.logger.info("site image %s uploaded for branch %s", stored.id, branch.id)
    return jsonify(location=media.image_url(stored.id, "medium"))


@bp.record_once
def _static_routes(state):
    app = state.app
    app.jinja_env.globals["sites_by_branch"] = visitor.sites_by_branch
    app.jinja_env.globals["branded_sites"] = visitor.branded_sites
    app.jinja_env.globals["site_image_url"] = media.image_url
    app.jinja_env.globals["rich_editor_available"] = lambda: (tinymce_folder() / "tinymce.min.js").is_file()
