"""The city view of an intermediate court: the basic courts below it side
by side for a year — each court's assessment of that year, its branches per
star level, the average final score and the top branch.  Read-only, and a
fixed number of statements for any number of courts."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from dangjian.api import Court, Organisation, db

from .models import Assessment, BranchEntry, Standard


@dataclass
class CourtFigures:
    court: Court
    assessment: Assessment | None = None
    branches: int = 0
    per_star: dict[int, int] = field(default_factory=dict)  # 5 … 1 → branches
    average: float | None = None
    top: list[str] = field(default_factory=list)  # the branches ranked first (ties share it)

    @property
    def finalised(self) -> bool:
        return self.average is not None


def basic_courts(court) -> list[Court]:
    return list(db.session.scalars(select(Court).where(Court.parent_id == court.id).order_by(Court.position, Court.id)))


def years(courts: list[Court]) -> list[int]:
    """The years the courts below have an assessment of, newest first."""
    ids = [c.id for c in courts] or [-1]
    return list(
        db.session.scalars(
            select(Standard.year)
            .join(Assessment, Assessment.standard_id == Standard.id)
            .where(Assessment.court_id.in_(ids))
            .distinct()
            .order_by(Standard.year.desc())
        )
    )


def city_figures(courts: list[Court], year: int) -> list[CourtFigures]:
    """Per court its latest assessment of ``year`` (a yearly one after a
    half-year) with the figures of its entries: four statements."""
    figures = {c.id: CourtFigures(c) for c in courts}
    for assessment in db.session.scalars(
        select(Assessment)
        .join(Standard, Standard.id == Assessment.standard_id)
        .where(Assessment.court_id.in_(list(figures) or [-1]), Standard.year == year)
        .order_by(Assessment.period_end.desc(), Assessment.id.desc())
    ):
        if figures[assessment.court_id].assessment is None:
            figures[assessment.court_id].assessment = assessment
    chosen = {f.assessment.id: f for f in figures.values() if f.assessment is not None}
    ids = list(chosen) or [-1]
    for assessment_id, stars, count in db.session.execute(
        select(BranchEntry.assessment_id, BranchEntry.stars, func.count(BranchEntry.id))
        .where(BranchEntry.assessment_id.in_(ids))
        .group_by(BranchEntry.assessment_id, BranchEntry.stars)
    ):
        found = chosen[assessment_id]
        found.branches += count
        if stars:
            found.per_star[stars] = found.per_star.get(stars, 0) + count
    # The average over every finalised entry (not an average of averages).
    for assessment_id, average in db.session.execute(
        select(BranchEntry.assessment_id, func.avg(BranchEntry.final_total))
        .where(BranchEntry.assessment_id.in_(ids), BranchEntry.final_total.is_not(None))
        .group_by(BranchEntry.assessment_id)
    ):
        chosen[assessment_id].average = round(float(average), 2) if average is not None else None
    for assessment_id, name in db.session.execute(
        select(BranchEntry.assessment_id, Organisation.name)
        .join(Organisation, Organisation.id == BranchEntry.branch_id)
        .where(BranchEntry.assessment_id.in_(ids), BranchEntry.rank == 1)
        .order_by(Organisation.position, Organisation.id)
    ):
        chosen[assessment_id].top.append(name)
    return [figures[c.id] for c in courts]
