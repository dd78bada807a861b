"""The public surface for plugins.

Plugins import from here and nowhere else in ``dangjian``: what is listed in
``__all__`` is promised to stay; everything else may change without notice.
"""
from flask_login import current_user

from .access import AUTHENTICATED, PUBLIC, branch_scope, can, get_in_court_or_404, get_in_scope_or_404, requires
from .access import role_holders  # who holds a role in which branch (notifications)
from .access.roles import (
    BRANCH_EDITOR,
    BRANCH_SECRETARY,
    COURT_ADMIN,
    MEMBER,
    PLATFORM_ADMIN,
    Permission,
)
from .audit.services import record as audit
from .auth.fresh import sensitive
from .courts.clock import court_today, to_local, to_utc
from .courts.models import Court
from .courts.services import active_branches
from .db import db, reading, utcnow, writing
from .files.models import StoredFile
from .files.services import delete_stored, display_name, save_upload, send_stored
from .files.services import path_of as stored_path
from .files.sniffing import DOCUMENTS, IMAGES, KINDS, VIDEOS, NotAllowed
from .forms import ChineseForm
from .evidence import Indicator, IndicatorType
from .hookspecs import hookimpl
from .inbox.notify import notify
from .inbox.todos import Todo
from .inputs import date_arg, int_arg, page_arg, parse_date, parse_int, year_arg
from .members.models import Member
from .members.services import member_of
from .modules.services import court_hooks, is_enabled, module_settings
from .org.models import Organisation
from .plugins import ModuleInfo, NavItem, Panel, Section, Widget
from .richtext import render_html, sanitize_html
# Read-only microsite surface for the showcase module (brand walls read the brand entered once on the site).
from .sites.content import court_sites, ensure_site, latest_posts, site_of
from .sites.gallery import create_honour as create_site_honour  # showcase results become branch honours
from .sites.gallery import honours as site_honours
from .sites.gallery import set_published as publish_site_item  # show a created honour on the microsite
from .sites.media import image_url as site_image_url
from .sites.media import save_image as save_clean_image  # re-encoded: EXIF and hidden data gone
from .sites.models import HONOUR_LEVELS, Site
from .sites.models import Honour as SiteHonour
from .spreadsheets import safe_row, save_workbook  # every Excel export: no live formulas

__all__ = [
    "AUTHENTICATED",
    "DOCUMENTS",
    "IMAGES",
    "KINDS",
    "VIDEOS",
    "ChineseForm",
    "NotAllowed",
    "StoredFile",
    "delete_stored",
    "display_name",
    "reading",
    "render_html",
    "safe_row",
    "save_workbook",
    "sanitize_html",
    "save_clean_image",
    "save_upload",
    "send_stored",
    "stored_path",
    "BRANCH_EDITOR",
    "BRANCH_SECRETARY",
    "COURT_ADMIN",
    "MEMBER",
    "PLATFORM_ADMIN",
    "PUBLIC",
    "Court",
    "Member",
    "ModuleInfo",
    "NavItem",
    "Organisation",
    "Panel",
    "Permission",
    "Section",
    "Widget",
    "audit",
    "branch_scope",
    "can",
    "court_hooks",
    "current_user",
    "db",
    "get_in_court_or_404",
    "get_in_scope_or_404",
    "hookimpl",
    # shared loops: the to-do inbox, notifications, assessment evidence
    "Indicator",
    "IndicatorType",
    "Todo",
    "notify",
    "role_holders",
    # bounded reading of numbers and dates from the query string and hand-made form values
    "date_arg",
    "int_arg",
    "page_arg",
    "parse_date",
    "parse_int",
    "year_arg",
    "is_enabled",
    "module_settings",
    "requires",
    "sensitive",
    "utcnow",
    "writing",
    # the court's branches, its members, its calendar
    "active_branches",
    "court_today",
    "member_of",
    "to_local",
    "to_utc",
    # microsites, read-only plus honour creation (added for the showcase module)
    "HONOUR_LEVELS",
    "Site",
    "SiteHonour",
    "court_sites",
    "create_site_honour",
    "ensure_site",
    "latest_posts",
    "publish_site_item",
    "site_honours",
    "site_image_url",
    "site_of",
]
