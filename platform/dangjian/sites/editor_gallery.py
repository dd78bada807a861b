"""Editing honours and photo albums (routes of the ``sites_editor`` blueprint)."""

from __future__ import annotations

from flask import abort, flash, g, redirect, request, url_for
from flask_login import current_user

from ..access import requires
from ..db import db
from ..inputs import parse_int
from . import content, gallery, proposals
from .editor_views import bp, field_error, get_or_404, load_site, may_publish, render, require_publisher, save_image
from .forms import AlbumForm, HonourForm, PhotoUploadForm
from .models import Album, Honour

HIDDEN_AGAIN = "修改已保存。因内容有变动，该项已暂时从网站撤下，请支部书记审核后重新发布。"


def _saved(hidden: bool) -> None:
    flash(HIDDEN_AGAIN if hidden else "已保存。", "warning" if hidden else "success")


# --- honours -------------------------------------------------------------------


@bp.route("/<int:org_id>/honours/")
@requires("sites.edit")
def honours(org_id: int):
    _branch, site = load_site(org_id)
    return render("honours.html", honours=gallery.editor_honours(site))


def _honour_values(form) -> dict | None:
    image = save_image(form, "image")
    return None if image is False else dict(form.data, image=image)


@bp.route("/<int:org_id>/honours/new", methods=["GET", "POST"])
@requires("sites.edit")
def honour_new(org_id: int):
    branch, site = load_site(org_id)
    form = HonourForm()
    if form.validate_on_submit() and (values := _honour_values(form)) is not None:
        try:
            gallery.create_honour(site, values, current_user)
        except content.SiteError as error:
            db.session.rollback()
            field_error(form, error)
        else:
            flash("荣誉已添加。" + ("" if may_publish(branch) else "请支部书记审核后发布。"), "success")
            return redirect(url_for(".honours", org_id=branch.id))
    return render("honour_form.html", form=form, honour=None)


@bp.route("/<int:org_id>/honours/<int:honour_id>/", methods=["GET", "POST"])
@requires("sites.edit")
def honour_edit(org_id: int, honour_id: int):
    branch, site = load_site(org_id)
    honour = get_or_404(Honour, honour_id, site)
    form = HonourForm(obj=honour if request.method == "GET" else None)
    if form.validate_on_submit() and (values := _honour_values(form)) is not None:
        try:
            hidden = gallery.update_honour(honour, values, current_user, may_publish(branch))
        except content.SiteError as error:
            db.session.rollback()
            field_error(form, error)
        else:
            _saved(hidden)
            return redirect(url_for(".honours", org_id=branch.id))
    return render("honour_form.html", form=form, honour=honour)


@bp.route("/<int:org_id>/honours/<int:honour_id>/delete", methods=["POST"])
@requires("sites.edit")
def honour_delete(org_id: int, honour_id: int):
    branch, site = load_site(org_id)
    honour = get_or_404(Honour, honour_id, site)
    if honour.published:
        require_publisher(branch)
    gallery.delete_honour(honour, current_user)
    flash(f"已删除荣誉“{honour.title}”。", "success")
    return redirect(url_for(".honours", org_id=branch.id))


@bp.route("/<int:org_id>/honours/<int:honour_id>/publish", methods=["POST"])
@requires("sites.publish")
def honour_publish(org_id: int, honour_id: int):
    branch, site = load_site(org_id)
    require_publisher(branch)
    honour = get_or_404(Honour, honour_id, site)
    shown = request.form.get("published") == "1"
    gallery.set_published(honour, shown, current_user)
    flash(f"荣誉“{honour.title}”已{'发布' if shown else '撤下'}。", "success")
    return redirect(url_for(".honours", org_id=branch.id))


# --- albums ----------------------------------------------------------------------


@bp.route("/<int:org_id>/albums/")
@requires("sites.edit")
def albums(org_id: int):
    _branch, site = load_site(org_id)
    return render("albums.html", albums=gallery.editor_albums(site))


@bp.route("/<int:org_id>/albums/new", methods=["GET", "POST"])
@requires("sites.edit")
def album_new(org_id: int):
    branch, site = load_site(org_id)
    form = AlbumForm()
    if form.validate_on_submit():
        try:
            created = gallery.create_album(site, form.data, current_user)
        except content.SiteError as error:
            db.session.rollback()
            field_error(form, error)
        else:
            flash("相册已建立，现在可以上传照片。", "success")
            return redirect(url_for(".album_edit", org_id=branch.id, album_id=created.id))
    return render("album_new.html", form=form)


