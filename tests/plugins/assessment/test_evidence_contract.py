"""The indicators the standard relies on (its demo names these keys): with
every module on, each is offered, with its label and unit, and every branch
gets a value or a note for each."""

from __future__ import annotations

from datetime import date

from dangjian.db import db

from .conftest import enable
from .evidence_helpers import more_branches, offered, statement_counts, types

MODULES = ("archives", "study", "redculture", "showcase")
CONTRACT = {
    "archives.completion_rate": ("三会一课完成率", "%"),
    "archives.on_time_rate": ("按期召开率", "%"),
    "archives.attendance_rate": ("参会率", "%"),
    "archives.missed_count": ("缺开次数", "次"),
    "study.target_share": ("达到年度学时要求的党员比例", "%"),
    "study.average_hours": ("人均学时", "学时"),
    "redculture.theme_activities": ("主题活动次数", "次"),
    "redculture.study_day_rate": ("主题党日/学习日参与率", "%"),
    "sites.brand_complete": ("品牌“五有”完成项数", "项"),
    "sites.items_published": ("本期发布内容数", "篇"),
    "showcase.honours": ("荣誉数", "项"),
    "showcase.honours_city_or_higher": ("市级及以上荣誉", "项"),
}


def test_every_key_is_offered_with_its_label_and_unit(app, assessment):
    world = assessment
    for name in MODULES:
        enable(world.zy, name=name)
    offered_types = types(app, world.zy)
    assert set(CONTRACT) <= set(offered_types)
    for key, (label, unit) in CONTRACT.items():
        kind = offered_types[key]
        assert (kind.label, kind.unit) == (label, unit), key
        assert kind.module == key.split(".")[0] and kind.description, key


def test_every_branch_gets_every_key(app, assessment):
    world = assessment
    for name in MODULES:
        enable(world.zy, name=name)
    found = offered(app, world.zy, branch_ids=[world.juvenile.id, world.office.id])
    for branch in (world.juvenile, world.office):
        for key, (_label, unit) in CONTRACT.items():
            value = found[(branch.id, key)]
            assert value.unit == unit, key
            assert value.links and all(url.startswith("/zy/") for _label, url in value.links), key
            assert value.value is not None or value.note, f"{key}: no value needs a note"


def test_all_modules_together_in_a_constant_number_of_statements(app, assessment, query_counter):
    world = assessment
    for name in MODULES:
        enable(world.zy, name=name)
    many = [world.juvenile, world.office, *more_branches(world)]
    db.session.commit()
    small, large = statement_counts(app, query_counter, world.zy, many[:1], many, date(2025, 1, 1), date(2025, 6, 30))
    assert small == large


def test_every_link_opens_for_the_court_admin(app, assessment, client, login_as):
    world = assessment
    for name in MODULES:
        enable(world.zy, name=name)
    found = offered(app, world.zy, branch_ids=[world.juvenile.id])
    urls = {url for value in found.values() for _label, url in value.links}
    assert len(urls) >= 9
    login_as(world.zy_admin)
    for url in sorted(urls):
        assert client.get(url).status_code == 200, url
