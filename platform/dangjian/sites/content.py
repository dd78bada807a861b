"""Microsite content: the site of a branch, its brand, pages, menu and news.

Services take objects and the acting user, never the request; they flush
and record audit entries, and the view commits.  Rule violations raise
:class:`~dangjian.sites.errors.SiteError` with a Chinese message for the
form.  The read API at the end is what visitor pages use: it returns only
what is published, each function in a fixed number of SQL statements.  Menu
editing is in menus.py, honours and albums in gallery.py.
"""

from __future__ import annotations

import re
from typing import Literal, overload

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..audit.services import record
from ..db import db
from ..inputs import parse_int
from ..org.models import Organisation
from ..richtext import sanitize_html
from . import revisions
from .errors import SiteError, flush_unique
from .models import MAX_PAGE_DEPTH, ContentRevision, MenuItem, NewsPost, Site, SitePage

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Built-in home sections; modules add theirs through dangjian_site_sections.
BUILTIN_SECTIONS = {
    "brand": "品牌“五有”",
    "news": "最新动态",
    "honours": "荣誉墙",
    "albums": "风采相册",
}


# --------------------------------------------------------------------------
# The site of a branch
# --------------------------------------------------------------------------


def default_sections() -> list[dict]:
    return [{"key": key, "visible": True, "order": n} for n, key in enumerate(BUILTIN_SECTIONS, start=1)]


def find_site(branch: Organisation) -> Site | None:
    return db.session.scalar(select(Site).where(Site.branch_id == branch.id))


def ensure_site(branch: Organisation) -> Site:
    """The branch's site, created (flushed, not committed) when missing."""
    site = find_site(branch)
    if site is None:
        site = Site(
            court_id=branch.court_id,
            branch_id=branch.id,
            brand_name="",
            theme_settings={},
            sections=default_sections(),
            content_version=1,
        )
        db.session.add(site)
        db.session.flush()
    return site


# The name dangjian.api gives modules: a site made here is kept by the caller's commit.
site_of = ensure_site


def court_sites(court, branch_ids: set[int] | None = None) -> list[tuple[Organisation, Site | None]]:
    """Active branches of a court (optionally only some) with their sites."""
    query = (
        select(Organisation)
        .where(Organisation.court_id == court.id, Organisation.kind == "branch", Organisation.dissolved_at.is_(None))
        .order_by(Organisation.position, Organisation.id)
    )
    if branch_ids is not None:
        query = query.where(Organisation.id.in_(branch_ids or {-1}))
    branches = list(db.session.scalars(query))
    sites = {
        s.branch_id: s
        for s in db.session.scalars(
            select(Site).where(Site.branch_id.in_([b.id for b in branches] or [-1])).options(joinedload(Site.logo))
        )
    }
    return [(branch, sites.get(branch.id)) for branch in branches]


BRAND_FIELDS = (
    "brand_name",
    "slogan",
    "meaning",
    "vehicle",
    "impact",
    "theme",
    "theme_settings",
    "logo_file_id",
    "banner_file_id",
)


def clean_brand(site: Site, values: dict, base: dict | None = None) -> dict:
    """The brand fields a form's ``values`` ask for; logo and banner are
    kept from ``base`` (default: the live site) unless replaced or removed."""
    base = base if base is not None else {key: getattr(site, key) for key in BRAND_FIELDS}
    clean = {
        "brand_name": (values.get("brand_name") or "").strip()[:40],
        "slogan": (values.get("slogan") or "").strip()[:120],
        "meaning": sanitize_html(values.get("meaning")),
        "vehicle": sanitize_html(values.get("vehicle")),
        "impact": sanitize_html(values.get("impact")),
        "theme": values.get("theme") or base["theme"],
        "theme_settings": dict(values.get("theme_settings") or base["theme_settings"] or {}),
    }
    for key in ("logo", "banner"):
        if values.get(key) is not None:
            clean[f"{key}_file_id"] = values[key].id
        elif values.get(f"remove_{key}"):
            clean[f"{key}_file_id"] = None
        else:
            clean[f"{key}_file_id"] = base[f"{key}_file_id"]
    return clean


