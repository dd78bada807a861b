"""An item of the standard as typed: the checks of its text, points and
scoring method (the indicator, its mapping to points, the deduction per
occurrence), and the words the editor shows for them.  Nothing here
changes a row; ``standard_services`` does, after ``parse_item`` passed."""

from __future__ import annotations

from dataclasses import dataclass

from dangjian.api import Refused

from . import scoring
from .models import DEDUCTION, INDICATOR, MANUAL, METHODS, Item
from .scorecard import MAX_POINTS, PointsError, parse_points, points_text

THRESHOLD_ROWS = 5
MAX_TEXT = 500
MAX_EVIDENCE = 1000
MAPPING_KINDS = {"thresholds": "分档计分（达到最低值得相应分）", "linear": "按比例计分（下限 0 分，上限满分）"}
OFF_NOTE = "（模块未启用，届时人工评分）"


class StandardRefused(Refused):
    """A change to the standard that cannot be made; the message is for the user."""


@dataclass(frozen=True)
class Offered:
    """An indicator an item may use: ``available`` where the court can compute it."""

    key: str
    label: str
    unit: str
    available: bool = True


def offered_indicators(court) -> dict[str, Offered]:
    """What the enabled modules compute, this module's imported business
    indicators among them (business_evidence answers the same hook)."""
    return {key: Offered(key, t.label, t.unit) for key, t in scoring.indicator_types(court).items()}


def indicator_of(item: Item, offered: dict[str, Offered]) -> Offered | None:
    """The item's indicator; where the court cannot compute it (its module
    is off) the label and unit saved with the item, marked unavailable."""
    if not item.indicator_key:
        return None
    if item.indicator_key in offered:
        return offered[item.indicator_key]
    saved = item.mapping or {}
    return Offered(item.indicator_key, saved.get("label") or item.indicator_key, saved.get("unit") or "", False)


def mapping_words(item: Item, unit: str = "") -> str:
    """How the item's points are reached, as the editor says it."""
    if item.method == DEDUCTION:
        return f"每次扣 {points_text(item.deduction_per)} 分，扣完为止"
    if item.method != INDICATOR:
        return ""
    mapping = item.mapping or {}
    if mapping.get("kind") == "linear":
        low, high = points_text(mapping.get("low")), points_text(mapping.get("high"))
        return f"{low}{unit} 及以下 0 分，{high}{unit} 及以上 {points_text(item.points)} 分，其间按比例计分"
    steps = sorted(mapping.get("steps") or [], key=lambda s: -float(s["min"]))
    if not steps:
        return "未设置计分档次"
    parts = [f"≥ {points_text(s['min'])}{unit} 得 {points_text(s['points'])} 分" for s in steps]
    return "；".join(parts) + f"；低于 {points_text(steps[-1]['min'])}{unit} 得 0 分"


def _number(raw, errors: dict, field: str, what: str, maximum: float = float(MAX_POINTS)) -> float | None:
    try:
        return parse_points(raw, maximum, what=what)
    except PointsError as error:
        errors[field] = [str(error)]
        return None


def parse_total(raw, largest_item: float) -> float:
    """The standard's full marks: more than 0, two decimals, not below its largest item."""
    errors: dict = {}
    total = _number(raw, errors, "total_points", "满分")
    if errors:
        raise StandardRefused(errors=errors)
    if total is None:
        raise StandardRefused("请填写满分。", field="total_points")
    if total <= 0:
        raise StandardRefused("满分应大于 0。", field="total_points")
    if total + 1e-9 < largest_item:
        raise StandardRefused(f"满分不能低于单项最高分值 {points_text(largest_item)} 分。", field="total_points")
    return total


