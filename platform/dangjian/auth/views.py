"""Stub: login, logout, password change and re-authentication (being built)."""
from flask import Blueprint

from ..access import AUTHENTICATED, PUBLIC, requires

bp = Blueprint("auth", __name__, url_prefix="/auth")


@bp.route("/login", methods=["GET", "POST"])
@requires(PUBLIC)
def login():
    return "login"


@bp.route("/logout", methods=["POST"])
@requires(AUTHENTICATED)
def logout():
    return "logout"


@bp.route("/password", methods=["GET", "POST"])
@requires(AUTHENTICATED)
def change_password():
    return "password"


@bp.route("/reauth", methods=["GET", "POST"])
@requires(AUTHENTICATED)
def reauthenticate():
    return "reauth"
