"""Link and highlight safety of the page filters (``serve/templates.py``)."""

from __future__ import annotations

import re

import pytest

from migsearch.search.serve.templates import highlight_markup, http_url


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://www.ilo.org/asia/publications/WCMS_123/lang--en/index.htm", True),
        ("HTTP://Example.org/a?b=1&c=2", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox(1)", False),
        ("//evil.example/x", False),
        ("/documents/x", False),
        ("http:///no-host", False),
        ("https://example.org/a b", False),
        ("https://example.org/\x00", False),
        ("", False),
        (None, False),
    ],
)
def test_only_absolute_http_urls_become_links(url, ok):
    assert (http_url(url) is not None) is ok


def test_highlights_let_only_bold_tags_through():
    engine_output = "migrant <b>fishers</b> &lt;script&gt;x&lt;/script&gt; a &amp; b"
    assert str(highlight_markup(engine_output)) == engine_output
    hostile = "x <script>alert(1)</script> <img src=x onerror=alert(1)> <b>ok</b> <B>"
    out = str(highlight_markup(hostile))
    assert re.findall(r"<[^>]*>", out) == ["<b>", "</b>"]
