"""Every host model, imported in one place so the metadata is complete
(Alembic autogenerate, ``db.create_all`` in tests)."""

from .access.models import RoleAssignment
from .announcements.models import (
    Announcement,
    AnnouncementBranch,
    AnnouncementCourt,
    AnnouncementFile,
    AnnouncementReceipt,
)
from .api_tokens.models import ApiToken
from .audit.models import AuditEntry
from .auth.models import User
from .courts.models import Court
from .files.models import StoredFile
from .inbox.models import Notification
from .members.models import Member, MemberImportBatch, MemberTransfer
from .modules.models import CourtModule
from .org.models import CommitteeSeat, Organisation
from .sites.models import Album, ContentRevision, Honour, MenuItem, NewsPost, Photo, Site, SitePage

__all__ = [
    "Album",
    "Announcement",
    "AnnouncementBranch",
    "AnnouncementCourt",
    "AnnouncementFile",
    "AnnouncementReceipt",
    "ApiToken",
    "AuditEntry",
    "CommitteeSeat",
    "ContentRevision",
    "Court",
    "CourtModule",
    "Honour",
    "Member",
    "MemberImportBatch",
    "MemberTransfer",
    "MenuItem",
    "NewsPost",
    "Notification",
    "Organisation",
    "Photo",
    "RoleAssignment",
    "Site",
    "SitePage",
    "StoredFile",
    "User",
]
