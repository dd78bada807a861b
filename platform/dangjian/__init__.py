"""Dangjian: the party-work platform of a city's courts."""

__version__ = "0.1.0"


def create_app(test_config=None):
    from .app import create_app as _create_app

    return _create_app(test_config)
