"""The public surface for plugins.

Plugins import from here and nowhere else in ``dangjian``: what is listed in
``__all__`` is promised to stay; everything else may change without notice.
docs/plugins.md describes every name; tests/plugins/test_api_surface.py keeps
this module, its docstrings and that guide in step.
"""

from flask_login import current_user

# --- hooks and module presentation -------------------------------------------
from .hookspecs import hookimpl, hookspec
from .modules.services import court_hooks, is_enabled, module_settings
from .plugins import ModuleInfo, NavItem, Panel, Section, Widget

# --- access: roles, permissions, scopes ---------------------------------------
from .access import AUTHENTICATED, PUBLIC, branch_scope, can, get_in_court_or_404, get_in_scope_or_404, requires
from .access import role_holders
from .access.roles import BRANCH_EDITOR, BRANCH_SECRETARY, COURT_ADMIN, MEMBER, PLATFORM_ADMIN, Permission
from .audit.services import record as audit
from .auth.fresh import sensitive

# --- data: the session, transactions, the models a plugin may refer to --------
from .auth.models import User  # accounts: to link a plugin row to a person who signs in
from .courts.models import Court
from .db import Model, db, reading, utcnow, writing
from .members.models import Member
from .org.models import Organisation
from .refusals import Refused, show_refusal  # services refuse; the view rolls back and shows why

# --- courts: branches, members, the court's calendar --------------------------
from .courts.clock import court_today, to_local, to_utc
from .org.queries import active_branches
from .members.services import member_of

# --- input and forms -----------------------------------------------------------
from .forms import ChineseForm
from .inputs import date_arg, int_arg, page_arg, parse_date, parse_int, year_arg

# --- files and exports ---------------------------------------------------------
from .files.models import StoredFile
from .files.services import delete_stored, display_name, save_upload, send_stored
from .files.services import path_of as stored_path
from .files.sniffing import DOCUMENTS, IMAGES, KINDS, VIDEOS, NotAllowed
from .spreadsheets import safe_row, save_workbook  # every Excel export: no live formulas

# --- rich text -----------------------------------------------------------------
from .richtext import render_html, sanitize_html

# --- QR sign-in: signed codes per 30-second window, the code as inline SVG -----
from .signin_codes import check_signin_code, qr_svg, signin_code, signin_result

# --- sites: read-only microsite surface, plus honours (the showcase module) ----
# The ``site_``/``Site`` prefixes name the microsite module these come from.
from .sites.content import court_sites, ensure_site, latest_posts, site_of
from .sites.gallery import create_honour as create_site_honour  # showcase results become branch honours
from .sites.gallery import honours as site_honours
from .sites.gallery import set_published as publish_site_item  # show a created honour on the microsite
from .sites.media import image_url as site_image_url
from .sites.media import save_image as save_clean_image  # re-encoded: EXIF and hidden data gone
from .sites.models import HONOUR_LEVELS, Site
from .sites.models import Honour as SiteHonour

# --- inbox, notifications, assessment evidence ----------------------------------
from .evidence import Indicator, IndicatorType
from .inbox.notify import notify
from .inbox.todos import Todo

# --- the JSON API (/api/v1): a plugin's routes through dangjian_api_blueprints ----
from marshmallow import fields as api_fields  # schema fields (marshmallow)
from marshmallow import validate as api_validate  # their validators

from .jsonapi.core import ApiBlueprint, ApiPageArgs, ApiSchema, api_abort, api_paginate
from .jsonapi.core import page_of as api_page_of

# Sorted (plain string order); the sections are in the imports above.
__all__ = [
    "AUTHENTICATED",
    "ApiBlueprint",
    "ApiPageArgs",
    "ApiSchema",
    "BRANCH_EDITOR",
    "BRANCH_SECRETARY",
    "COURT_ADMIN",
    "ChineseForm",
    "Court",
    "DOCUMENTS",
    "HONOUR_LEVELS",
    "IMAGES",
    "Indicator",
    "IndicatorType",
    "KINDS",
    "MEMBER",
    "Member",
    "Model",
    "ModuleInfo",
    "NavItem",
    "NotAllowed",
    "Organisation",
    "PLATFORM_ADMIN",
    "PUBLIC",
    "Panel",
    "Permission",
    "Refused",
    "Section",
    "Site",
    "SiteHonour",
    "StoredFile",
    "Todo",
    "User",
    "VIDEOS",
    "Widget",
    "active_branches",
    "api_abort",
    "api_fields",
    "api_page_of",
    "api_paginate",
    "api_validate",
    "audit",
    "branch_scope",
    "can",
    "check_signin_code",
    "court_hooks",
    "court_sites",
    "court_today",
    "create_site_honour",
    "current_user",
    "date_arg",
    "db",
    "delete_stored",
    "display_name",
    "ensure_site",
    "get_in_court_or_404",
    "get_in_scope_or_404",
    "hookimpl",
    "hookspec",
    "int_arg",
    "is_enabled",
    "latest_posts",
    "member_of",
    "module_settings",
    "notify",
    "page_arg",
    "parse_date",
    "parse_int",
    "publish_site_item",
    "qr_svg",
    "reading",
    "render_html",
    "requires",
    "role_holders",
    "safe_row",
    "sanitize_html",
    "save_clean_image",
    "save_upload",
    "save_workbook",
    "send_stored",
    "sensitive",
    "show_refusal",
    "signin_code",
    "signin_result",
    "site_honours",
    "site_image_url",
    "site_of",
    "stored_path",
    "to_local",
    "to_utc",
    "utcnow",
    "writing",
    "year_arg",
]
