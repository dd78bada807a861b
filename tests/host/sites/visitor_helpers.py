"""Data for the visitor-side microsite tests (helper B's tests)."""

from __future__ import annotations

import io
from datetime import date

from PIL import Image

from dangjian.db import db
from dangjian.sites import content, revisions
from dangjian.sites.models import Album, Honour, NewsPost, Photo, SitePage


def site_for(branch, **brand):
    site = content.ensure_site(branch)
    for key, value in brand.items():
        setattr(site, key, value)
    db.session.commit()
    return site


def _words(obj, title, body, summary, live):
    revisions.save_revision(obj, title=title, summary=summary, body=body)
    if live:
        obj.live_revision_id = obj.latest_revision_id
        obj.status = "published"


def add_post(site, title, body="<p>正文</p>", summary="", live=True, when=None, commit=True, **fields):
    post = NewsPost(site_id=site.id, publish_date=when or date(2024, 5, 1), **fields)
    db.session.add(post)
    db.session.flush()
    _words(post, title, body, summary, live)
    site.bump()
    if commit:
        db.session.commit()
    return post


def add_page(site, slug, title, body="<p>页面</p>", live=True, parent=None):
    page = SitePage(site_id=site.id, slug=slug, parent_id=parent.id if parent else None)
    db.session.add(page)
    db.session.flush()
    _words(page, title, body, "", live)
    site.bump()
    db.session.commit()
    return page


def add_honour(site, title, published=True, image=None, **fields):
    honour = Honour(
        site_id=site.id, title=title, published=published, image_file_id=image.id if image else None, **fields
    )
    db.session.add(honour)
    db.session.commit()
    return honour


def add_album(site, title, stored_files=(), published=True, description=""):
    album = Album(site_id=site.id, title=title, published=published, description=description)
    db.session.add(album)
    db.session.flush()
    for n, stored in enumerate(stored_files):
        db.session.add(Photo(album_id=album.id, file_id=stored.id, caption=f"照片{n + 1}", position=n))
    db.session.commit()
    return album


def image_bytes(kind="PNG", size=(64, 48), exif=False, color=(200, 30, 30)) -> bytes:
    image = Image.new("RGB", size, color)
    out = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCamera"  # Make
        data[0x8825] = {2: (34.0, 5.0, 0.0)}  # GPS info
        image.save(out, format=kind, exif=data)
    else:
        image.save(out, format=kind)
    return out.getvalue()


def stored_image(court, name="photo.png", **kwargs):
    from dangjian.sites.media import save_image_bytes

    stored = save_image_bytes(image_bytes(**kwargs), name, court, None)
    db.session.commit()
    return stored
