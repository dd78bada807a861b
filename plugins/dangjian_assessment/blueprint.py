"""The module's blueprint."""

from __future__ import annotations

from flask import Blueprint, render_template

from dangjian.api import requires

bp = Blueprint("assessment", __name__)


@bp.route("/")
@requires("assessment.view")
def index():
    return render_template("assessment/index.html")
