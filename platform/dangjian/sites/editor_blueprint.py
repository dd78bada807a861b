"""The ``sites_editor`` blueprint and the helpers its views share.

The routes are in editor_views.py (overview, brand, home sections, menu,
preview links), editor_content.py (pages and posts), editor_gallery.py
(honours and albums) and editor_review.py (the publisher's review); each
imports the blueprint from here, and the app imports all four.

Every URL names the branch (``org_id``); the branch is fetched within the
court of the URL and the user's branch scope of ``sites.edit``, so an
editor of one branch gets 404 for every other branch and court.
"""

from __future__ import annotations

from flask import abort, current_app, g, render_template, url_for
from flask_login import current_user
from jinja2 import TemplateNotFound
from sqlalchemy import select

from ..access import branch_scope, get_in_scope_or_404
from ..courts.tenancy import court_blueprint
from ..db import db
from ..files.sniffing import NotAllowed
from ..org.models import Organisation
from . import content, media, workflow
from .errors import ImageTooLarge

bp = court_blueprint("sites_editor", __name__, url_prefix="/manage/sites")


def load_site(org_id: int):
    """(branch, site) of a branch the user may edit, else 404."""
    branch = get_in_scope_or_404(Organisation, org_id, "sites.edit", branch_attribute="id")
    if branch.kind != "branch" or not branch.active:
        abort(404)
    site = content.find_site(branch)
    if site is None:  # a branch older than microsites gets its site on the first visit
        site = content.ensure_site(branch)
        db.session.commit()
    workflow.publish_due(site)
    g.site_branch, g.site = branch, site
    return branch, site


def may_publish(branch) -> bool:
    scope = branch_scope(current_user, "sites.publish", g.court)
    return scope is None or branch.id in scope


def require_publisher(branch) -> None:
    if not may_publish(branch):
        abort(403)


def get_or_404(model, object_id: int, site):
    obj = db.session.scalar(select(model).where(model.id == object_id, model.site_id == site.id))
    if obj is None:
        abort(404)
    return obj


def refuse_upload(field, error: NotAllowed) -> None:
    """A refused file: the reason beside its field, nothing of it saved
    (413 when it was refused for its size, see :func:`status_code`)."""
    db.session.rollback()
    field.errors = [*list(field.errors), str(error)]
    if isinstance(error, ImageTooLarge):
        g.upload_too_large = True


def save_image(form, field_name: str):
    """The image uploaded in ``field_name`` (stored), None when no file was
    chosen; on a bad file the field gets the reason and False is returned."""
    upload = getattr(form, field_name).data
    if not upload or not getattr(upload, "filename", ""):
        return None
    try:
        return media.save_image(upload, g.court, current_user)
    except NotAllowed as error:
        refuse_upload(getattr(form, field_name), error)
        return False


def status_code() -> int:
    """413 when an upload was refused for its size, else 200."""
    return 413 if g.get("upload_too_large") else 200


def site_url(branch) -> str | None:
    if "sites.home" not in current_app.view_functions:
        return None
    return url_for("sites.home", branch_slug=branch.slug)


@bp.record_once
def _template_helpers(state) -> None:
    # Globals rather than a context processor: imported macros see them too.
    state.app.jinja_env.globals.update(
        sites_has_rich_editor=_has_rich_editor, editor_image_url=_image_url, theme_preview_url=_theme_preview_url
    )


def _theme_preview_url(theme) -> str | None:
    if not theme.preview:
        return None
    return url_for("static", filename=f"sites/themes/{theme.name}/{theme.preview}")


def _image_url(file_id: int | None, size: str = "thumb") -> str | None:
    if not file_id or "sites.media" not in current_app.view_functions:
        return None
    return media.image_url(file_id, size)


def _has_rich_editor() -> bool:
    try:
        current_app.jinja_env.get_template("sites/_editor.html")
    except TemplateNotFound:
        return False
    return True


def render(template: str, **context):
    context.setdefault("branch", g.get("site_branch"))
    context.setdefault("site", g.get("site"))
    if context["branch"] is not None:
        context.setdefault("publisher", may_publish(context["branch"]))
        context.setdefault("visit_url", site_url(context["branch"]))
    return render_template(f"sites/editor/{template}", **context), status_code()
