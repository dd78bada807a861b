"""The imported business indicators as the assessment's own evidence: the
value of the period's year, or none with the reason; the court's active
branches only; a constant number of statements; the demo's figures."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from dangjian.api import utcnow
from dangjian.db import db
from dangjian_assessment.models import BusinessValue

from .business_helpers import CLOSURE, IN_TIME, MEDIATION, YEAR
from .conftest import enable
from .evidence_helpers import more_branches, offered, statement_counts, types, values

KEYS = {CLOSURE: "结案率", IN_TIME: "审限内结案率", MEDIATION: "调解撤诉率"}


def add_values(court, branch, year=YEAR, **figures):
    for key, value in figures.items():
        db.session.add(
            BusinessValue(court_id=court.id, year=year, branch_id=branch.id, key=f"business.{key}", value=value)
        )
    db.session.commit()


def test_the_three_indicators_are_offered_by_the_module_itself(app, assessment):
    world = assessment
    offered_types = types(app, world.zy)
    for key, label in KEYS.items():
        kind = offered_types[key]
        assert (kind.label, kind.unit, kind.module) == (label, "%", "assessment") and kind.description
    enable(world.zy, False)
    assert not set(KEYS) & set(types(app, world.zy))


def test_the_value_of_the_periods_year(app, assessment):
    world = assessment
    add_values(world.zy, world.juvenile, closure_rate=96.5, in_time_rate=99.0)
    add_values(world.zy, world.juvenile, year=YEAR - 1, closure_rate=80.0)
    found = offered(app, world.zy, branch_ids=[world.juvenile.id, world.office.id])
    assert values(found, world.juvenile, "business.") == {CLOSURE: 96.5, IN_TIME: 99.0, MEDIATION: None}
    assert values(found, world.office, "business.") == {CLOSURE: None, IN_TIME: None, MEDIATION: None}
    closure = found[(world.juvenile.id, CLOSURE)]
    assert closure.unit == "%" and closure.note.startswith(f"{YEAR} 年度导入数据")
    assert found[(world.juvenile.id, MEDIATION)].note == "尚未导入本年度业务数据"
    assert closure.links == (("业务指标导入", f"/zy/assessment/business?year={YEAR}"),)
    # A half-year takes its year's figures.
    half = offered(app, world.zy, date(YEAR, 7, 1), date(YEAR, 12, 31), [world.juvenile.id])
    assert half[(world.juvenile.id, CLOSURE)].value == 96.5
    # A year not imported: no values, each with the reason, linking to that year's import.
    later = offered(app, world.zy, date(YEAR + 1, 1, 1), date(YEAR + 1, 12, 31), [world.juvenile.id])
    assert values(later, world.juvenile, "business.") == {CLOSURE: None, IN_TIME: None, MEDIATION: None}
    assert {v.note for (_b, k), v in later.items() if k in KEYS} == {"尚未导入本年度业务数据"}
    assert later[(world.juvenile.id, CLOSURE)].links[0][1] == f"/zy/assessment/business?year={YEAR + 1}"


def test_an_import_through_the_page_reaches_the_indicators(app, client, assessment, login_as):
    from .business_helpers import confirm, payload_of, upload, workbook

    world = assessment
    login_as(world.zy_admin)
    page = upload(client, workbook([("办公室党支部", 91.2, 97, 45)])).get_data(as_text=True)
    confirm(client, payload_of(page))
    found = offered(app, world.zy, branch_ids=[world.office.id])
    assert values(found, world.office, "business.") == {CLOSURE: 91.2, IN_TIME: 97.0, MEDIATION: 45.0}
    link = found[(world.office.id, CLOSURE)].links[0][1]
    assert client.get(link).status_code == 200


def test_only_the_courts_active_branches(app, assessment):
    world = assessment
    add_values(world.wf, world.wf_branch, closure_rate=70.0)
    add_values(world.zy, world.office, closure_rate=88.0)
    found = offered(app, world.zy, branch_ids=[world.juvenile.id, world.wf_branch.id])
    assert {b for b, k in found if k in KEYS} == {world.juvenile.id}
    own = offered(app, world.wf, branch_ids=[world.wf_branch.id, world.office.id])
    assert {b for b, k in own if k in KEYS} == {world.wf_branch.id}
    assert own[(world.wf_branch.id, CLOSURE)].value == 70.0
    world.office.dissolved_at = utcnow()
    db.session.commit()
    assert not {b for b, k in offered(app, world.zy, branch_ids=[world.office.id]) if k in KEYS}


def test_statements_do_not_grow_with_branches(app, assessment, query_counter):
    world = assessment
    many = [world.juvenile, world.office, *more_branches(world)]
    for branch in many:
        add_values(world.zy, branch, closure_rate=90.0, in_time_rate=95.0, mediation_rate=40.0)
    small, large = statement_counts(app, query_counter, world.zy, many[:1], many)
    assert small == large
    found = offered(app, world.zy, branch_ids=[b.id for b in many])
    assert len([k for _b, k in found if k in KEYS]) == 5 * len(KEYS)


def test_the_business_page_in_a_constant_number_of_statements(app, client, assessment, login_as, query_counter):
    world = assessment
    login_as(world.zy_admin)
    url = f"/zy/assessment/business?year={YEAR}"
    add_values(world.zy, world.juvenile, closure_rate=90.0)
    client.get(url)
    with query_counter() as few:
        assert client.get(url).status_code == 200
    for branch in [world.office, *more_branches(world)]:
        add_values(world.zy, branch, closure_rate=90.0, in_time_rate=95.0, mediation_rate=40.0)
    client.get(url)
    with query_counter() as many:
        page = client.get(url).get_data(as_text=True)
    assert "第2党支部" in page
    assert len(many) == len(few)


def test_demo_figures_for_last_year_and_this_year(app, assessment):
    from dangjian.api import court_today
    from dangjian_assessment import demo_business

    world = assessment
    this_year = court_today(world.zy).year
    add_values(world.zy, world.juvenile, year=this_year - 1, closure_rate=12.5)  # already imported: kept
    demo_business.add_demo_data(world.zy)
    db.session.commit()
    rows = list(db.session.scalars(select(BusinessValue).where(BusinessValue.court_id == world.zy.id)))
    assert {(r.year, r.branch_id) for r in rows} == {
        (year, branch.id) for year in (this_year - 1, this_year) for branch in (world.juvenile, world.office)
    }
    assert len(rows) == 2 * 2 * 3 and all(0 <= r.value <= 100 for r in rows)
    first = {(r.year, r.branch_id, r.key): r.value for r in rows}
    assert first[(this_year - 1, world.juvenile.id, CLOSURE)] == 12.5
    # Again: nothing added, nothing changed (the same seed gives the same figures).
    demo_business.add_demo_data(world.zy)
    db.session.commit()
    assert db.session.scalar(select(func.count(BusinessValue.id))) == 12
    db.session.expire_all()
    again = {(r.year, r.branch_id, r.key): r.value for r in db.session.scalars(select(BusinessValue))}
    assert again == first
    # Every court gets its own.
    demo_business.add_demo_data(world.wf)
    db.session.commit()
    assert db.session.scalar(select(func.count(BusinessValue.id)).where(BusinessValue.court_id == world.wf.id)) == 6
