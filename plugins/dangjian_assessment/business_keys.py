"""The business indicators of 党建与业务融合 that a court imports per branch
and year (``BusinessValue.key``).  The standard accepts these keys on
indicator items even before any value is imported: the import is part of
this module, so they are always "available" where the module is on."""

from __future__ import annotations

KEYS: dict[str, tuple[str, str]] = {
    "business.closure_rate": ("结案率", "%"),
    "business.in_time_rate": ("审限内结案率", "%"),
    "business.mediation_rate": ("调解撤诉率", "%"),
}
