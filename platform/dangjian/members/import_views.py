"""Stub: member import and export (being built)."""
from ..access import requires
from ..courts.tenancy import court_blueprint

bp = court_blueprint("member_import", __name__, url_prefix="/manage/members/import")


@bp.route("/")
@requires("members.import")
def upload():
    return "import"
