"""A theme's colour variables as a stylesheet whose URL is its content.

``/static/sites/colours/<theme>.css?c=<key>:<rrggbb>,…`` answers
``:root{--site-<key>:#rrggbb;…}``: the query holds the colours, so the same
settings always give the same URL (cached for a year, shared by every site
with those colours, fine for previews of unpublished settings) and pages need
no ``<style>`` element nor a hash in their CSP.  Values are validated like the
stored settings (:func:`themes.effective_settings`); anything else falls back
to the theme's default.
"""

from __future__ import annotations

from flask import Response, abort, request, url_for

from . import themes

CACHE_CONTROL = "public, max-age=31536000, immutable"


def stylesheet_url(theme: themes.Theme, settings: dict) -> str:
    pairs = [
        f"{setting.key}:{settings[setting.key][1:]}"
        for setting in theme.settings
        if setting.type == "color" and isinstance(settings.get(setting.key), str)
    ]
    return url_for("static", filename=f"sites/colours/{theme.name}.css", c=",".join(pairs))


def _read_pairs(value: str) -> dict:
    settings = {}
    for pair in value.split(",")[:50]:
        key, _, colour = pair.partition(":")
        if key and colour:
            settings[key] = "#" + colour
    return settings


def stylesheet(filename: str) -> Response:
    name = filename.removesuffix(".css")
    theme = themes.all_themes().get(name) if filename.endswith(".css") else None
    if theme is None:
        abort(404)
    colours = _read_pairs(request.args.get("c", "")[:2000])
    known = {setting.key for setting in theme.settings if setting.type == "color"}
    settings = themes.effective_settings(theme, {k: v for k, v in colours.items() if k in known})
    response = Response(themes.css_variables(theme, settings), mimetype="text/css")
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response
