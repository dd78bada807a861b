"""Stub: the organisation tree screens (being built)."""
from ..access import requires
from ..courts.tenancy import court_blueprint

bp = court_blueprint("org", __name__, url_prefix="/manage/org")


@bp.route("/")
@requires("org.view")
def tree():
    return "org"
