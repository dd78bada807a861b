"""Evidence from the host's branch microsites: the brand's 五有 and the news
published in the period."""

from __future__ import annotations

import io
from datetime import date

from PIL import Image

from dangjian.db import db
from dangjian.sites import content, media, workflow
from tests.factories import make_org

from .evidence_helpers import more_branches, offered, statement_counts, types, values

KEYS = {"sites.brand_complete", "sites.items_published"}


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def post(branch, title, publish_date, publish=True):
    made = content.create_post(
        content.site_of(branch), {"title": title, "body": "<p>正文</p>", "publish_date": publish_date}
    )
    if publish:
        workflow.publish(made)
    db.session.commit()
    return made


def test_brand_and_news_of_the_period(app, assessment):
    world = assessment
    site = content.site_of(world.juvenile)
    logo = media.save_image_bytes(png_bytes(), "logo.png", world.zy, world.juvenile_editor)
    content.update_brand(
        site,
        {
            "brand_name": "少年守护",
            "logo": logo,
            "meaning": "<p>守护少年的成长</p>",
            "vehicle": "<p>&nbsp;</p>",  # an empty paragraph says nothing
            "impact": "",
        },
    )
    db.session.commit()
    post(world.juvenile, "开展主题党日", date(2025, 3, 1))
    post(world.juvenile, "年终总结", date(2025, 12, 31))
    post(world.juvenile, "去年的新闻", date(2024, 12, 31))
    post(world.juvenile, "草稿", date(2025, 5, 1), publish=False)
    withdrawn = post(world.juvenile, "撤下的新闻", date(2025, 6, 1))
    workflow.unpublish(withdrawn)
    post(world.wf_branch, "立案庭新闻", date(2025, 4, 1))
    db.session.commit()
    empty = make_org(world.zy, "新设党支部", parent=world.zy_committee, slug="xs")  # no site yet
    db.session.commit()

    found = offered(app, world.zy, branch_ids=[world.juvenile.id, empty.id, world.wf_branch.id])
    assert values(found, world.juvenile, "sites.") == {"sites.brand_complete": 3, "sites.items_published": 2}
    assert values(found, empty, "sites.") == {"sites.brand_complete": 0, "sites.items_published": 0}
    assert values(found, world.wf_branch, "sites.") == {}  # another court's branch
    brand = found[(world.juvenile.id, "sites.brand_complete")]
    assert brand.unit == "项" and brand.note == "已完成：有名称、有标识、有内涵"
    assert brand.links == (("支部网站", "/zy/s/snt/"),)
    assert found[(empty.id, "sites.brand_complete")].note == "品牌“五有”尚未填写"
    items = found[(world.juvenile.id, "sites.items_published")]
    assert items.unit == "篇" and items.links == (("网站新闻", "/zy/s/snt/news/"), ("支部网站", "/zy/s/snt/"))

    first_half = offered(app, world.zy, date(2025, 1, 1), date(2025, 6, 30), [world.juvenile.id])
    assert values(first_half, world.juvenile, "sites.")["sites.items_published"] == 1
    own = offered(app, world.wf, branch_ids=[world.wf_branch.id])
    assert values(own, world.wf_branch, "sites.") == {"sites.brand_complete": 0, "sites.items_published": 1}


def test_the_host_answers_in_every_court_without_any_module(app, world):
    """The microsites are the host's: no module to switch on or off."""
    assert set(types(app, world.zy)) >= KEYS and set(types(app, world.wf)) >= KEYS
    assert {t.module for key, t in types(app, world.zy).items() if key in KEYS} == {"sites"}


def test_statements_do_not_grow_with_branches(app, assessment, query_counter):
    world = assessment
    many = [world.juvenile, world.office, *more_branches(world)]
    for branch in many:
        post(branch, f"{branch.name}新闻", date(2025, 5, 1))
    small, large = statement_counts(app, query_counter, world.zy, many[:1], many)
    assert small == large
