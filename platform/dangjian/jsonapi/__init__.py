"""The JSON API under /api/v1 (issue 17): conventions in :mod:`.core`, the
host's resources in :mod:`.resources`; plugins add theirs through the
``dangjian_api_blueprints`` hook, mounted by :func:`mount_plugin_blueprints`."""

from __future__ import annotations

from flask import Flask

from ..extensions import csrf
from . import core

PLUGIN_PREFIX = core.PREFIX + "/<court_slug>"


def init_app(app: Flask) -> None:
    """Create the Api, register the host's resources and each plugin's."""
    from .resources import bp, court_bp, docs_bp

    api = core.init_app(app)
    app.register_blueprint(docs_bp)
    for blueprint in (bp, court_bp):
        # Token-authenticated only: no session cookie is read, so there is no
        # ambient credential for a cross-site form to ride on.
        csrf.exempt(blueprint)
        api.register_blueprint(blueprint)


def mount_plugin_blueprint(app: Flask, plugin_name: str, blueprint) -> None:
    api = app.extensions["dangjian.api"]
    csrf.exempt(blueprint)
    api.register_blueprint(blueprint, url_prefix=f"{PLUGIN_PREFIX}/{plugin_name}")
