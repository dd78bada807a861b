"""The public surface for plugins.

Plugins import from here and nowhere else in ``dangjian``: what is listed in
``__all__`` is promised to stay; everything else may change without notice.
"""
from flask_login import current_user

from .access import AUTHENTICATED, PUBLIC, branch_scope, can, get_in_court_or_404, get_in_scope_or_404, requires
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
from .courts.models import Court
from .db import db, reading, utcnow, writing
from .files.models import StoredFile
from .files.services import delete_stored, display_name, save_upload, send_stored
from .files.services import path_of as stored_path
from .files.sniffing import DOCUMENTS, IMAGES, KINDS, VIDEOS, NotAllowed
from .forms import ChineseForm
from .hookspecs import hookimpl
from .members.models import Member
from .modules.services import court_hooks, is_enabled, module_settings
from .org.models import Organisation
from .plugins import ModuleInfo, NavItem, Panel, Section, Widget
from .richtext import render_html, sanitize_html

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
    "sanitize_html",
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
    "is_enabled",
    "module_settings",
    "requires",
    "sensitive",
    "utcnow",
    "writing",
]
