from __future__ import annotations

from flask import Blueprint, g, render_template
from flask_login import current_user

from .. import static_files
from ..access import PUBLIC, can, requires
from ..members.queries import member_counts_by_branch
from ..modules.services import court_hooks
from ..org.queries import active_branches
from . import services
from .tenancy import court_blueprint

portal_bp = Blueprint("portal", __name__)
court_bp = court_blueprint("court", __name__)


@portal_bp.route("/")
@requires(PUBLIC)
def index():
    return render_template("courts/portal.html", courts=services.court_tree())


@portal_bp.route("/favicon.ico")
@requires(PUBLIC)
def favicon():
    # Browsers ask for /favicon.ico whatever the page says; answer with the
    # project's own emblem (an SVG, which current browsers accept here).
    return static_files.serve("img/emblem.svg")


@court_bp.route("/")
@requires(PUBLIC)
def home():
    court = g.court
    branches = active_branches(court)
    widgets = []
    if current_user.is_authenticated and can("court.dashboard", court):
        widgets = sorted(
            court_hooks(court, "dangjian_dashboard_widgets", user=current_user),
            key=lambda widget: (widget.order, widget.title),
        )
    return render_template(
        "courts/home.html",
        branches=branches,
        member_counts=member_counts_by_branch(court),
        widgets=widgets,
    )
