"""Honours (荣誉墙) and photo albums of a microsite.

They have no revisions: an item is shown or not (``published``).  Only a
publisher shows it; when someone who may not publish changes a shown item,
it goes back to hidden until a publisher looks at it again.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from ..audit.services import record
from ..db import db
from ..files.services import delete_stored
from ..inputs import parse_int
from .models import HONOUR_LEVELS, Album, Honour, Photo, Site

MAX_PHOTOS_PER_UPLOAD = 50
MAX_POSITION = 9999  # as the album and honour forms allow


def _error(message: str, field: str | None = None):
    from .content import SiteError

    return SiteError(message, field)


def _bump(site_id: int) -> None:
    site = db.session.get_one(Site, site_id)
    site.content_version = (site.content_version or 0) + 1


def _court(site_id: int):
    return db.session.get_one(Site, site_id).branch.court


def _after_edit(obj, may_publish: bool, user) -> bool:
    """Returns True when the edit took a shown item off the site."""
    if obj.published:
        _bump(obj.site_id)
        if not may_publish:
            obj.published = False
            return True
    return False


# --- honours ---------------------------------------------------------------


def _honour_values(honour: Honour, values: dict) -> None:
    title = (values.get("title") or "").strip()[:120]
    if not title:
        raise _error("请填写荣誉名称。", "title")
    level = values.get("level") or "other"
    if level not in HONOUR_LEVELS:
        raise _error("请选择荣誉级别。", "level")
    honour.title, honour.level = title, level
    honour.awarding_body = (values.get("awarding_body") or "").strip()[:120]
    honour.awarded_on = values.get("awarded_on")
    if values.get("image") is not None:
        honour.image_file_id = values["image"].id
    elif values.get("remove_image"):
        honour.image_file_id = None


def create_honour(site: Site, values: dict, user=None, commit: bool = True) -> Honour:
    """``commit=False``: flushed only, for a caller that publishes several
    things in one transaction (showcase results)."""
    honour = Honour(site_id=site.id, published=False)
    _honour_values(honour, values)
    honour.position = (db.session.scalar(select(func.max(Honour.position)).where(Honour.site_id == site.id)) or 0) + 1
    db.session.add(honour)
    db.session.flush()
    record("site.created", f"新建荣誉“{honour.title}”", target=honour, court=site.branch.court, user=user)
    if commit:
        db.session.commit()
    return honour


def update_honour(honour: Honour, values: dict, user=None, may_publish: bool = False) -> bool:
    _honour_values(honour, values)
    if values.get("position") is not None:
        honour.position = int(values["position"])
    hidden = _after_edit(honour, may_publish, user)
    record("site.edited", f"修改荣誉“{honour.title}”", target=honour, court=_court(honour.site_id), user=user)
    db.session.commit()
    return hidden


def delete_honour(honour: Honour, user=None) -> None:
    if honour.published:
        _bump(honour.site_id)
    record("site.deleted", f"删除荣誉“{honour.title}”", target=honour, court=_court(honour.site_id), user=user)
    db.session.delete(honour)
    db.session.commit()


def editor_honours(site: Site) -> list[Honour]:
    return list(
        db.session.scalars(
            select(Honour)
            .where(Honour.site_id == site.id)
            .options(joinedload(Honour.image))
            .order_by(Honour.position, Honour.id)
        )
    )


# --- albums and photos -------------------------------------------------------


def _album_values(album_obj: Album, values: dict) -> None:
    title = (values.get("title") or "").strip()[:120]
    if not title:
        raise _error("请填写相册名称。", "title")
    album_obj.title = title
    album_obj.description = (values.get("description") or "").strip()[:2000]


def create_album(site: Site, values: dict, user=None) -> Album:
    album_obj = Album(site_id=site.id, published=False)
    _album_values(album_obj, values)
    album_obj.position = (db.session.scalar(select(func.max(Album.position)).where(Album.site_id == site.id)) or 0) + 1
    db.session.add(album_obj)
    db.session.flush()
    record("site.created", f"新建相册“{album_obj.title}”", target=album_obj, court=site.branch.court, user=user)
    db.session.commit()
    return album_obj


def update_album(album_obj: Album, values: dict, user=None, may_publish: bool = False) -> bool:
    _album_values(album_obj, values)
    if values.get("position") is not None:
        album_obj.position = int(values["position"])
    hidden = _after_edit(album_obj, may_publish, user)
    record("site.edited", f"修改相册“{album_obj.title}”", target=album_obj, court=_court(album_obj.site_id), user=user)
    db.session.commit()
    return hidden


def delete_album(album_obj: Album, user=None) -> None:
    if album_obj.published:
        _bump(album_obj.site_id)
    files = [photo.file for photo in album_obj.photos]
    album_obj.cover_photo_id = None
    db.session.flush()
    record(
        "site.deleted",
        f"删除相册“{album_obj.title}”（{len(files)} 张照片）",
        target=album_obj,
        court=_court(album_obj.site_id),
        user=user,
    )
    db.session.delete(album_obj)
    db.session.flush()
    for stored in files:
        delete_stored(stored)
    db.session.commit()


def add_photos(album_obj: Album, stored_files: list, user=None, may_publish: bool = False) -> list[Photo]:
    """Photos from already stored (checked) images, appended in order.  In a
    shown album, photos from someone who may not publish stay hidden until a
    publisher approves them (:func:`approve_photos`)."""
    last = db.session.scalar(select(func.max(Photo.position)).where(Photo.album_id == album_obj.id)) or 0
    approved = may_publish or not album_obj.published
    photos = [
        Photo(album_id=album_obj.id, file_id=stored.id, position=last + n, caption="", approved=approved)
        for n, stored in enumerate(stored_files, start=1)
    ]
    db.session.add_all(photos)
    if approved:
        _after_edit(album_obj, True, user)
    record(
        "site.edited" if approved else "site.submitted",
        f"向相册“{album_obj.title}”上传 {len(photos)} 张照片" + ("" if approved else "（待审核）"),
        target=album_obj,
        court=_court(album_obj.site_id),
        user=user,
    )
    db.session.commit()
    return photos


def approve_photos(album_obj: Album, user=None) -> int:
    """Show the album's photos that wait for review; returns how many."""
    waiting = [photo for photo in album_obj.photos if not photo.approved]
    if not waiting:
        return 0
    for photo in waiting:
        photo.approved = True
    if album_obj.published:
        _bump(album_obj.site_id)
    record(
        "site.published",
        f"审核通过相册“{album_obj.title}”的 {len(waiting)} 张照片",
        target=album_obj,
        court=_court(album_obj.site_id),
        user=user,
    )
    db.session.commit()
    return len(waiting)


