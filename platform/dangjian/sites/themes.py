"""Microsite themes: folders under ``branch_sites/themes/<name>/`` (installed
as the package ``dangjian_branch_sites``).

Each theme has a ``manifest.json`` (name, label, preview image, typed
settings with defaults), a ``templates/`` folder and a ``static/`` folder.
A theme only needs the templates it changes: the rest come from the
``default`` theme (see :mod:`dangjian.sites.rendering`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from flask import current_app, has_app_context

from .errors import ThemeError

DEFAULT_THEME = "default"
SETTING_TYPES = ("color", "text", "boolean", "choice")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
COLOR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
MIN_CONTRAST = 4.5  # WCAG 2 AA for normal text
MAX_TEXT = 200


def sites_root() -> Path:
    """Where the built-in themes are: the ``dangjian_branch_sites`` package
    (``branch_sites/`` in a checkout), or BRANCH_SITES_FOLDER (tests)."""
    if has_app_context() and current_app.config.get("BRANCH_SITES_FOLDER"):
        return Path(current_app.config["BRANCH_SITES_FOLDER"])
    return Path(str(resources.files("dangjian_branch_sites")))


def override_roots() -> list[Path]:
    """Folders that may hold per-branch templates ``<court>/<branch>/``:
    the instance's ``branch_sites/`` (a deployment's own) before the
    themes' folder (overrides kept next to the themes in a checkout)."""
    roots = [Path(current_app.instance_path) / "branch_sites"] if has_app_context() else []
    return [*roots, sites_root()]


@dataclass(frozen=True)
class Setting:
    key: str
    type: str
    label: str
    default: object
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)
    # For colours: the text colour shown on (or against) this colour.
    text_color: str | None = None
    help: str = ""


@dataclass(frozen=True)
class Theme:
    name: str
    label: str
    description: str
    folder: Path
    preview: str | None  # path inside static/, e.g. "preview.png"
    settings: tuple[Setting, ...] = field(default_factory=tuple)

    @property
    def templates(self) -> Path:
        return self.folder / "templates"

    @property
    def static(self) -> Path:
        return self.folder / "static"

    def defaults(self) -> dict:
        return {setting.key: setting.default for setting in self.settings}


def _setting(raw: dict, theme: str) -> Setting:
    key, kind = raw.get("key", ""), raw.get("type", "")
    if not NAME_PATTERN.match(key) or kind not in SETTING_TYPES:
        raise ThemeError(f"theme {theme}: bad setting {raw!r}")
    choices = tuple((str(c["value"]), str(c["label"])) for c in raw.get("choices", ()))
    default = raw.get("default")
    problem = _check_value(kind, default, choices)
    if problem:
        raise ThemeError(f"theme {theme}: default of {key}: {problem}")
    text_color = raw.get("text_color")
    if kind == "color" and text_color and not COLOR_PATTERN.match(text_color):
        raise ThemeError(f"theme {theme}: text_color of {key}")
    return Setting(key, kind, str(raw.get("label") or key), default, choices, text_color, str(raw.get("help", "")))


def load_theme(folder: Path) -> Theme:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    name = manifest.get("name")
    if name != folder.name or not NAME_PATTERN.match(name or ""):
        raise ThemeError(f"{folder}: manifest name must be the folder name")
    settings = tuple(_setting(raw, name) for raw in manifest.get("settings", ()))
    return Theme(
        name,
        str(manifest.get("label") or name),
        str(manifest.get("description", "")),
        folder,
        manifest.get("preview"),
        settings,
    )


@lru_cache(maxsize=8)
def _themes_in(root: str) -> dict[str, Theme]:
    folder = Path(root) / "themes"
    found = {}
    for child in sorted(folder.iterdir()) if folder.is_dir() else ():
        if (child / "manifest.json").is_file():
            theme = load_theme(child)
            found[theme.name] = theme
    if DEFAULT_THEME not in found:
        raise ThemeError(f"{folder}: the '{DEFAULT_THEME}' theme is missing")
    return found


def all_themes() -> dict[str, Theme]:
    return _themes_in(str(sites_root()))


