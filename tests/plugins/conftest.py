import pytest

from .fake_distributions import forget_modules, make_distribution


@pytest.fixture
def distributions(tmp_path, monkeypatch):
    """Install throw-away plugin distributions for one test."""
    monkeypatch.syspath_prepend(str(tmp_path))

    def install(name, source):
        make_distribution(tmp_path, name, source)

    yield install
    forget_modules()


@pytest.fixture
def plugin_app(make_app):
    """Build an app with temporary plugin objects registered (strict by default)."""

    def build(plugins: dict, **config):
        return make_app(EXTRA_PLUGINS=plugins, **config)

    return build
