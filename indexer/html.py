"""HTML pages to text: main content, title, date, and listing-page items.

STUB INTERFACE (to be replaced by the extraction work of issue 3). The public
functions and their return types below are the contract the rest of the code uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bs4 import BeautifulSoup

__all__ = ["HtmlItem", "HtmlPage", "parse_html"]


@dataclass
class HtmlItem:
    """One resource on a listing page."""

    title: str
    summary: str = ""
    date: str | None = None
    url: str | None = None
    type: str | None = None


@dataclass
class HtmlPage:
    title: str
    body: str
    date: str | None = None
    url: str | None = None
    type: str | None = None
    #: non-empty when the page is a listing of many resources
    items: list[HtmlItem] = field(default_factory=list)


def parse_html(html: str, base_url: str | None = None) -> HtmlPage:
    soup = BeautifulSoup(html, "lxml")
    for t in soup(["script", "style", "nav", "header", "footer"]):
        t.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    body = soup.get_text("\n", strip=True)
    return HtmlPage(title=title, body=body, url=base_url)
