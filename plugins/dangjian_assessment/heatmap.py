"""The per-aspect heat map of an assessment: one row per branch (in rank
order), one column per aspect of the standard, each cell the branch's final
points for the aspect and their share of the aspect's points.

The figures are the scorecard's own (``Block.final_total`` and
``Block.maximum`` of the sheets ``export_services.court_sheets`` builds), in
a fixed number of statements for any number of branches."""

from __future__ import annotations

from dataclasses import dataclass

from .export_services import court_sheets
from .models import Aspect, Assessment
from .scorecard import league

# Bands of the share, best first: (lowest share, CSS class, legend).  The
# colours (static/views.css) keep AA contrast with the cell's text.
BANDS = (
    (0.9, "ac-heat-5", "90% 及以上"),
    (0.8, "ac-heat-4", "80%–89%"),
    (0.7, "ac-heat-3", "70%–79%"),
    (0.6, "ac-heat-2", "60%–69%"),
    (0.0, "ac-heat-1", "60% 以下"),
)


@dataclass
class Cell:
    points: float
    maximum: float

    @property
    def share(self) -> float:
        return self.points / self.maximum if self.maximum else 0.0

    @property
    def percent(self) -> int:
        return round(self.share * 100)

    @property
    def band(self) -> str:
        for lowest, css, _legend in BANDS:
            if self.share + 1e-9 >= lowest:
                return css
        return BANDS[-1][1]


@dataclass
class HeatRow:
    entry: object  # BranchEntry
    cells: list[Cell]
    total: float


@dataclass
class HeatMap:
    aspects: list[Aspect]
    maxima: list[float]
    rows: list[HeatRow]


def heat_map(court, assessment: Assessment) -> HeatMap:
    entries = league(assessment)
    sheets = court_sheets(court, assessment, entries, evidence=False)
    if sheets:
        aspects = [block.aspect for block in sheets[0].blocks]
        maxima = [block.maximum for block in sheets[0].blocks]
    else:
        aspects, maxima = [], []
    rows = [
        HeatRow(
            sheet.entry,
            [Cell(block.final_total, block.maximum) for block in sheet.blocks],
            sheet.entry.final_total if sheet.entry.final_total is not None else sheet.final_total,
        )
        for sheet in sheets
    ]
    return HeatMap(aspects, maxima, rows)
