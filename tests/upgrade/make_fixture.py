"""Make the upgrade fixture of this release (run once per release, commit it).

    .venv/bin/python -m tests.upgrade.make_fixture

A database built by this release's migrations, holding rows in every core
table and each plugin's tables (tests/demo_like.py), written as JSON by
table so the upgrade test can load it into SQLite or PostgreSQL.  Later
releases keep this file and add their own; tests/host/test_upgrade.py
upgrades each one to the current heads.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["DANGJIAN_INSTANCE_PATH"] = folder
        import flask_migrate

        from dangjian import __version__
        from dangjian.app import create_app
        from dangjian.db import db
        from dangjian.migration_state import migration_state
        from tests.conftest import base_test_config
        from tests.demo_like import build_demo_like

        from .rows import dump

        # The suite's example plugin is not part of a release.
        config = {**base_test_config(f"sqlite:///{folder}/fixture.sqlite3"), "DISABLED_PLUGINS": "example"}
        with create_app(config).app_context():
            flask_migrate.upgrade(revision="heads")
        app = create_app(config)  # a second app: the modules are usable now the tables exist
        with app.app_context():
            build_demo_like()
            state = migration_state()
            with db.engine.connect() as connection:
                tables = dump(connection)
        empty = sorted(name for name, data in tables.items() if not data["rows"])
        fixture = {"app_version": __version__, "revisions": sorted(state.heads), "tables": tables}
        target = HERE / f"fixture_{__version__}.json"
        with open(target, "w", encoding="utf-8") as handle:
            handle.write("{\n")
            handle.write(
                f'"app_version": {json.dumps(__version__)},\n"revisions": {json.dumps(fixture["revisions"])},\n'
            )
            handle.write('"tables": {\n')
            lines = [f"{json.dumps(name)}: {json.dumps(data, ensure_ascii=False)}" for name, data in tables.items()]
            handle.write(",\n".join(lines) + "\n}}\n")
        print(
            f"{target}: {target.stat().st_size} bytes, {len(tables)} tables, empty: {', '.join(empty) or 'none'}",
            file=sys.stderr,
        )


if __name__ == "__main__":
    main()
