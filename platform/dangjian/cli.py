"""The ``dangjian`` command line.

``dangjian`` is a Flask command group bound to :func:`create_app`, so
``dangjian run`` is Flask's development server and every command runs inside
the application context.  ``dangjian db`` is Flask-Migrate's group with
``upgrade`` defaulting to every head: the core and each plugin carry their
own Alembic branch.
"""

from __future__ import annotations

import click
from flask.cli import FlaskGroup
from flask_migrate import upgrade as alembic_upgrade
from flask_migrate.cli import db as flask_migrate_db


@click.command("upgrade")
@click.argument("revision", default="heads")
@click.option("--sql", is_flag=True, help="Print SQL instead of running it.")
def upgrade_all(revision: str, sql: bool) -> None:
    """Upgrade the database to every head (core and all plugins)."""
    alembic_upgrade(revision=revision, sql=sql)
    if not sql:
        click.echo("数据库已升级到最新版本。")


db_group = click.Group(
    "db",
    commands={**flask_migrate_db.commands, "upgrade": upgrade_all},
    params=flask_migrate_db.params,
    callback=flask_migrate_db.callback,
    help="Database migrations (Alembic).",
)


class DangjianGroup(FlaskGroup):
    def _load_plugin_commands(self) -> None:
        if self._loaded_plugin_commands:
            return
        super()._load_plugin_commands()
        # Replaces the "db" group Flask-Migrate registers through its entry point.
        self.add_command(db_group, "db")


def _create_app():
    from .app import create_app

    return create_app()


main = DangjianGroup(create_app=_create_app, load_dotenv=False, help="法院党建工作平台的管理命令。")


def _add_serve() -> None:
    # On the group itself, not the app: serving never needs an app in this process.
    from .commands.serve import serve_command

    main.add_command(serve_command)


_add_serve()


def init_app(app) -> None:
    """Register the host's commands on the app's command group."""
    from .commands import register
    from .modules.cli import plugins_group

    register(app.cli)
    app.cli.add_command(plugins_group)
    # Replaces the group Flask-Migrate adds to app.cli (used by test runners).
    app.cli.add_command(db_group, "db")
