"""dangjian.api is the plugins' contract: every exported name exists, is
documented where it is defined (functions and classes) and has a place in
docs/plugins.md, and ``__all__`` is kept sorted."""

from __future__ import annotations

import dataclasses
import inspect
import re
from pathlib import Path

import pytest

from dangjian import api

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "plugins.md"


def own_docstring(obj) -> str | None:
    """The object's own docstring: not one inherited from a base class
    (``db.Model``) and not the signature a dataclass writes for itself."""
    if inspect.isclass(obj):
        doc = obj.__dict__.get("__doc__")
        if doc and dataclasses.is_dataclass(obj) and doc.startswith(f"{obj.__name__}("):
            return None
        return doc
    return inspect.getdoc(obj) if inspect.isroutine(obj) else "n/a"


def test_all_is_sorted_and_without_duplicates():
    assert list(api.__all__) == sorted(api.__all__)
    assert len(set(api.__all__)) == len(api.__all__)


def test_every_listed_name_exists():
    assert [name for name in api.__all__ if not hasattr(api, name)] == []


@pytest.mark.parametrize("name", api.__all__)
def test_functions_and_classes_have_docstrings(name):
    obj = getattr(api, name, None)
    if inspect.isclass(obj) or inspect.isroutine(obj):
        assert (own_docstring(obj) or "").strip(), f"dangjian.api.{name} has no docstring"


def test_every_name_is_in_the_plugin_guide():
    text = GUIDE.read_text(encoding="utf-8")
    mentioned = set(re.findall(r"`([A-Za-z_][A-Za-z0-9_]*)", text))
    assert sorted(set(api.__all__) - mentioned) == []


def test_the_check_notices_what_it_should():
    class Model(api.db.Model):
        __abstract__ = True

    @dataclasses.dataclass
    class Plain:
        x: int

    def bare():
        pass

    assert own_docstring(Model) is None and own_docstring(Plain) is None and own_docstring(bare) is None
    assert own_docstring(api.Court) and own_docstring(api.NavItem) and own_docstring(api.court_today)
