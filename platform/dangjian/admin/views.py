"""Stub: court administration of users, roles and the audit log (being built)."""
from ..access import requires
from ..courts.tenancy import court_blueprint

bp = court_blueprint("court_admin", __name__, url_prefix="/manage")


@bp.route("/users/")
@requires("users.manage")
def users():
    return "users"


@bp.route("/audit/")
@requires("audit.view")
def audit():
    return "audit"
