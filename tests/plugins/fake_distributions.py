"""Installed-looking distributions made on the fly, so the tests go through
real entry-point discovery (``importlib.metadata`` reads ``*.dist-info``
folders on ``sys.path``) without touching the virtualenv."""

from __future__ import annotations

import importlib
import sys
import textwrap
from pathlib import Path


def make_distribution(root: Path, name: str, module_source: str, version: str = "0.1.0") -> None:
    """Create ``<name>.py`` and its dist-info with a ``dangjian.plugins`` entry point."""
    module = f"dangjian_test_{name}"
    (root / f"{module}.py").write_text(textwrap.dedent(module_source), encoding="utf-8")
    dist_info = root / f"dangjian_test_{name}-{version}.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: dangjian-test-{name}\nVersion: {version}\n", encoding="utf-8"
    )
    (dist_info / "entry_points.txt").write_text(f"[dangjian.plugins]\n{name} = {module}\n", encoding="utf-8")


def forget_modules() -> None:
    for module in [name for name in sys.modules if name.startswith("dangjian_test_")]:
        del sys.modules[module]
    importlib.invalidate_caches()


BROKEN_IMPORT = """
raise ImportError("this plugin needs a package that is not installed")
"""

BAD_SIGNATURE = """
from dangjian.api import hookimpl

@hookimpl
def dangjian_nav_items(court, no_such_argument):
    return []
"""

FAILING_STARTUP = """
from dangjian.api import hookimpl

@hookimpl
def dangjian_blueprints():
    raise RuntimeError("startup went wrong")
"""

FAILING_NAV = """
from dangjian.api import ModuleInfo, hookimpl

@hookimpl
def dangjian_module_info():
    return ModuleInfo("故障导航")

@hookimpl
def dangjian_nav_items(court):
    raise RuntimeError("nav went wrong")
"""