@bp.route("/<int:org_id>/albums/<int:album_id>/", methods=["GET", "POST"])
@requires("sites.edit")
def album_edit(org_id: int, album_id: int):
    branch, site = load_site(org_id)
    album = get_or_404(Album, album_id, site)
    form = AlbumForm(obj=album if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            hidden = gallery.update_album(album, form.data, current_user, may_publish(branch))
        except content.SiteError as error:
            db.session.rollback()
            field_error(form, error)
        else:
            _saved(hidden)
            return redirect(url_for(".album_edit", org_id=branch.id, album_id=album.id))
    return render("album.html", form=form, album=album, upload_form=PhotoUploadForm())


@bp.route("/<int:org_id>/albums/<int:album_id>/upload", methods=["POST"])
@requires("sites.edit")
def album_upload(org_id: int, album_id: int):
    branch, site = load_site(org_id)
    album = get_or_404(Album, album_id, site)
    form = PhotoUploadForm()
    files = [f for f in (form.photos.data or []) if f and f.filename] if form.validate_on_submit() else []
    if not files:
        flash("请选择要上传的照片。", "warning")
        return redirect(url_for(".album_edit", org_id=branch.id, album_id=album.id))
    if len(files) > gallery.MAX_PHOTOS_PER_UPLOAD:
        flash(f"一次最多上传 {gallery.MAX_PHOTOS_PER_UPLOAD} 张照片，请分批上传。", "danger")
        return redirect(url_for(".album_edit", org_id=branch.id, album_id=album.id))
    stored, refused = _store_photos(files)
    if stored:
        photos = gallery.add_photos(album, stored, current_user, may_publish(branch))
        waiting = "" if photos[0].approved else "照片" + proposals.SUBMITTED + "请等待支部书记审核。"
        flash(f"已上传 {len(stored)} 张照片。" + waiting, "success")
    for message in refused:
        flash(message, "danger")
    if refused and not stored and g.get("upload_too_large"):
        return render("album.html", form=AlbumForm(obj=album), album=album, upload_form=form)
    return redirect(url_for(".album_edit", org_id=branch.id, album_id=album.id))


def _store_photos(files) -> tuple[list, list[str]]:
    """Each photo on its own: one bad file does not lose the good ones."""
    from ..files.services import display_name
    from ..files.sniffing import NotAllowed
    from . import media

    stored, refused = [], []
    for upload in files:
        try:
            stored.append(media.save_image(upload, g.court, current_user))
        except NotAllowed as error:
            refused.append(f"“{display_name(upload.filename)}”未上传：{error}")
            if isinstance(error, media.ImageTooLarge):
                g.upload_too_large = True
    return stored, refused


@bp.route("/<int:org_id>/albums/<int:album_id>/photos", methods=["POST"])
@requires("sites.edit")
def album_photos(org_id: int, album_id: int):
    """Captions, order and cover of the album's photos, saved together."""
    branch, site = load_site(org_id)
    album = get_or_404(Album, album_id, site)
    rows = {}
    for photo in album.photos:
        rows[photo.id] = {
            "caption": request.form.get(f"caption_{photo.id}", photo.caption),
            "position": request.form.get(f"position_{photo.id}"),
        }
    cover = parse_int(request.form.get("cover")) or None
    try:
        hidden = gallery.update_photos(album, rows, cover, current_user, may_publish(branch))
    except content.SiteError as error:
        db.session.rollback()
        flash(error.message, "danger")
    else:
        _saved(hidden)
    return redirect(url_for(".album_edit", org_id=branch.id, album_id=album.id))


@bp.route("/<int:org_id>/albums/<int:album_id>/photos/<int:photo_id>/delete", methods=["POST"])
@requires("sites.edit")
def photo_delete(org_id: int, album_id: int, photo_id: int):
    branch, site = load_site(org_id)
    album = get_or_404(Album, album_id, site)
    photo = next((p for p in album.photos if p.id == photo_id), None)
    if photo is None:
        abort(404)
    if album.published and photo.approved:
        require_publisher(branch)  # visitors see it: like a shown album or honour, only a publisher removes it
    gallery.delete_photo(album, photo, current_user)
    flash("照片已删除。", "success")
    return redirect(url_for(".album_edit", org_id=branch.id, album_id=album.id))


@bp.route("/<int:org_id>/albums/<int:album_id>/delete", methods=["POST"])
@requires("sites.edit")
def album_delete(org_id: int, album_id: int):
    branch, site = load_site(org_id)
    album = get_or_404(Album, album_id, site)
    if album.published:
        require_publisher(branch)
    gallery.delete_album(album, current_user)
    flash(f"已删除相册“{album.title}”及其中的照片。", "success")
    return redirect(url_for(".albums", org_id=branch.id))


@bp.route("/<int:org_id>/albums/<int:album_id>/publish", methods=["POST"])
@requires("sites.publish")
def album_publish(org_id: int, album_id: int):
    branch, site = load_site(org_id)
    require_publisher(branch)
    album = get_or_404(Album, album_id, site)
    shown = request.form.get("published") == "1"
    gallery.set_published(album, shown, current_user)
    flash(f"相册“{album.title}”已{'发布' if shown else '撤下'}。", "success")
    return redirect(url_for(".album_edit", org_id=branch.id, album_id=album.id))


@bp.route("/<int:org_id>/albums/<int:album_id>/approve", methods=["POST"])
@requires("sites.edit")  # then require_publisher: another branch's editor gets 404, not 403
def album_approve(org_id: int, album_id: int):
    """Show the photos a non-publisher added to a shown album."""
    branch, site = load_site(org_id)
    require_publisher(branch)
    album = get_or_404(Album, album_id, site)
    count = gallery.approve_photos(album, current_user)
    flash(
        f"已审核通过 {count} 张照片，访客现在可以看到。" if count else "没有待审核的照片。",
        "success" if count else "info",
    )
    return redirect(url_for(".album_edit", org_id=branch.id, album_id=album.id))
