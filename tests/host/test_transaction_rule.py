"""The transaction rule: services flush and record their audit entries, the
view or CLI command commits, and a refusal rolls the whole request back.

The first test reads the source: a module that declares no route, request
hook or command (and is not named as a view or CLI module) must not commit.
The others go through the pages: a refusal raised after the service already
flushed part of its work leaves nothing of it behind."""

from __future__ import annotations

import ast
from pathlib import Path

from sqlalchemy import func, select

from dangjian.announcements import services as announcement_services
from dangjian.announcements.models import Announcement, AnnouncementFile
from dangjian.audit.models import AuditEntry
from dangjian.db import db
from dangjian.files.models import StoredFile
from dangjian.files.services import storage_root
from dangjian.inbox.models import Notification
from dangjian.org import services as org_services
from dangjian.org.models import Organisation
from dangjian.sites.models import Site

from .announcements.helpers import PDF, post_new

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "platform" / "dangjian", *sorted((ROOT / "plugins").glob("dangjian_*"))]
# Interface modules by name: they may commit without declaring a route themselves.
INTERFACE_NAMES = ("views", "cli.py")
INTERFACE_DIRS = ("commands", "demo", "migrations")  # demo loading commits in its own command
# Decorators that make a module part of the interface (routes, request hooks, commands).
INTERFACE_DECORATORS = {
    "route",
    "before_request",
    "before_app_request",
    "after_request",
    "errorhandler",
    "command",
    "group",
}
# (module, function): commits that save no work of anyone's, with the reason.
ALLOWED = {
    # Ends a SQLite transaction that has only read, before a long file copy,
    # so the copy does not hold the write lock; it refuses when anything is pending.
    ("platform/dangjian/files/services.py", "_release_idle_write_lock"),
    # Scheduled publications are their own unit of work, run before the
    # request's own: a later refusal's rollback must not undo them.
    ("platform/dangjian/sites/workflow.py", "publish_due"),
    # The editor views' shared loader (no routes of its own): a branch's site
    # is created the first time its editor opens it, before the view's work.
    ("platform/dangjian/sites/editor_blueprint.py", "load_site"),
    # A test's stand-in for the court admin's 功能模块 screen (a view that commits).
    ("platform/dangjian/testing.py", "enable_module"),
}


def _decorator_name(node: ast.expr) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def _is_interface(path: str, tree: ast.Module) -> bool:
    parts = path.split("/")
    if any(part in INTERFACE_DIRS for part in parts[:-1]) or any(name in parts[-1] for name in INTERFACE_NAMES):
        return True
    return any(
        _decorator_name(decorator) in INTERFACE_DECORATORS
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        for decorator in node.decorator_list
    )


def _commits(tree: ast.Module) -> list[tuple[str, int]]:
    """(enclosing function, line) of every ``….commit()`` call."""
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "commit":
                found.append((function.name, node.lineno))
    return found


def test_service_modules_do_not_commit():
    offenders = []
    for source in SOURCES:
        for file in sorted(source.rglob("*.py")):
            path = file.relative_to(ROOT).as_posix()
            tree = ast.parse(file.read_text(encoding="utf-8"))
            if _is_interface(path, tree):
                continue
            offenders += [f"{path}:{line} ({name})" for name, line in _commits(tree) if (path, name) not in ALLOWED]
    assert sorted(set(offenders)) == [], "services flush; the view or CLI command commits"


def test_the_guard_sees_a_committing_service():
    tree = ast.parse("def save(org):\n    org.name = 'x'\n    db.session.commit()\n")
    assert not _is_interface("platform/dangjian/org/services.py", tree)
    assert _commits(tree) == [("save", 3)]
    routed = ast.parse("@bp.route('/')\ndef page():\n    db.session.commit()\n")
    assert _is_interface("plugins/dangjian_x/editor.py", routed)


# --- refused after a flush: nothing is kept ---------------------------------------------


def _count(model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def test_an_org_edit_refused_at_its_flush_keeps_neither_the_change_nor_its_audit_entry(
    client, world, login_as, monkeypatch
):
    """Two admins give two branches the same slug at the same moment: the
    check passed for both, the unique constraint refuses the second at the
    flush, after the new name was set and its audit entry recorded."""
    login_as(world.zy_admin)
    taken = world.office.slug
    monkeypatch.setattr(org_services, "_slug_taken", lambda *args, **kwargs: False)
    response = client.post(
        f"/zy/manage/org/{world.juvenile.id}/edit",
        data={"name": "少年家事审判庭党支部", "slug": taken, "department": "少年家事审判庭", "department_kind": ""},
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "网址标识刚被其他人使用，请换一个再保存。" in text
    assert 'value="少年家事审判庭党支部"' in text  # the form keeps what was typed
    db.session.expire_all()
    org = db.session.get(Organisation, world.juvenile.id)
    assert (org.name, org.slug) == ("少年庭党支部", "snt")
    assert _count(AuditEntry, AuditEntry.action == "org.renamed") == 0

    monkeypatch.undo()  # the next attempt with a free slug goes through
    response = client.post(
        f"/zy/manage/org/{world.juvenile.id}/edit",
        data={"name": "少年家事审判庭党支部", "slug": "snjs", "department": "", "department_kind": ""},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Organisation, world.juvenile.id).name == "少年家事审判庭党支部"
    assert _count(AuditEntry, AuditEntry.action == "org.renamed") == 1


def test_a_new_branch_refused_at_its_flush_leaves_no_branch_and_no_site(client, world, login_as, monkeypatch):
    login_as(world.zy_admin)
    sites_before = _count(Site)
    monkeypatch.setattr(org_services, "_slug_taken", lambda *args, **kwargs: False)
    response = client.post(
        "/zy/manage/org/new",
        data={
            "parent_id": world.zy_committee.id,
            "kind": "branch",
            "name": "法警队党支部",
            "slug": world.office.slug,
            "department": "",
            "department_kind": "",
        },
    )
    assert response.status_code == 200
    assert "网址标识刚被其他人使用" in response.get_data(as_text=True)
    assert _count(Organisation, Organisation.name == "法警队党支部") == 0
    assert _count(Site) == sites_before
    assert _count(AuditEntry, AuditEntry.action == "org.created") == 0


def test_an_announcement_refused_at_publishing_keeps_no_draft_file_or_audit_entry(client, world, login_as, monkeypatch):
    """The courts below went away between the form and the publish: the
    view had already flushed the new announcement, its attachment and its
    audit entry when publishing refused."""
    login_as(world.zy_admin)
    files_before = sorted(path.name for path in storage_root().iterdir()) if storage_root().exists() else []
    monkeypatch.setattr(announcement_services, "target_courts", lambda announcement: [])
    response = post_new(client, title="致各基层法院", scope="courts_below", files=[("通知.pdf", PDF)])
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "本院没有下级法院，请选择“全院”或“选定支部”。" in text
    assert _count(Announcement) == 0
    assert _count(AnnouncementFile) == 0
    assert _count(StoredFile) == 0
    assert _count(AuditEntry, AuditEntry.action.like("announcement.%")) == 0
    assert _count(Notification) == 0
    files_after = sorted(path.name for path in storage_root().iterdir()) if storage_root().exists() else []
    assert files_after == files_before  # the copied bytes went with the rolled-back row
