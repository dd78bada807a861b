"""How an item's points are reached: by hand, from an indicator, or by
deductions down to zero; and the indicators the enabled modules offer."""

from __future__ import annotations

from dangjian.api import Indicator, IndicatorType, court_hooks

from .models import DEDUCTION, INDICATOR, MANUAL


def _clamp(points: float, maximum: float) -> float:
    return round(min(max(points, 0.0), float(maximum)), 2)


def mapped_points(mapping: dict | None, value: float, maximum: float) -> float:
    """An indicator value as points.  ``thresholds``: the points of the
    highest step whose ``min`` the value reaches (0 below every step);
    ``linear``: 0 at ``low``, the item's full points at ``high``."""
    mapping = mapping or {}
    if mapping.get("kind") == "linear":
        low, high = float(mapping.get("low", 0)), float(mapping.get("high", 100))
        if high <= low:
            return _clamp(maximum if value >= high else 0.0, maximum)
        return _clamp((value - low) / (high - low) * float(maximum), maximum)
    reached = [float(step["points"]) for step in mapping.get("steps", []) if value >= float(step["min"])]
    return _clamp(max(reached, default=0.0), maximum)


def item_points(item, value: float | None = None, occurrences: int | None = None) -> float | None:
    """The automatic points of ``item``, or ``None`` where a person scores
    it (manual items, and indicator items whose indicator has no value —
    the module is off in that court, or offered nothing)."""
    if item.method == INDICATOR:
        return None if value is None else mapped_points(item.mapping, float(value), item.points)
    if item.method == DEDUCTION:
        if occurrences is None:
            return None
        return _clamp(float(item.points) - float(item.deduction_per or 0) * max(int(occurrences), 0), item.points)
    if item.method == MANUAL:
        return None
    raise ValueError(f"unknown scoring method {item.method!r}")


def indicator_types(court) -> dict[str, IndicatorType]:
    """Every indicator the modules enabled in ``court`` can compute, by key."""
    return {t.key: t for t in court_hooks(court, "dangjian_assessment_indicator_types") if isinstance(t, IndicatorType)}


def indicator_values(court, start, end, branch_ids) -> dict[tuple[int, str], Indicator]:
    """``{(branch_id, key): Indicator}`` from every enabled module, in one
    call per module for all branches."""
    values = court_hooks(court, "dangjian_assessment_indicators", start=start, end=end, branch_ids=list(branch_ids))
    return {(v.branch_id, v.key): v for v in values if isinstance(v, Indicator)}
