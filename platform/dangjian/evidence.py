"""Evidence for the assessment (党建考评): what a module offers as indicators.

The assessment module declares the hooks that ask for these (its
``hookspecs.py``); the shapes live in the host so that any module can build
them from ``dangjian.api`` without importing the assessment plugin.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class IndicatorType:
    """An indicator a module can compute: ``key`` is stable
    (``"<module>.<what>"``, e.g. ``"archives.on_time_rate"``), ``label`` its
    Chinese name, ``unit`` what the value counts (``"%"``, ``"次"``, ``"学时"``)."""

    key: str
    label: str
    unit: str
    module: str
    description: str = ""


@dataclass(frozen=True)
class Indicator:
    """One indicator's value for one branch and period, with the records
    behind it: ``links`` is a tuple of ``(label, url)``."""

    key: str
    branch_id: int
    value: float | None
    unit: str
    links: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    note: str = ""
