"""Every setting the code reads is documented: a default in
``platform/dangjian/config.py``, a row in the README's Configuration table
and a line in the instance config template (``dangjian init`` writes it;
``instance/config.example.py`` is the same text).

Settings are found by reading the source of the host and the plugins:
``config["X"]``, ``config.get("X"…)``, ``config.setdefault("X"…)`` in Python,
``config.X`` in templates, ``os.environ…("X")`` for environment variables.
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask

from dangjian import config as default_config
from dangjian.commands.init import config_template

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("platform/dangjian", "plugins")
CONFIG_READ = re.compile(r"""config(?:\.get\(|\.setdefault\(|\[)\s*["']([A-Z][A-Z0-9_]+)["']""")
TEMPLATE_READ = re.compile(r"\bconfig\.([A-Z][A-Z0-9_]+)\b")
ENV_READ = re.compile(r"""os\.environ(?:\.get\(|\[)\s*["']([A-Z][A-Z0-9_]+)["']""")
# Read through a loop over names (dangjian check's cookie checks).
READ_INDIRECTLY = {"SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"}
# Environment variables that are not settings: DANGJIAN_<SETTING> overrides
# a setting of that name, checked as the setting itself.
ENV_SETTING_PREFIX = "DANGJIAN_"


def _files(*suffixes: str):
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in suffixes and "migrations" not in path.parts and "node_modules" not in path.parts:
                yield path


def settings_read_in_code() -> set[str]:
    names = set(READ_INDIRECTLY)
    for path in _files(".py"):
        names |= set(CONFIG_READ.findall(path.read_text(encoding="utf-8")))
    for path in _files(".html"):
        names |= set(TEMPLATE_READ.findall(path.read_text(encoding="utf-8")))
    return names


def environment_read_in_code() -> set[str]:
    names = set()
    for path in _files(".py"):
        for name in ENV_READ.findall(path.read_text(encoding="utf-8")):
            setting = name.removeprefix(ENV_SETTING_PREFIX)
            if not (name.startswith(ENV_SETTING_PREFIX) and hasattr(default_config, setting)):
                names.add(name)
    return names


def readme_table_names() -> set[str]:
    """Every backquoted NAME in the first column of the README's settings table."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    assert rows, "no settings table under ## Configuration in README.md"
    names = set()
    for row in rows:
        names |= set(re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1]))
    return names


def mentioned(name: str, text: str) -> bool:
    return re.search(rf"(?<![A-Z0-9]){name}(?![A-Z0-9_])", text) is not None


def test_the_scan_finds_settings():
    found = settings_read_in_code()
    assert {"UPLOAD_FOLDER", "MAIL_SERVER", "APP_NAME", "SECRET_KEY"} <= found
    assert {"WEB_CONCURRENCY", "DANGJIAN_INSTANCE_PATH"} <= environment_read_in_code()


def test_every_setting_read_in_code_is_in_the_readme_table():
    missing = sorted((settings_read_in_code() | environment_read_in_code()) - readme_table_names())
    assert not missing, "add these to the settings table under ## Configuration in README.md: " + ", ".join(missing)


def test_every_setting_read_in_code_has_a_default():
    flask_defaults = Flask.default_config
    missing = sorted(
        name for name in settings_read_in_code() if not hasattr(default_config, name) and name not in flask_defaults
    )
    assert not missing, "give these a default in platform/dangjian/config.py: " + ", ".join(missing)


# The template explains the secret key file instead: a key typed into
# config.py is what `dangjian check` warns about (and test_cli keeps the name out).
NOT_IN_TEMPLATE = {"SECRET_KEY"}


def test_every_setting_read_in_code_is_in_the_instance_template():
    template = config_template()
    missing = sorted(name for name in settings_read_in_code() - NOT_IN_TEMPLATE if not mentioned(name, template))
    assert not missing, "mention these in platform/dangjian/commands/config_template.py: " + ", ".join(missing)


def test_every_default_is_documented():
    """The other way round: nothing in config.py the README does not name
    (settings only extensions read included)."""
    defaults = {name for name in vars(default_config) if name.isupper()}
    undocumented = sorted(defaults - readme_table_names())
    assert not undocumented, "document these in the README's settings table: " + ", ".join(undocumented)
