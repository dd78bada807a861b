"""Roles, permissions and scoped access (docs/architecture.md, "A request" and "Roles and permissions")."""

from .checks import (
    branch_scope,
    can,
    get_in_court_or_404,
    get_in_scope_or_404,
    has_permission,
    is_platform_admin,
    requires,
    view_permission,
)
from .holders import role_holders
from .roles import AUTHENTICATED, PUBLIC

__all__ = [
    "AUTHENTICATED",
    "PUBLIC",
    "branch_scope",
    "can",
    "get_in_court_or_404",
    "get_in_scope_or_404",
    "has_permission",
    "is_platform_admin",
    "requires",
    "role_holders",
    "view_permission",
]
