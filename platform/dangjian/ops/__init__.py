"""Operations: the health check, request ids and logging, backup and restore."""

from __future__ import annotations


def init_app(app) -> None:
    from . import health, logs

    logs.init_app(app)
    app.register_blueprint(health.bp)