def update_brand(site: Site, values: dict, user=None) -> list[str]:
    """Brand name, slogan, the 五有 texts, theme and its settings, logo and
    banner (StoredFile or None to keep), live at once (a publisher's change).
    Returns the changed field names."""
    clean = clean_brand(site, values)
    changed = [key for key, value in clean.items() if getattr(site, key) != value]
    if not changed:
        return changed
    for key in changed:
        setattr(site, key, clean[key])
    site.bump()
    record(
        "site.brand",
        f"修改“{site.branch.name}”网站品牌设置",
        target=site,
        court=site.branch.court,
        user=user,
        detail={"fields": changed},
    )
    db.session.flush()
    return changed


def clean_sections(sections: list[dict]) -> list[dict]:
    return [
        {"key": str(item["key"])[:40], "visible": bool(item.get("visible")), "order": int(item.get("order") or 0)}
        for item in sections
    ]


def set_sections(site: Site, sections: list[dict], user=None) -> None:
    site.sections = clean_sections(sections)
    site.bump()
    record(
        "site.sections",
        f"调整“{site.branch.name}”网站首页栏目",
        target=site,
        court=site.branch.court,
        user=user,
        detail={"sections": site.sections},
    )
    db.session.flush()


# --------------------------------------------------------------------------
# Pages and posts (their words are revisions, see revisions.py)
# --------------------------------------------------------------------------


@overload
def _clean_slug(
    model, site: Site, slug: str | None, exclude_id: int | None = None, required: Literal[True] = True
) -> str: ...
@overload
def _clean_slug(
    model, site: Site, slug: str | None, exclude_id: int | None = None, *, required: bool
) -> str | None: ...
def _clean_slug(
    model, site: Site, slug: str | None, exclude_id: int | None = None, required: bool = True
) -> str | None:
    slug = (slug or "").strip().lower()
    if not slug:
        if required:
            raise SiteError("请填写网址标识（小写英文字母、数字和连字符）。", field="slug")
        return None
    if len(slug) > 60 or not SLUG_PATTERN.match(slug) or slug.isdigit():
        raise SiteError(
            "网址标识只能用小写英文字母、数字和连字符“-”，不能全是数字，且不能以连字符开头或结尾。", field="slug"
        )
    query = select(model.id).where(model.site_id == site.id, model.slug == slug)
    if exclude_id is not None:
        query = query.where(model.id != exclude_id)
    if db.session.scalar(query.limit(1)) is not None:
        raise SiteError(f"本网站已有网址标识为“{slug}”的内容，请换一个。", field="slug")
    return slug


def _check_parent(page: SitePage | None, parent: SitePage | None, site: Site) -> None:
    if parent is None:
        return
    if parent.site_id != site.id:
        raise SiteError("上级栏目不属于本网站。", field="parent_id")
    if parent.parent_id is not None:
        raise SiteError(
            f"栏目最多 {MAX_PAGE_DEPTH} 级：“{revisions.title_of(parent)}”已是二级栏目，不能再往下建。",
            field="parent_id",
        )
    if page is not None:
        if parent.id == page.id:
            raise SiteError("不能把栏目设为它自己的下级。", field="parent_id")
        has_children = db.session.scalar(select(SitePage.id).where(SitePage.parent_id == page.id).limit(1))
        if has_children:
            raise SiteError("该栏目下还有子栏目，不能再设为其他栏目的下级。", field="parent_id")


def _words(values: dict) -> dict:
    title = (values.get("title") or "").strip()[:200]
    if not title:
        raise SiteError("请填写标题。", field="title")
    return {"title": title, "summary": (values.get("summary") or "").strip()[:500], "body": values.get("body") or ""}


def create_page(site: Site, values: dict, user=None) -> SitePage:
    words = _words(values)
    parent = values.get("parent")
    _check_parent(None, parent, site)
    last = db.session.scalar(select(func.max(SitePage.position)).where(SitePage.site_id == site.id)) or 0
    page = SitePage(
        site_id=site.id,
        parent_id=parent.id if parent else None,
        status="draft",
        slug=_clean_slug(SitePage, site, values.get("slug")),
        position=last + 1,
        show_in_menu=bool(values.get("show_in_menu", True)),
    )
    db.session.add(page)
    flush_unique()  # the slug is checked, but another editor may take it first
    revisions.save_revision(page, user=user, note="新建", **words)
    record("site.created", f"新建栏目页面“{words['title']}”", target=page, court=site.branch.court, user=user)
    db.session.flush()
    return page