def parse_item(court, total: float, values, current: Item | None = None) -> dict:
    """The item's columns from what was typed (``values``: the form's
    strings), or StandardRefused with a reason per field and nothing kept."""
    errors: dict[str | None, list[str]] = {}
    text = (values.get("text") or "").strip()
    if not text:
        errors["text"] = ["请填写项目内容。"]
    elif len(text) > MAX_TEXT:
        errors["text"] = [f"项目内容不超过 {MAX_TEXT} 个字（现在 {len(text)} 个字）。"]
    evidence = (values.get("evidence_expected") or "").strip()
    if len(evidence) > MAX_EVIDENCE:
        errors["evidence_expected"] = [f"佐证材料不超过 {MAX_EVIDENCE} 个字。"]
    points = _number(values.get("points"), errors, "points", "分值")
    if "points" not in errors:
        if points is None:
            errors["points"] = ["请填写分值。"]
        elif points <= 0:
            errors["points"] = ["分值应大于 0。"]
        elif points > total + 1e-9:
            errors["points"] = [f"分值不能超过标准满分 {points_text(total)} 分。"]
    valid_points = points if "points" not in errors else None
    method = values.get("method") or ""
    result: dict = {
        "text": text,
        "points": points,
        "method": method,
        "evidence_expected": evidence,
        "indicator_key": None,
        "mapping": None,
        "deduction_per": None,
    }
    if method not in METHODS:
        errors["method"] = ["请选择计分方式。"]
    elif method == INDICATOR:
        offered = _key(court, values, current, errors, required=True)
        result["indicator_key"] = offered.key if offered else None
        result["mapping"] = _mapping(values, valid_points, errors)
        if offered is not None and result["mapping"] is not None:
            result["mapping"].update(label=offered.label, unit=offered.unit)  # shown while the module is off
    elif method == DEDUCTION:
        per = _number(values.get("deduction_per"), errors, "deduction_per", "每次扣分")
        if "deduction_per" not in errors:
            if per is None or per <= 0:
                errors["deduction_per"] = ["每次扣分应大于 0。"]
            elif valid_points is not None and per > valid_points + 1e-9:
                errors["deduction_per"] = [f"每次扣分不能超过本项分值 {points_text(valid_points)} 分。"]
        result["deduction_per"] = per
        offered = _key(court, values, current, errors, required=False)
        if offered is not None:
            result["indicator_key"] = offered.key
            result["mapping"] = {"label": offered.label, "unit": offered.unit}
    if errors:
        raise StandardRefused(errors=errors)
    assert method in (MANUAL, INDICATOR, DEDUCTION)
    return result


def _key(court, values, current: Item | None, errors: dict, *, required: bool) -> Offered | None:
    key = (values.get("indicator_key") or "").strip()
    if not key:
        if required:
            errors["indicator_key"] = ["请选择指标。"]
        return None
    offered = offered_indicators(court)
    if key in offered:
        return offered[key]
    if current is not None and key == current.indicator_key:
        return indicator_of(current, offered)  # kept while its module is off
    errors["indicator_key"] = ["本院取不到这个指标（所属功能模块未启用）：请另选指标，或改为人工评分。"]
    return None


def _mapping(values, points: float | None, errors: dict) -> dict | None:
    kind = values.get("mapping_kind") or ""
    maximum = points if points is not None else float(MAX_POINTS)
    if kind == "linear":
        low = _number(values.get("low"), errors, "low", "下限")
        high = _number(values.get("high"), errors, "high", "上限")
        if low is None and "low" not in errors:
            errors["low"] = ["请填写下限。"]
        if high is None and "high" not in errors:
            errors["high"] = ["请填写上限。"]
        if low is not None and high is not None and low >= high:
            errors["high"] = ["上限应大于下限。"]
        return {"kind": "linear", "low": low, "high": high}
    if kind != "thresholds":
        errors["mapping_kind"] = ["请选择指标换算为得分的方式。"]
        return None
    steps: list[dict] = []
    previous = None
    for row in range(1, THRESHOLD_ROWS + 1):
        raw_min, raw_points = values.get(f"min_{row}"), values.get(f"points_{row}")
        if not (raw_min or "").strip() and not (raw_points or "").strip():
            continue  # an empty row is not a step
        low = _number(raw_min, errors, f"min_{row}", "最低值")
        step_points = _number(raw_points, errors, f"points_{row}", "得分", maximum)
        if low is None and f"min_{row}" not in errors:
            errors[f"min_{row}"] = ["请填写这一档的最低值。"]
        if step_points is None and f"points_{row}" not in errors:
            errors[f"points_{row}"] = ["请填写这一档的得分。"]
        if low is not None and previous is not None and low <= previous:
            errors[f"min_{row}"] = ["各档最低值应自上而下依次增大。"]
        if low is not None:
            previous = low
        steps.append({"min": low, "points": step_points})
    if not steps:
        errors["min_1"] = ["请至少填写一档的最低值和得分。"]
    return {"kind": "thresholds", "steps": steps}


def form_values(item: Item) -> dict:
    """An item as its form shows it."""
    mapping = item.mapping or {}
    data = {
        "text": item.text,
        "points": points_text(item.points),
        "method": item.method,
        "indicator_key": item.indicator_key or "",
        "mapping_kind": mapping.get("kind") or "thresholds",
        "deduction_per": points_text(item.deduction_per) if item.deduction_per is not None else "",
        "evidence_expected": item.evidence_expected,
        "aspect_id": str(item.aspect_id),
    }
    if mapping.get("kind") == "linear":
        data["low"], data["high"] = points_text(mapping.get("low")), points_text(mapping.get("high"))
    for row, step in enumerate(mapping.get("steps") or [], start=1):
        data[f"min_{row}"], data[f"points_{row}"] = points_text(step["min"]), points_text(step["points"])
    return data
