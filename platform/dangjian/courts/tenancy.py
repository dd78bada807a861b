"""The court in the URL: ``/<court>/...`` resolves into ``g.court``.

Blueprints made with :func:`court_blueprint` take the court slug from the
URL, load the court once per request (404 for an unknown slug) and put it
back into every ``url_for`` made while serving that court, so templates never
pass the slug by hand.
"""

from __future__ import annotations

from flask import Blueprint, abort, g
from sqlalchemy import select

from ..db import db
from .models import Court


def load_court(slug: str) -> Court:
    court = db.session.scalar(select(Court).where(Court.slug == slug))
    if court is None:
        abort(404)
    return court


def pull_court(endpoint, values) -> None:
    """URL value preprocessor: the court slug in the URL becomes ``g.court``."""
    slug = values.pop("court_slug", None) if values else None
    if slug is not None and (g.get("court") is None or g.court.slug != slug):
        g.court = load_court(slug)


def push_court(endpoint, values) -> None:
    """URL defaults: ``url_for`` made while serving a court keeps that court."""
    if "court_slug" not in values and g.get("court") is not None:
        values["court_slug"] = g.court.slug


def court_blueprint(name: str, import_name: str, url_prefix: str = "", **kwargs) -> Blueprint:
    blueprint = Blueprint(name, import_name, url_prefix=f"/<court_slug>{url_prefix}", **kwargs)
    blueprint.url_value_preprocessor(pull_court)
    blueprint.url_defaults(push_court)
    return blueprint
