"""The module's blueprint, mounted by the host at /<court>/showcase/.
Templates in templates/ are reached as showcase/<name> and static files under static/
(served by the host as plugin_static)."""

from flask import Blueprint

bp = Blueprint("showcase", __name__)
