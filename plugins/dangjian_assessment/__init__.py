"""Assessment and five-star branches (党建考评): the court's standard of
aspects and items, evidence offered by the other modules, the yearly cycle
of self-assessment, review, public notice and published stars, and the
yearly member appraisal (民主评议党员).

Other modules offer evidence through the hooks in ``hookspecs.py``; this
package never imports them, and each works without it.
"""

from __future__ import annotations

from pathlib import Path

from dangjian.api import (
    BRANCH_SECRETARY,
    COURT_ADMIN,
    MEMBER,
    ModuleInfo,
    NavItem,
    Permission,
    hookimpl,
)

# models, appraisal_models: complete metadata. Routes register on import: standard_views (the
# standard), cycle_views, review_views (the yearly cycle), appraisal_views (the member appraisal),
# export_views and overview_views (exports, heat map, city view).
from . import (  # noqa: F401
    appraisal_hooks,
    appraisal_models,
    appraisal_services,
    appraisal_views,
    business_services,
    business_views,
    cycle_services,
    cycle_views,
    demo_appraisal,
    demo_business,
    demo_cycle,
    demo_standard,
    export_views,
    hooks_ui,
    hookspecs,
    models,
    overview_views,
    review_views,
    scorecard,
    site_section,
    standard_services,
    standard_views,
)
from .blueprint import bp

# The module offers its own imported business figures (党建与业务融合) as evidence.
from .business_evidence import dangjian_assessment_indicator_types, dangjian_assessment_indicators  # noqa: F401
from .cycle_forms import AssessmentSettings
from .todos import todos as cycle_todos

NAME = "assessment"


@hookimpl
def dangjian_add_hookspecs(plugin_manager):
    plugin_manager.add_hookspecs(hookspecs)


@hookimpl
def dangjian_module_info():
    return ModuleInfo(
        "党建考评",
        "考评标准在线制定与全市发布，模块数据自动取证，支部自评、评审、公示与星级评定，民主评议党员。",
        icon="award",
    )


@hookimpl
def dangjian_blueprints():
    return [bp]


@hookimpl
def dangjian_permissions():
    return [
        Permission(
            "assessment.view",
            "查看考评标准与本支部考评结果",
            frozenset({MEMBER, BRANCH_SECRETARY, COURT_ADMIN}),
            oversight=True,
        ),
        Permission("assessment.self", "填写、提交本支部自评", frozenset({BRANCH_SECRETARY, COURT_ADMIN})),
        Permission("assessment.manage", "制定考评标准，组织考评、评审、公示与星级评定", frozenset({COURT_ADMIN})),
    ]


@hookimpl
def dangjian_migrations():
    return str(Path(__file__).parent / "migrations" / "versions")


@hookimpl
def dangjian_nav_items(court):
    return [NavItem("党建考评", "assessment.index", "assessment.view", order=45, icon="award")]


# --- the yearly cycle (open, self-assessment, review, notice, publish; stars on the wall) ---
# The lead merges the hooks several parts implement (audit actions, to-dos,
# widgets, settings, demo) into one function each.


@hookimpl
def dangjian_audit_actions():
    return {
        **standard_services.AUDIT_ACTIONS,
        **cycle_services.AUDIT_ACTIONS,
        **business_services.AUDIT_ACTIONS,
        **appraisal_services.AUDIT_ACTIONS,
    }


@hookimpl
def dangjian_settings_form():
    return AssessmentSettings


@hookimpl
def dangjian_todos(court, user):
    return cycle_todos(court, user) + appraisal_hooks.appraisal_todos(court, user)


@hookimpl
def dangjian_dashboard_widgets(court, user):
    return hooks_ui.dashboard_widgets(court, user)


@hookimpl(optionalhook=True)
def dangjian_showcase_star_ratings(court, branch_ids):
    # The brand wall's stars come from the latest published assessment.
    return scorecard.published_stars(court, branch_ids)


@hookimpl
def dangjian_site_sections(court, branch):
    # The microsite: the branch's stars of the latest published assessment.
    return site_section.site_sections(court, branch)


@hookimpl
def dangjian_demo_data(court):
    demo_standard.add_demo_data(court)  # the cycle's demo assesses last year's standard
    demo_business.add_demo_data(court)
    demo_cycle.add_demo_data(court)
    demo_appraisal.add_demo_data(court)


@hookimpl
def dangjian_member_panels(court, member, user):
    return appraisal_hooks.member_panels(court, member, user)


__all__ = ["bp"]
