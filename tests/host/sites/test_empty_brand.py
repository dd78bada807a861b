"""A branch that has not filled in its brand gets a plain page, not empty
五有 cards (issue 13 item 12), in every theme."""

from __future__ import annotations

import pytest

from dangjian.db import db

from .visitor_helpers import site_for


@pytest.mark.parametrize("theme", ["classic", "modern", "default"])
def test_no_brand_no_five_elements_section(client, world, theme):
    site_for(world.juvenile, theme=theme)
    text = client.get("/zy/s/snt/").get_data(as_text=True)
    assert "品牌“五有”" not in text and "site-five" not in text
    assert "尚未上传标识" not in text and "site-five-body" not in text
    assert world.juvenile.name in text  # still the branch's page


@pytest.mark.parametrize("theme", ["classic", "modern", "default"])
def test_only_filled_elements_are_shown(client, world, theme):
    site = site_for(world.juvenile, theme=theme, meaning="<p>护航未成年人成长</p>", vehicle="<p> </p>", impact="")
    text = client.get("/zy/s/snt/").get_data(as_text=True)
    assert "品牌“五有”" in text and "护航未成年人成长" in text
    assert "内涵" in text
    for absent in ("载体", "影响", "尚未上传标识", ">名称<", ">标识<"):
        assert absent not in text
    site.brand_name = "护航青春"
    site.bump()
    db.session.commit()
    text = client.get("/zy/s/snt/").get_data(as_text=True)
    assert ">名称<" in text and "护航青春" in text
