"""Response headers every page carries, and trusting a reverse proxy.

One Content-Security-Policy for the whole platform, set by one
``after_request`` on every response (pages, redirects, errors, static files,
plugin and microsite pages alike): no inline script at all, styles only from
files (a microsite's theme colours too: :mod:`dangjian.sites.colours`).  One
kind of page widens it, for itself: pages with the rich-text editor allow
style *attributes* (``style-src-attr``, never ``<style>`` elements), because
TinyMCE parses pasted HTML and tables with their ``style=""`` before it drops
them (see :func:`allow_inline_styles`).  A view that sets its own policy
(file downloads: ``sandbox``) keeps it.
"""

from __future__ import annotations

from flask import Flask, g
from werkzeug.middleware.proxy_fix import ProxyFix

BASE_DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    # The installable web app's worker (/sw.js) and manifest; default-src
    # allows them too, named so that widening default-src never does.
    ("worker-src", "'self'"),
    ("manifest-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
    ("frame-ancestors", "'self'"),
)

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    # For browsers that predate frame-ancestors.
    "X-Frame-Options": "SAMEORIGIN",
}


def content_security_policy(inline_styles: bool = False) -> str:
    extra: dict[str, list[str]] = {}
    if inline_styles:
        # The editor previews pasted images as blob: URLs before uploading them.
        extra["img-src"] = ["blob:"]
    directives = [" ".join([name, value, *extra.get(name, ())]) for name, value in BASE_DIRECTIVES]
    if inline_styles:
        directives.append("style-src-attr 'unsafe-inline'")
    return "; ".join(directives)


def allow_inline_styles() -> str:
    """Called while rendering a page that shows the rich-text editor: that
    response's policy allows style attributes (pasting from Word and tables
    would otherwise report violations; the styles are dropped on save
    anyway).  Returns "" so templates can write ``{{ csp_allow_inline_styles() }}``."""
    g.csp_inline_styles = True
    return ""


def _add_headers(response):
    response.headers.setdefault(
        "Content-Security-Policy", content_security_policy(inline_styles=bool(g.get("csp_inline_styles")))
    )
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def init_app(app: Flask) -> None:
    app.after_request(_add_headers)
    app.jinja_env.globals["csp_allow_inline_styles"] = allow_inline_styles
    # Trust X-Forwarded-* only from as many proxies as the deployer says
    # sit in front; with 0 a client could claim any address.
    hops = int(app.config.get("PROXY_FIX_X_FOR") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]  # Flask's documented way to wrap the WSGI app
            app.wsgi_app,
            x_for=hops,
            x_proto=int(app.config.get("PROXY_FIX_X_PROTO") or 0),
            x_host=int(app.config.get("PROXY_FIX_X_HOST") or 0),
        )
