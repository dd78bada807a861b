"""Brand showcase (品牌展示): brand walls, showcase reviews, honours room,
big-screen mode.

"一支部一特色一品牌": the brand (the 五有) is entered once, in the branch
microsite's brand settings; this module only shows it, adds star ratings,
court honours and showcase reviews, and never asks for the brand again.
"""

from __future__ import annotations

from pathlib import Path

from dangjian.api import (
    BRANCH_EDITOR,
    BRANCH_SECRETARY,
    COURT_ADMIN,
    MEMBER,
    PUBLIC,
    ModuleInfo,
    NavItem,
    Permission,
    hookimpl,
)

from . import hookspecs, models, views_reviews, views_walls  # noqa: F401 - routes register on import
from .blueprint import bp
from .evidence import dangjian_assessment_indicator_types, dangjian_assessment_indicators  # noqa: F401  (assessment)
from .forms import ShowcaseSettings


@hookimpl
def dangjian_add_hookspecs(plugin_manager):
    plugin_manager.add_hookspecs(hookspecs)


@hookimpl
def dangjian_module_info():
    return ModuleInfo(
        "品牌展示", "支部品牌墙、品牌展评、荣誉室和活动室大屏；品牌内容取自支部网站，无需重复填写。", icon="award"
    )


@hookimpl
def dangjian_blueprints():
    return [bp]


@hookimpl
def dangjian_permissions():
    return [
        Permission("showcase.manage", "管理品牌展评、支部星级和本院荣誉", frozenset({COURT_ADMIN})),
        Permission(
            "showcase.enter", "提交本支部的品牌展评作品", frozenset({BRANCH_SECRETARY, BRANCH_EDITOR, COURT_ADMIN})
        ),
        Permission("showcase.vote", "为品牌展评作品投票", frozenset({MEMBER})),
    ]


@hookimpl
def dangjian_settings_form():
    return ShowcaseSettings


@hookimpl
def dangjian_audit_actions():
    return {
        "showcase.review_saved": "保存品牌展评",
        "showcase.entry_saved": "保存品牌展评作品",
        "showcase.results_published": "发布品牌展评结果",
        "showcase.ratings_saved": "更新支部星级",
        "showcase.honour_saved": "登记本院荣誉",
        "showcase.honour_deleted": "删除本院荣誉",
    }


@hookimpl
def dangjian_migrations():
    return str(Path(__file__).parent / "migrations" / "versions")


@hookimpl
def dangjian_todos(court, user):
    from .todos import todos

    return todos(court, user)


@hookimpl
def dangjian_nav_items(court):
    return [NavItem("品牌风采", "showcase.wall", PUBLIC, order=45, icon="award")]


@hookimpl
def dangjian_showcase_numbers(court):
    from .walls import host_numbers

    return host_numbers(court)


@hookimpl
def dangjian_demo_data(court):
    from .demo import add_demo_data

    add_demo_data(court)
