"""Permission checks, the view decorator, and tenant-scoped fetching.

Every view declares what it needs with ``@requires(...)``; the declaration is
kept on the view function so a test can walk ``app.url_map`` and fail on any
view without one.  Tenant objects are never fetched by bare id: the helpers
here filter by the court in the URL (``g.court``) and by the branches the
user's role covers, and answer 404 on any mismatch so ids of other tenants
are not even confirmed to exist.
"""

from __future__ import annotations

from functools import wraps
from typing import Any, TypeVar

from flask import abort, g
from flask_login import current_user
from sqlalchemy import select

from ..db import Model, db
from ..extensions import login_manager
from .registry import registry
from .roles import (
    AUTHENTICATED,
    BRANCH_SCOPED_ROLES,
    COURT_ADMIN,
    MEMBER,
    PLATFORM_ADMIN,
    PUBLIC,
)

PERMISSION_ATTRIBUTE = "dangjian_permission"
T = TypeVar("T", bound=Model)


def _role_grants(role: str, permission: str) -> bool:
    declared = registry().get(permission)
    return declared is not None and role in declared.roles


def _held_roles(user, court):
    """(role, organisation_id) pairs the user holds in ``court``, including
    the implicit member role of an account linked to a member record."""
    held = [
        (assignment.role, assignment.organisation_id)
        for assignment in user.roles
        if court is not None and assignment.court_id == court.id
    ]
    member = getattr(user, "member", None)
    if member is not None and court is not None and member.court_id == court.id and member.left_on is None:
        held.append((MEMBER, member.branch_id))
    return held


def is_platform_admin(user) -> bool:
    return user.is_authenticated and any(a.role == PLATFORM_ADMIN for a in user.roles)


def has_permission(user, permission: str, court=None) -> bool:
    if permission == PUBLIC:
        return True
    if not user.is_authenticated:
        return False
    if permission == AUTHENTICATED:
        return True
    if registry().get(permission) is None:
        return False  # unknown permissions fail closed, for everyone
    if is_platform_admin(user):
        return True
    if any(_role_grants(role, permission) for role, _ in _held_roles(user, court)):
        return True
    return _oversees(user, permission, court)


def _oversees(user, permission: str, court) -> bool:
    declared = registry().get(permission)
    assert declared is not None, f"undeclared permission {permission}"
    if court is None or court.parent_id is None or not declared.oversight:
        return False
    return any(a.role == COURT_ADMIN and a.court_id == court.parent_id for a in user.roles)


def branch_scope(user, permission: str, court) -> set[int] | None:
    """The branches ``permission`` covers for ``user`` in ``court``.

    ``None`` means the whole court; otherwise a set of branch ids (possibly
    empty).  Only branch-scoped roles narrow the scope.
    """
    if is_platform_admin(user):
        return None
    branches: set[int] = set()
    for role, organisation_id in _held_roles(user, court):
        if not _role_grants(role, permission):
            continue
        if role not in BRANCH_SCOPED_ROLES:
            return None
        if organisation_id is not None:
            branches.add(organisation_id)
    if not branches and _oversees(user, permission, court):
        return None
    return branches


def can(permission: str, court=None) -> bool:
    """Template and view helper: may the current user do this here?"""
    return has_permission(current_user, permission, court if court is not None else g.get("court"))


def requires(permission: str):
    """Declare and enforce the permission a view needs.

    ``PUBLIC`` lets anyone in, ``AUTHENTICATED`` any signed-in account; any
    other name is checked against the roles held in the court of the URL.
    """

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if permission != PUBLIC:
                if not current_user.is_authenticated:
                    return login_manager.unauthorized()
                if not has_permission(current_user, permission, g.get("court")):
                    abort(403)
            return view(*args, **kwargs)

        setattr(guarded, PERMISSION_ATTRIBUTE, permission)
        return guarded

    return decorate


def view_permission(view) -> str | None:
    return getattr(view, PERMISSION_ATTRIBUTE, None)


def get_in_court_or_404(model: type[T], object_id: int, court=None) -> T:
    """Fetch a court-owned object (one with ``court_id``) of the URL's court."""
    court = court if court is not None else g.court
    columns: Any = model  # a court-owned model: any with id and court_id
    obj = db.session.scalar(select(model).where(columns.id == object_id, columns.court_id == court.id))
    if obj is None:
        abort(404)
    return obj


def get_in_scope_or_404(model: type[T], object_id: int, permission: str, branch_attribute: str = "branch_id") -> T:
    """Fetch a branch-owned object, checking the user's branch scope too."""
    obj = get_in_court_or_404(model, object_id)
    scope = branch_scope(current_user, permission, g.court)
    if scope is not None and getattr(obj, branch_attribute) not in scope:
        abort(404)
    return obj