def update_page(page: SitePage, values: dict, user=None) -> SitePage:
    words = _words(values)
    parent = values.get("parent")
    _check_parent(page, parent, page.site)
    page.slug = _clean_slug(SitePage, page.site, values.get("slug"), exclude_id=page.id)
    page.parent_id = parent.id if parent else None
    page.show_in_menu = bool(values.get("show_in_menu"))
    if "position" in values and values["position"] is not None:
        page.position = int(values["position"])
    if page.is_live:
        page.site.bump()  # menu place and slug show at once; the words wait for publishing
    _save_words(page, words, user, values.get("note"))
    flush_unique()
    return page


def create_post(site: Site, values: dict, user=None, note: str = "新建") -> NewsPost:
    words = _words(values)
    post = NewsPost(
        site_id=site.id,
        status="draft",
        slug=_clean_slug(NewsPost, site, values.get("slug"), required=False),
        publish_date=values.get("publish_date"),
    )
    if values.get("cover") is not None:
        post.cover_file_id = values["cover"].id
    db.session.add(post)
    flush_unique()  # the slug is checked, but another editor may take it first
    revisions.save_revision(post, user=user, note=note, **words)
    record("site.created", f"新建新闻“{words['title']}”", target=post, court=site.branch.court, user=user)
    db.session.flush()
    return post


def update_post(post: NewsPost, values: dict, user=None) -> NewsPost:
    words = _words(values)
    post.slug = _clean_slug(NewsPost, post.site, values.get("slug"), exclude_id=post.id, required=False)
    post.publish_date = values.get("publish_date")
    if values.get("cover") is not None:
        post.cover_file_id = values["cover"].id
    elif values.get("remove_cover"):
        post.cover_file_id = None
    if post.is_live:
        post.site.bump()
    _save_words(post, words, user, values.get("note"))
    flush_unique()
    return post


def _save_words(obj, words: dict, user, note: str | None) -> None:
    """A new revision when the words changed.  Any edit sends the working
    copy back to draft (a schedule is cancelled): what a secretary approved
    is not what is now there."""
    latest = obj.latest_revision
    same = latest is not None and (latest.title, latest.summary, latest.body) == (
        words["title"],
        words["summary"],
        sanitize_html(words["body"]),
    )
    if not same:
        revisions.save_revision(obj, user=user, note=(note or "").strip()[:200], **words)
        obj.status, obj.publish_at = "draft", None
        record("site.edited", f"修改“{words['title']}”", target=obj, court=obj.site.branch.court, user=user)


def delete_content(obj, user=None) -> None:
    """Delete a page or post with its revisions (a page with sub-pages refuses)."""
    if isinstance(obj, SitePage) and db.session.scalar(
        select(SitePage.id).where(SitePage.parent_id == obj.id).limit(1)
    ):
        raise SiteError("该栏目下还有子栏目，请先删除或移走子栏目。")
    title, site = revisions.title_of(obj), obj.site
    if obj.is_live:
        site.bump()
    obj.live_revision_id = obj.latest_revision_id = None
    db.session.flush()
    db.session.execute(
        db.delete(ContentRevision).where(
            ContentRevision.site_id == site.id, ContentRevision.kind == obj.kind, ContentRevision.object_id == obj.id
        )
    )
    record("site.deleted", f"删除“{title}”", target=obj, court=site.branch.court, user=user)
    db.session.delete(obj)
    db.session.flush()


def editor_pages(site: Site) -> list[SitePage]:
    """Every page, parents first then their children, with both revisions."""
    pages = list(
        db.session.scalars(
            select(SitePage)
            .where(SitePage.site_id == site.id)
            .options(joinedload(SitePage.latest_revision), joinedload(SitePage.live_revision))
            .order_by(SitePage.position, SitePage.id)
        )
    )
    return _as_tree(pages)


