"""Stub: platform administration of courts (being built)."""
from flask import Blueprint

from ..access import requires

bp = Blueprint("platform_admin", __name__, url_prefix="/admin")


@bp.route("/courts/")
@requires("courts.manage")
def courts():
    return "courts"
