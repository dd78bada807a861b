"""The permission registry of one application: what the host and each
plugin declare through ``dangjian_permissions`` (the host's own through
``core_hooks``), filled when the app is built."""

from __future__ import annotations

from flask import current_app

from .roles import Permission


class PermissionRegistry:
    def __init__(self) -> None:
        self._permissions: dict[str, Permission] = {}

    def add(self, permission: Permission) -> None:
        if permission.name in self._permissions:
            raise ValueError(f"permission {permission.name!r} is declared twice")
        self._permissions[permission.name] = permission

    def get(self, name: str) -> Permission | None:
        return self._permissions.get(name)

    def __contains__(self, name: str) -> bool:
        return name in self._permissions

    def all(self) -> list[Permission]:
        return sorted(self._permissions.values(), key=lambda p: p.name)


def registry() -> PermissionRegistry:
    return current_app.extensions["dangjian.permissions"]
