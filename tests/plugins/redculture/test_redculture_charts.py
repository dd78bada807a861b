"""The host's charts (macros/charts.html) on a real page: every bar carries its
figure, the SVG is a named image, a 表格 toggle holds the same figures, and
nothing needs an inline style (the pages run under a strict CSP)."""

import re
from datetime import date

from tests.factories import make_member

from .conftest import make_activity


def test_charts_write_their_figures_and_offer_a_table(red, client, login_as):
    second = make_member(red.juvenile, "赵一鸣")
    make_activity(red.zy, branches=[red.juvenile], held_on=date(2025, 5, 8), attended=[red.juvenile_member, second])
    make_activity(
        red.zy, title="重温入党誓词", branches=[red.office], held_on=date(2024, 7, 1), attended=[red.office_member]
    )
    login_as(red.zy_admin)

    html = client.get("/zy/redculture/stats?year=2025").get_data(as_text=True)

    charts = re.findall(r'<figure class="dj-(?:chart|hbars).*?</figure>', html, re.S)
    assert len(charts) == 2
    assert not any("style=" in chart for chart in charts)
    hbars, vbars = charts
    # Branch ranking: the figure beside each bar, and a table row per branch.
    assert re.search(
        r'少年庭党支部</span>\s*<svg[^>]*aria-hidden="true".*?<span class="dj-hbar-value">2 人次</span>', hbars, re.S
    )
    assert '<th scope="row" class="fw-normal">少年庭党支部</th><td class="text-end">2 人次</td>' in hbars
    assert "<summary>表格" in hbars
    # Five years: a named image whose figures are written above the bars and in the table.
    svg = re.search(r'<svg class="dj-vbars[^"]*"[^>]*role="img" aria-label="([^"]+)"', vbars)
    assert (
        svg
        and svg.group(1) == "近五年参加人次：2021年 0 人次；2022年 0 人次；2023年 0 人次；2024年 1 人次；2025年 2 人次"
    )
    assert "<title>近五年参加人次：" in vbars
    assert re.findall(r'<text class="dj-chart-value"[^>]*>(\d+)</text>', vbars) == ["0", "0", "0", "1", "2"]
    assert '<th scope="row" class="fw-normal">2025年</th><td class="text-end">2 人次</td>' in vbars