def _as_tree(pages: list[SitePage]) -> list[SitePage]:
    children: dict[int, list[SitePage]] = {}
    for page in pages:
        if page.parent_id is not None:
            children.setdefault(page.parent_id, []).append(page)
    ids = {page.id for page in pages}
    ordered = []
    for page in pages:
        if page.parent_id is None or page.parent_id not in ids:
            ordered.append(page)
            ordered.extend(children.get(page.id, []))
    return ordered


def editor_posts_query(site: Site, search: str = ""):
    query = (
        select(NewsPost)
        .where(NewsPost.site_id == site.id)
        .options(joinedload(NewsPost.latest_revision), joinedload(NewsPost.live_revision))
    )
    if search:
        query = query.join(ContentRevision, ContentRevision.id == NewsPost.latest_revision_id).where(
            ContentRevision.title.contains(search, autoescape=True)
        )
    return query.order_by(NewsPost.updated_at.desc(), NewsPost.id.desc())


# --------------------------------------------------------------------------
# Read API for visitor pages: published content only
# --------------------------------------------------------------------------


def live_revision(obj) -> ContentRevision | None:
    """What visitors see of a page or post (None: not published)."""
    return obj.live_revision if obj is not None and obj.live_revision_id is not None else None


def published_pages(site: Site) -> list[SitePage]:
    """Live pages, each parent followed by its live children (one query)."""
    pages = list(
        db.session.scalars(
            select(SitePage)
            .where(SitePage.site_id == site.id, SitePage.live_revision_id.is_not(None))
            .options(joinedload(SitePage.live_revision))
            .order_by(SitePage.position, SitePage.id)
        )
    )
    return _as_tree(pages)


def published_page(site: Site, slug: str) -> SitePage | None:
    return db.session.scalar(
        select(SitePage)
        .where(SitePage.site_id == site.id, SitePage.slug == slug, SitePage.live_revision_id.is_not(None))
        .options(joinedload(SitePage.live_revision))
    )


def menu(site: Site) -> list[MenuItem]:
    """The editor's menu without items of unpublished pages; when the editor
    has made none, the live top-level pages marked "show in menu" (one query)."""
    items = list(
        db.session.scalars(
            select(MenuItem)
            .where(MenuItem.site_id == site.id)
            .options(joinedload(MenuItem.page).joinedload(SitePage.live_revision))
            .order_by(MenuItem.position, MenuItem.id)
        )
    )
    if items:
        return [item for item in items if item.page_id is None or (item.page is not None and item.page.is_live)]
    pages = [page for page in published_pages(site) if page.parent_id is None and page.show_in_menu]
    return [
        MenuItem(site_id=site.id, label=_live_title(page), page=page, page_id=page.id, position=n)
        for n, page in enumerate(pages, start=1)
    ]


def published_posts_query(site: Site):
    """Live posts, newest first, for ``db.paginate`` (the news list)."""
    return (
        select(NewsPost)
        .where(NewsPost.site_id == site.id, NewsPost.live_revision_id.is_not(None))
        .options(joinedload(NewsPost.live_revision), joinedload(NewsPost.cover))
        .order_by(NewsPost.publish_date.desc(), NewsPost.id.desc())
    )


def latest_posts(site: Site, limit: int = 5) -> list[NewsPost]:
    """The site's ``limit`` newest published news posts."""
    return list(db.session.scalars(published_posts_query(site).limit(limit)).unique())


def published_post(site: Site, id_or_slug) -> NewsPost | None:
    query = select(NewsPost).where(NewsPost.site_id == site.id, NewsPost.live_revision_id.is_not(None))
    text = str(id_or_slug)
    query = (
        query.where(NewsPost.id == parse_int(text))
        if parse_int(text) is not None
        else query.where(NewsPost.slug == text)
    )
    return db.session.scalar(query.options(joinedload(NewsPost.live_revision), joinedload(NewsPost.cover)))


def _live_title(page: SitePage) -> str:
    assert page.live_revision is not None  # a published page has its live revision
    return page.live_revision.title
