"""Plugins in the demo: every usable module is switched on in every demo
court, then asked for its own demo data (the ``dangjian_demo_data`` hook)."""

from __future__ import annotations

from ..plugins import plugin_host


def enable_modules_with_demo_data(courts) -> list[str]:
    """Returns the titles of the modules enabled; the caller commits."""
    from ..modules import services  # the modules feature imports the app's plugin host

    host = plugin_host()
    records = [record for record in host.modules() if record.usable]
    for court in courts:
        for record in records:
            services.set_enabled(court, record.name, True)
            host.collect("dangjian_demo_data", only={record.name}, court=court)
    return [record.title for record in records]