def albums_with_pending_photos(site: Site) -> list[Album]:
    return list(
        db.session.scalars(
            select(Album)
            .where(Album.site_id == site.id, Album.id.in_(select(Photo.album_id).where(Photo.approved.is_(False))))
            .order_by(Album.position, Album.id)
        )
    )


def sites_with_pending_photos(site_ids: list[int]) -> set[int]:
    return set(
        db.session.scalars(
            select(Album.site_id)
            .join(Photo, Photo.album_id == Album.id)
            .where(Album.site_id.in_(site_ids or [-1]), Photo.approved.is_(False))
            .distinct()
        )
    )


def update_photos(
    album_obj: Album, rows: dict[int, dict], cover_id: int | None, user=None, may_publish: bool = False
) -> bool:
    """Captions and order (``{photo_id: {"caption", "position"}}``) and the cover."""
    photos = {photo.id: photo for photo in album_obj.photos}
    for photo_id, row in rows.items():
        photo = photos.get(photo_id)
        if photo is None:
            continue
        photo.caption = (row.get("caption") or "").strip()[:200]
        if row.get("position") not in (None, ""):
            position = parse_int(str(row["position"]), maximum=MAX_POSITION)
            if position is None:  # a huge one would also overflow the next upload's "last + 1"
                raise _error(f"照片排序须是 0 到 {MAX_POSITION} 的整数。", "position")
            photo.position = position
    if cover_id is not None and cover_id not in photos:
        raise _error("封面须是本相册中的照片。", "cover")
    album_obj.cover_photo_id = cover_id
    hidden = _after_edit(album_obj, may_publish, user)
    record(
        "site.edited",
        f"修改相册“{album_obj.title}”的照片说明、顺序和封面",
        target=album_obj,
        court=_court(album_obj.site_id),
        user=user,
    )
    db.session.commit()
    return hidden


def delete_photo(album_obj: Album, photo: Photo, user=None) -> None:
    if album_obj.cover_photo_id == photo.id:
        album_obj.cover_photo_id = None
        db.session.flush()
    if album_obj.published:
        _bump(album_obj.site_id)
    stored = photo.file
    record(
        "site.deleted",
        f"从相册“{album_obj.title}”删除一张照片",
        target=album_obj,
        court=_court(album_obj.site_id),
        user=user,
    )
    album_obj.photos.remove(photo)
    db.session.flush()
    delete_stored(stored)
    db.session.commit()


def editor_albums(site: Site) -> list[Album]:
    return list(
        db.session.scalars(
            select(Album)
            .where(Album.site_id == site.id)
            .options(selectinload(Album.photos).joinedload(Photo.file))
            .order_by(Album.position, Album.id)
        )
    )


def set_published(obj, published: bool, user=None, commit: bool = True) -> None:
    """Show or hide an honour or album (publishers only: the view checks)."""
    if obj.published == published:
        return
    obj.published = published
    if published and isinstance(obj, Album):
        for photo in obj.photos:
            photo.approved = True  # the publisher shows the album as it is now
    _bump(obj.site_id)
    what = "荣誉" if isinstance(obj, Honour) else "相册"
    action = "site.published" if published else "site.unpublished"
    record(
        action,
        f"{'发布' if published else '撤下'}{what}“{obj.title}”",
        target=obj,
        court=_court(obj.site_id),
        user=user,
    )
    if commit:
        db.session.commit()


# --- read API for visitor pages ----------------------------------------------


def honours(site: Site) -> list[Honour]:
    """Shown honours with their images (one query)."""
    return list(
        db.session.scalars(
            select(Honour)
            .where(Honour.site_id == site.id, Honour.published.is_(True))
            .options(joinedload(Honour.image))
            .order_by(Honour.position, Honour.id)
        )
    )


def albums(site: Site) -> list[Album]:
    """Shown albums with their photos and files (three queries), so
    ``album.cover`` and ``len(album.photos)`` cost nothing more."""
    return list(
        db.session.scalars(
            select(Album)
            .where(Album.site_id == site.id, Album.published.is_(True))
            .options(_shown_photos())
            .order_by(Album.position, Album.id)
            .execution_options(populate_existing=True)
        )
    )


def album(site: Site, album_id) -> Album | None:
    try:
        album_id = int(album_id)
    except (TypeError, ValueError):
        return None
    return db.session.scalar(
        select(Album)
        .where(Album.id == album_id, Album.site_id == site.id, Album.published.is_(True))
        .options(_shown_photos())
        .execution_options(populate_existing=True)
    )


def _shown_photos():
    """Visitors' albums hold only approved photos (``album.photos`` filtered)."""
    return selectinload(Album.photos.and_(Photo.approved.is_(True))).joinedload(Photo.file)
