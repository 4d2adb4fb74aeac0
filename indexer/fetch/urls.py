"""What a URL is to the crawler: its normal form and whether it is in scope.

Two spellings of one address (``HTTP://Site/a#top`` and ``http://site/a``)
must be one cache entry and one record, so every URL is normalised once, when
it is found. Scope is the seed's site: the same host, or one of its
subdomains, with ``www.`` ignored, so a library at ``www.example.org`` may keep
its PDFs on ``files.example.org`` but a link to a news site is not followed.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit, urlunsplit

from migsearch.errors import UsageError

__all__ = ["host_key", "is_web_url", "normalize", "origin", "resolve", "same_site", "site_of"]

_SCHEMES = ("http", "https")


def is_web_url(text: str) -> bool:
    """Does a command-line argument name a web address rather than a file?"""
    return text.lower().startswith(("http://", "https://"))


def normalize(url: str) -> str:
    """Lower-case scheme and host, no default port, no fragment, ``/`` for an empty path.

    Raises UsageError for anything that is not an absolute http(s) URL.
    """
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
        port = parts.port
    except ValueError as e:
        raise UsageError(f"not a valid URL: {url} ({e})") from None
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES or not host:
        raise UsageError(f"not an http(s) URL: {url}")
    netloc = host.lower()
    if ":" in netloc:  # an IPv6 literal
        netloc = f"[{netloc}]"
    if port is not None and port != (80 if scheme == "http" else 443):
        netloc += f":{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def resolve(base: str, href: str) -> str | None:
    """``href`` found on ``base``, absolute and normalised; None when it is no web link."""
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
        return None
    try:
        return normalize(urljoin(base, href))
    except (UsageError, ValueError):
        return None


def origin(url: str) -> str:
    """``scheme://host[:port]``: where robots.txt lives and what a rate limit counts."""
    p = urlsplit(url)
    return f"{p.scheme}://{p.netloc}"


def host_key(url: str) -> str:
    """The host a per-host limit applies to (``host:port``)."""
    return urlsplit(url).netloc


def site_of(url: str) -> str:
    """The site a URL belongs to: its host without a leading ``www.``."""
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host


def same_site(url: str, site: str) -> bool:
    """Is ``url`` on ``site`` (as given by :func:`site_of`) or one of its subdomains?"""
    host = site_of(url)
    return host == site or host.endswith("." + site)
