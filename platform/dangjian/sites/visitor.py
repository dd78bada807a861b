"""What the visitor pages show (no request objects here).

Every function runs a fixed number of SQL statements whatever the amount of
content: the home page costs the same with 5 posts or 500.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..db import db
from ..modules.services import court_hooks
from ..org.models import Organisation
from . import content, gallery, workflow
from .models import Album, Site

HOME_POSTS = 6
HOME_HONOURS = 8
HOME_ALBUMS = 6
NEWS_PER_PAGE = 12


@dataclass
class HomeSection:
    key: str
    title: str
    body: Markup | None = None  # modules' sections; built-in ones are drawn by the theme


def find_branch(court, slug: str) -> Organisation | None:
    return db.session.scalar(
        select(Organisation).where(
            Organisation.court_id == court.id,
            Organisation.slug == slug,
            Organisation.kind == "branch",
            Organisation.dissolved_at.is_(None),
        )
    )


def due_check(site: Site) -> None:
    """Scheduled items whose time has come go live before the page is read
    (lazily, at read time: no background thread, works without a restart)."""
    workflow.publish_due(site)


def module_sections(court, branch) -> list:
    """Sections offered by the court's enabled modules (the editor chooses)."""
    return court_hooks(court, "dangjian_site_sections", branch=branch)


def home_sections(court, branch, site: Site) -> list[HomeSection]:
    """The sections the editor chose, in their order.  A module's section
    shows only when the editor switched it on (hookspec: nothing is shown
    to visitors without that choice)."""
    chosen = site.sections or content.default_sections()
    wanted = [item for item in sorted(chosen, key=lambda i: i.get("order") or 0) if item.get("visible")]
    offered = {}
    if any(item["key"] not in content.BUILTIN_SECTIONS for item in wanted):
        offered = {section.key: section for section in module_sections(court, branch)}
    sections = []
    for item in wanted:
        key = item["key"]
        if key in content.BUILTIN_SECTIONS:
            sections.append(HomeSection(key, content.BUILTIN_SECTIONS[key]))
        elif key in offered:
            sections.append(HomeSection(key, offered[key].title, Markup(offered[key].body)))
    return sections


def home_context(court, branch, site: Site) -> dict:
    sections = home_sections(court, branch, site)
    keys = {section.key for section in sections}
    return {
        "sections": sections,
        "latest_posts": content.latest_posts(site, HOME_POSTS) if "news" in keys else [],
        "honours": gallery.honours(site)[:HOME_HONOURS] if "honours" in keys else [],
        "albums": gallery.albums(site)[:HOME_ALBUMS] if "albums" in keys else [],
    }


def album_cover(album: Album):
    """The cover photo (the editor's choice, else the first), from the
    already loaded photos."""
    for photo in album.photos:
        if photo.id == album.cover_photo_id:
            return photo
    return album.photos[0] if album.photos else None


def news_page(site: Site, page: int):
    return db.paginate(content.published_posts_query(site), page=page, per_page=NEWS_PER_PAGE, error_out=False)


def has_brand(site: Site) -> bool:
    return site.has_brand


def sites_by_branch(court) -> dict[int, Site]:
    """For the court home's branch cards: {branch id: site} (one query)."""
    return {site.branch_id: site for site in db.session.scalars(select(Site).where(Site.court_id == court.id))}


def branded_sites(limit: int = 24) -> list[Site]:
    """For the portal: sites that have a brand, with branch and court (one query)."""
    query = (
        select(Site)
        .join(Organisation, Organisation.id == Site.branch_id)
        .where(Site.brand_name != "", Organisation.dissolved_at.is_(None))
        .options(joinedload(Site.branch).joinedload(Organisation.court))
        .order_by(Site.court_id, Organisation.position, Site.id)
    )
    return list(db.session.scalars(query.limit(limit)))
