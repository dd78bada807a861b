"""Rich text keeps what people use in Word/WPS and nothing that runs."""

import pytest

from dangjian.richtext import sanitize_html

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src="x.png" onerror="alert(1)">',
    '<a href="javascript:alert(1)">点我</a>',
    '<img src="data:image/svg+xml;base64,PHN2Zz4=">',
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="https://example.com"></iframe>',
    '<p style="background:url(javascript:alert(1))">样式</p>',
    "<style>body{display:none}</style>",
    '<div onmouseover="alert(1)">悬停</div>',
    "{{ config.SECRET_KEY }}",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_dangerous_markup_is_removed(payload):
    cleaned = sanitize_html(payload).lower()
    for marker in ("<script", "onerror", "onmouseover", "javascript:", "data:", "<iframe", "<svg", "style=", "<style"):
        assert marker not in cleaned


def test_structure_from_word_survives():
    html = (
        "<h2>一、学习内容</h2><p><strong>重点</strong>：<em>党章</em></p>"
        "<ol><li>第一条</li></ol><table><tr><td colspan='2'>合计</td></tr></table>"
        '<p><img src="/files/1" alt="图"><a href="https://intranet/doc">原文</a></p>'
    )
    cleaned = sanitize_html(html)
    for kept in (
        "<h2>",
        "<strong>",
        "<em>",
        "<ol>",
        "<li>",
        'colspan="2"',
        'src="/files/1"',
        'href="https://intranet/doc"',
    ):
        assert kept in cleaned


def test_template_syntax_is_only_text():
    assert sanitize_html("<p>{{ 7*7 }}</p>") == "<p>{{ 7*7 }}</p>"  # rendered as text, never evaluated
