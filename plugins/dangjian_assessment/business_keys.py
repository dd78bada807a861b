"""The business indicators a court imports from Excel (党建与业务融合):
their stable keys, Chinese labels and units."""

from __future__ import annotations

KEYS = {
    "business.closure_rate": ("结案率", "%"),
    "business.in_time_rate": ("审限内结案率", "%"),
    "business.mediation_rate": ("调解撤诉率", "%"),
}
