"""robots.txt read with Protego, and RFC 9309's reading of answers that are not 200."""

from __future__ import annotations

from migsearch.indexer.fetch.robots import Robots, rules_from

TEXT = """User-agent: *
Disallow: /private/
Disallow: /*.xls$
Crawl-delay: 2

User-agent: migsearch
Disallow: /search
Allow: /search/help
Crawl-delay: 0.5
Sitemap: http://x.org/sitemap.xml
"""


def test_rules_for_migsearch_with_wildcards_and_longest_match() -> None:
    rules = rules_from(200, TEXT, None)
    # the group naming migsearch is the one that applies, not the * group
    assert rules.refuse("http://x.org/private/a") is None
    assert rules.refuse("http://x.org/search?q=x") == "blocked by robots.txt"
    assert rules.refuse("http://x.org/search/help") is None  # longer Allow wins
    assert rules.crawl_delay == 0.5
    assert rules.sitemaps == ["http://x.org/sitemap.xml"]
    star = rules_from(200, "User-agent: *\nDisallow: /*.xls$\nDisallow: /private/\n", None)
    assert star.refuse("http://x.org/data/table.xls") == "blocked by robots.txt"
    assert star.refuse("http://x.org/data/table.xlsx") is None
    assert star.refuse("http://x.org/private/") == "blocked by robots.txt"


def test_4xx_allows_everything_5xx_and_no_answer_forbid_everything() -> None:
    assert rules_from(404, None, "HTTP 404").refuse("http://x.org/any") is None
    assert rules_from(403, None, "HTTP 403").refuse("http://x.org/any") is None
    down = rules_from(503, None, "HTTP 503").refuse("http://x.org/any")
    assert down == "robots.txt could not be read (HTTP 503), so the site is not crawled"
    none = rules_from(0, None, "timed out").refuse("http://x.org/")
    assert none and "timed out" in none


def test_loaded_once_per_origin() -> None:
    asked: list[str] = []

    def load(url: str) -> tuple[int, str | None, str | None]:
        asked.append(url)
        return 200, "User-agent: *\nDisallow: /no\n", None

    robots = Robots(load)
    assert robots.refuse("http://x.org/no/1") and robots.refuse("http://x.org/no/2")
    assert robots.refuse("http://x.org:8080/no") and robots.refuse("https://x.org/yes") is None
    assert asked == [
        "http://x.org/robots.txt",
        "http://x.org:8080/robots.txt",
        "https://x.org/robots.txt",
    ]