def choosable_themes() -> list[Theme]:
    """What an editor may pick: every theme but the bare fallback."""
    themes = all_themes()
    chosen = [theme for name, theme in themes.items() if name != DEFAULT_THEME]
    return chosen or [themes[DEFAULT_THEME]]


def get_theme(name: str | None) -> Theme:
    themes = all_themes()
    return themes.get(name or "") or themes[DEFAULT_THEME]


def theme_choices() -> list[tuple[str, str]]:
    """For a SelectField: ``[(name, label), ...]``."""
    return [(theme.name, theme.label) for theme in choosable_themes()]


# --- typed settings -----------------------------------------------------------


def _check_value(kind: str, value, choices) -> str | None:
    if kind == "color" and not (isinstance(value, str) and COLOR_PATTERN.match(value)):
        return "请填写 #RRGGBB 格式的颜色，例如 #C8161D。"
    if kind == "boolean" and not isinstance(value, bool):
        return "只能是“是”或“否”。"
    if kind == "choice" and value not in {c[0] for c in choices}:
        return "请从列表中选择。"
    if kind == "text" and not (isinstance(value, str) and len(value) <= MAX_TEXT):
        return f"不能超过 {MAX_TEXT} 个字。"
    return None


def _coerce(setting: Setting, value):
    if setting.type == "boolean":
        if isinstance(value, str):
            return value.lower() in ("1", "true", "on", "yes", "y")
        return bool(value)
    if value is None:
        return "" if setting.type == "text" else value
    value = str(value).strip()
    if setting.type == "color" and re.match(r"^[0-9a-fA-F]{6}$", value):
        value = "#" + value
    return value.lower() if setting.type == "color" else value


def validate_settings(theme: Theme, raw: dict) -> tuple[dict, dict[str, str]]:
    """Check values typed by an editor against the theme's settings.

    Returns ``(clean, errors)``: ``clean`` has every setting of the theme
    (defaults for what was not given), ``errors`` maps a setting key to a
    Chinese message for the field.  Colours must keep text readable: their
    contrast with the text shown on them must reach WCAG AA (4.5:1).
    """
    clean, errors = {}, {}
    for setting in theme.settings:
        value = _coerce(setting, raw[setting.key]) if setting.key in raw else setting.default
        problem = _check_value(setting.type, value, setting.choices)
        if problem is None and setting.type == "color" and isinstance(value, str) and setting.text_color:
            ratio = contrast_ratio(value, setting.text_color)
            if ratio < MIN_CONTRAST:
                problem = (
                    f"与文字颜色 {setting.text_color} 的对比度只有 {ratio:.1f}:1，"
                    f"低于 {MIN_CONTRAST}:1，文字会看不清。请换一个{'更深' if _is_light(setting.text_color) else '更浅'}的颜色。"
                )
        if problem:
            errors[setting.key] = problem
            value = setting.default
        clean[setting.key] = value
    return clean, errors


def effective_settings(theme: Theme, stored: dict | None) -> dict:
    """The values a page is rendered with: stored ones that are still valid,
    defaults for the rest (a theme update may add or change settings)."""
    clean, _errors = validate_settings(
        theme, {k: v for k, v in (stored or {}).items() if k in {s.key for s in theme.settings}}
    )
    return clean


# --- WCAG contrast -------------------------------------------------------------


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(color: str) -> float:
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(first: str, second: str) -> float:
    a, b = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _is_light(color: str) -> bool:
    return relative_luminance(color) > 0.5


def css_variables(theme: Theme, settings: dict) -> str:
    """``:root{--site-...}`` for the colour settings (validated colours only,
    so nothing an editor typed can break out of the declaration)."""
    lines = []
    for setting in theme.settings:
        value = settings.get(setting.key)
        if setting.type == "color" and isinstance(value, str) and COLOR_PATTERN.match(value):
            name = setting.key.replace("_", "-")
            lines.append(f"--site-{name}:{value};")
            if setting.text_color:
                lines.append(f"--site-{name}-text:{setting.text_color};")
    return ":root{" + "".join(lines) + "}"
