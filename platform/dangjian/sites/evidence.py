"""Evidence for the assessment (党建考评) from the branch microsites.

A module declares the assessment's hooks; the host answers two of them
through its core hooks (``core_hooks.py``) by their names only, so it never
imports that module and the answers simply go unasked where it is not
installed.  The brand's 五有 are the site's own (``Site.five_haves``); the
items published are the news posts visitors can read, by the date they show.
"""

from __future__ import annotations

from datetime import date

from flask import url_for
from sqlalchemy import func, select

from ..courts.models import Court
from ..db import db
from ..evidence import Indicator, IndicatorType
from .content import court_sites
from .models import NewsPost, Site

MODULE = "sites"
BRAND_COMPLETE = IndicatorType(
    "sites.brand_complete",
    "品牌“五有”完成项数",
    "项",
    MODULE,
    "支部网站品牌设置里已完成的“五有”项数（0–5）：有名称、有标识、有内涵、有载体、有影响；"
    "取当前已发布的品牌，不分期间。",
)
ITEMS_PUBLISHED = IndicatorType(
    "sites.items_published",
    "本期发布内容数",
    "篇",
    MODULE,
    "支部网站上访客可见、发布日期在本期内的新闻篇数（撤下的不计）。",
)
TYPES = (BRAND_COMPLETE, ITEMS_PUBLISHED)


def indicator_types() -> list[IndicatorType]:
    return list(TYPES)


def indicators(court: Court, start: date, end: date, branch_ids: list[int]) -> list[Indicator]:
    """Both indicators per branch in three statements: the branches, their
    sites, the published posts counted per branch."""
    pairs = court_sites(court, set(branch_ids))
    ids = [branch.id for branch, _site in pairs]
    published = dict(
        db.session.execute(
            select(Site.branch_id, func.count(NewsPost.id))
            .join(NewsPost, NewsPost.site_id == Site.id)
            .where(
                Site.court_id == court.id,
                Site.branch_id.in_(ids or [-1]),
                NewsPost.live_revision_id.is_not(None),
                NewsPost.publish_date.between(start, end),
            )
            .group_by(Site.branch_id)
        ).all()
    )
    values: list[Indicator] = []
    for branch, site in pairs:
        home = url_for("sites.home", court_slug=court.slug, branch_slug=branch.slug)
        news = url_for("sites.news", court_slug=court.slug, branch_slug=branch.slug)
        haves = site.five_haves if site is not None else []
        values += [
            Indicator(
                BRAND_COMPLETE.key,
                branch.id,
                len(haves),
                "项",
                (("支部网站", home),),
                "已完成：" + "、".join(haves) if haves else "品牌“五有”尚未填写",
            ),
            Indicator(
                ITEMS_PUBLISHED.key,
                branch.id,
                published.get(branch.id, 0),
                "篇",
                (("网站新闻", news), ("支部网站", home)),
            ),
        ]
    return values
