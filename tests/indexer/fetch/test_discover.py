"""Sitemaps (lxml), feeds (feedparser), a page's attachments and next page."""

from __future__ import annotations

import pytest

from migsearch.indexer.fetch.discover import page_links, read_feed, read_sitemap

SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>http://x.org/resources/a</loc><lastmod>2024-01-02</lastmod></url>
  <url><loc> /resources/b </loc></url>
  <url><lastmod>2024-01-02</lastmod></url>
</urlset>"""

INDEX = b"""<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>http://x.org/sitemap-1.xml</loc></sitemap>
</sitemapindex>"""


def test_sitemaps_and_sitemap_indexes() -> None:
    sm = read_sitemap(SITEMAP, "http://x.org/sitemap.xml")
    assert sm.pages == [
        ("http://x.org/resources/a", "2024-01-02"),
        ("http://x.org/resources/b", None),
    ]
    assert read_sitemap(INDEX, "http://x.org/sitemap.xml").sitemaps == [
        "http://x.org/sitemap-1.xml"
    ]
    with pytest.raises(ValueError, match="not a sitemap"):
        read_sitemap(b"<html><body>no</body></html>", "http://x.org/")


def test_a_sitemap_cannot_read_local_files() -> None:
    evil = b"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<urlset><url><loc>http://x.org/&secret;</loc></url></urlset>"""
    sm = read_sitemap(evil, "http://x.org/")
    assert all("/etc" not in u and len(u) < 40 for u, _ in sm.pages)


RSS = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>News</title>
<item><title>Migrant fishers in Thailand</title><link>http://x.org/news/fishers</link>
<description>&lt;p&gt;A &lt;b&gt;new&lt;/b&gt; study.&lt;/p&gt;</description>
<pubDate>Mon, 27 Apr 2015 08:00:00 GMT</pubDate>
<enclosure url="http://x.org/files/fishers.pdf" type="application/pdf" length="100"/></item>
<item><title>No link</title></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Reports</title>
<entry><title>Remittances to Nepal</title><link href="/reports/nepal"/>
<updated>2021-05-03T10:00:00Z</updated><summary>Remittances rose.</summary></entry>
</feed>"""


def test_rss_and_atom_entries() -> None:
    [e] = read_feed(RSS, "http://x.org/feed.xml")
    assert (e.url, e.title, e.summary, e.date) == (
        "http://x.org/news/fishers",
        "Migrant fishers in Thailand",
        "A new study.",
        "2015-04-27",
    )
    assert e.enclosures == ["http://x.org/files/fishers.pdf"]
    [a] = read_feed(ATOM, "http://x.org/atom.xml")
    assert (a.url, a.date, a.summary) == (
        "http://x.org/reports/nepal",
        "2021-05-03",
        "Remittances rose.",
    )
    with pytest.raises(ValueError, match="not an RSS or Atom feed"):
        read_feed(b"just some words", "http://x.org/")


PAGE = """<html><head><base href="http://x.org/reports/"></head><body>
<header><a href="/files/annual.pdf">Annual report</a></header>
<nav><a href="/files/menu.pdf">Menu</a></nav>
<main><h1>Report</h1>
<a href="full.pdf">Full report</a>
<a href="/download?id=7" type="application/pdf">Download</a>
<a href="summary.docx">Summary</a> <a href="full.pdf">again</a>
<a href="other-page">Other page</a>
<ul class="pager"><li><a href="?page=2">Next ›</a></li></ul>
</main><footer><a href="/files/footer.pdf">Footer</a></footer></body></html>"""


def test_attachments_outside_the_furniture_and_the_next_page() -> None:
    links = page_links(PAGE, "http://x.org/reports/r1")
    assert links.attachments == [
        "http://x.org/reports/full.pdf",
        "http://x.org/download?id=7",
        "http://x.org/reports/summary.docx",
    ]
    assert links.next_page == "http://x.org/reports/?page=2"
    rel = page_links(
        '<html><head><link rel="next" href="/p/3"></head><body></body></html>', "http://x.org/p/2"
    )
    assert rel.next_page == "http://x.org/p/3"
    assert page_links("", "http://x.org/").attachments == []
