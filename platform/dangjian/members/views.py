"""Stub: member roll screens (being built)."""
from ..access import requires
from ..courts.tenancy import court_blueprint

bp = court_blueprint("members", __name__, url_prefix="/manage/members")


@bp.route("/")
@requires("members.view")
def index():
    return "members"


@bp.route("/me", endpoint="me")
@requires("members.self")
def me():
    return "me"
