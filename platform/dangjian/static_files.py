"""Static files, served one way.

Every static file of the platform is under ``/static/`` and named by one
endpoint, ``url_for('static', filename='<root>/<path>')``; the first words of
the path choose the folder:

==========================  ==================================================
``plugins/<name>/…``        a plugin's ``static/`` folder
``sites/themes/<name>/…``   a microsite theme's ``static/`` folder
``sites/colours/<t>.css``   a theme's colour variables (made from the URL, see
                            :mod:`dangjian.sites.colours`)
``sites/assets/…``          ``dangjian/sites/static/`` (the editor widget, the
                            photo viewer)
``vendor/tinymce/…``        TinyMCE (``TINYMCE_FOLDER``, copied from npm)
``vendor/bootstrap/…``      Bootstrap 5 and its icons, from Bootstrap-Flask
``vendor/swagger-ui/…``     Swagger UI (the API reference page), from the
                            PyPI package swagger-ui-bundle
anything else               the host's ``dangjian/static/``
==========================  ==================================================

One view answers them all with one caching policy: ``url_for`` adds
``v=<the first 12 hex digits of the file's SHA-256, written a–p>`` (letters
only, so no figure a page shows ever turns up inside a URL — tests look for
figures in pages); a request whose ``v``
is the file's current version may be cached for a year (``immutable``), any
other (TinyMCE loading its own plugins, an old page after an upgrade) is
revalidated every time (``no-cache`` with its ETag).  The responses carry the
platform's security headers like every other (:mod:`dangjian.security`).
Bootstrap-Flask still registers ``/bootstrap/static/``; it answers through the
same view, though no template of ours names it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import flask_bootstrap
from flask import Flask, abort, current_app, request, send_from_directory
from werkzeug.security import safe_join

from .access import PUBLIC, requires

SITES_ASSETS = Path(__file__).parent / "sites" / "static"
# Copied from npm's node_modules by the build (setup.py) or, in a checkout,
# by scripts/_common.sh; TINYMCE_FOLDER points elsewhere (tests).
TINYMCE_FOLDER = Path(__file__).parent / "static" / "vendor" / "tinymce"
BOOTSTRAP_FOLDER = Path(flask_bootstrap.__file__).parent / "static" / "bootstrap5"
VERSIONED = "public, max-age=31536000, immutable"
UNVERSIONED = "public, no-cache"
HEX_AS_LETTERS = str.maketrans("0123456789abcdef", "abcdefghijklmnop")
_versions: dict[str, tuple[int, int, str]] = {}


def swagger_ui_folder() -> str:
    import swagger_ui_bundle

    return str(swagger_ui_bundle.swagger_ui_path)


def tinymce_folder() -> Path:
    return Path(current_app.config.get("TINYMCE_FOLDER") or TINYMCE_FOLDER)


def _named_folder(kind: str, name: str) -> str | None:
    if kind == "plugins":
        return current_app.extensions.get("dangjian.plugin_static", {}).get(name)
    from .sites import themes

    theme = themes.all_themes().get(name)
    return str(theme.static) if theme is not None else None


def locate(filename: str) -> tuple[str, str] | None:
    """``(folder, path inside it)`` for a static URL's filename, or None."""
    parts = filename.split("/")
    if parts[0] == "plugins" or parts[:2] == ["sites", "themes"]:
        kind, rest = ("plugins", parts[1:]) if parts[0] == "plugins" else ("themes", parts[2:])
        folder = _named_folder(kind, rest[0]) if len(rest) > 1 else None
        return (folder, "/".join(rest[1:])) if folder else None
    if parts[:2] == ["sites", "assets"]:
        return str(SITES_ASSETS), "/".join(parts[2:])
    if parts[:2] == ["vendor", "tinymce"]:
        return str(tinymce_folder()), "/".join(parts[2:])
    if parts[:2] == ["vendor", "bootstrap"]:
        return str(BOOTSTRAP_FOLDER), "/".join(parts[2:])
    if parts[:2] == ["vendor", "swagger-ui"]:
        return swagger_ui_folder(), "/".join(parts[2:])
    return str(current_app.static_folder), filename


def file_path(filename: str) -> str | None:
    found = locate(filename)
    if found is None or not found[1]:
        return None
    path = safe_join(*found)
    return path if path and os.path.isfile(path) else None


def version(path: str) -> str:
    """The file's content hash, recomputed only when its size or mtime moves."""
    stat = os.stat(path)
    known = _versions.get(path)
    if known is None or known[:2] != (stat.st_mtime_ns, stat.st_size):
        with open(path, "rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()[:12].translate(HEX_AS_LETTERS)
        known = _versions[path] = (stat.st_mtime_ns, stat.st_size, digest)
    return known[2]


@requires(PUBLIC)
def serve(filename: str):
    if filename.startswith("sites/colours/"):
        from .sites import colours

        return colours.stylesheet(filename.removeprefix("sites/colours/"))
    found = locate(filename)
    path = file_path(filename)
    if found is None or path is None:
        abort(404)
    response = send_from_directory(*found)
    response.headers["Cache-Control"] = VERSIONED if request.args.get("v") == version(path) else UNVERSIONED
    return response


@requires(PUBLIC)
def serve_bootstrap(filename: str):
    return serve("vendor/bootstrap/" + filename)


def _add_version(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "v" not in values and "filename" in values:
        path = file_path(values["filename"])
        if path is not None:
            values["v"] = version(path)


def init_app(app: Flask) -> None:
    app.view_functions["static"] = serve
    if "bootstrap.static" in app.view_functions:
        app.view_functions["bootstrap.static"] = serve_bootstrap
    app.url_defaults(_add_version)
