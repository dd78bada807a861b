"""The 学习风采 section on a microsite: reflections keep their line breaks
through a theme class, with nothing the microsite's CSP would block."""

from __future__ import annotations

import re
from datetime import date

from dangjian.sites import content
from tests.host.test_security_headers import header_problems, inline_code

from .conftest import make_checkin


def test_reflections_keep_line_breaks_without_inline_style(study, client):
    make_checkin(
        study.juvenile_member,
        date(2025, 3, 2),
        topic="学习党章",
        reflection="第一行心得\n第二行心得",
        show_on_site=True,
    )
    site = content.ensure_site(study.juvenile)
    content.set_sections(site, [*content.default_sections(), {"key": "study", "visible": True, "order": 99}])
    page = client.get("/zy/s/snt/")
    text = page.get_data(as_text=True)
    assert "学习风采" in text
    assert '<p class="mb-1 site-pre-line">第一行心得\n第二行心得</p>' in text
    assert not inline_code(page) and not header_problems(page)
    stylesheet = re.search(r'href="([^"]*/site\.css)"', text).group(1)
    assert ".site-pre-line { white-space: pre-line; }" in client.get(stylesheet).get_data(as_text=True)
