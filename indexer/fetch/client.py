"""One HTTP GET done politely, with httpx.

httpx is the HTTP client: a well-kept library with connection pooling across
threads, streaming bodies (so a size cap stops a download instead of reading
it), per-phase timeouts and transparent gzip. This module adds what a crawler
owes the sites it reads and what httpx leaves to its caller:

* a user agent naming migsearch and its version;
* redirects followed hop by hop, each hop checked by the caller's ``allow``
  (scope and robots.txt), at most ``max_redirects`` of them;
* retries with exponential backoff on 429, 5xx and network failures,
  honouring ``Retry-After`` (seconds or an HTTP date) up to ``max_wait``;
* a size cap, checked on ``Content-Length`` before reading and on the bytes
  as they arrive, and an overall time limit per response;
* conditional requests (``If-None-Match`` / ``If-Modified-Since``) when the
  caller has validators from an earlier fetch.

Nothing here raises for a bad answer: a :class:`Response` carries the status
and, when there is no usable body, a one-line ``error``.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version

import httpx

from migsearch.indexer.fetch.hosts import HostGate
from migsearch.indexer.fetch.urls import host_key, resolve

__all__ = ["RETRY_STATUSES", "FetchSettings", "Fetcher", "Response", "Validators", "user_agent"]

#: answers worth asking again after a wait
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


def user_agent() -> str:
    """``migsearch/0.1.0 (…)``: who is asking, so a site owner can tell and write robots rules."""
    try:
        v = version("migsearch")
    except PackageNotFoundError:
        v = "dev"
    return f"migsearch/{v} (labour-migration document search; robots.txt agent: migsearch)"


@dataclass(frozen=True)
class FetchSettings:
    timeout: float = 20.0  # seconds to connect, and between bytes
    total_timeout: float = 300.0  # seconds for one whole response
    retries: int = 2
    backoff: float = 1.0  # first wait; doubles each retry
    max_wait: float = 120.0  # the longest Retry-After honoured
    max_bytes: int = 50 * 1024 * 1024
    max_redirects: int = 5
    user_agent: str = field(default_factory=user_agent)


@dataclass(frozen=True)
class Validators:
    """What an earlier answer said to ask with next time."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        h = {}
        if self.etag:
            h["If-None-Match"] = self.etag
        if self.last_modified:
            h["If-Modified-Since"] = self.last_modified
        return h

    def __bool__(self) -> bool:
        return bool(self.etag or self.last_modified)


@dataclass
class Response:
    url: str  # as asked
    final_url: str  # after redirects
    status: int = 0  # 0: no HTTP answer at all
    content_type: str = ""  # declared media type, lower case, without parameters
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body: bytes = b""
    error: str | None = None  # one line, when there is no usable body
    redirects: list[str] = field(default_factory=list)
    attempts: int = 1

    @property
    def ok(self) -> bool:
        return self.error is None and 200 <= self.status < 300

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB" if n < 10e6 else f"{n / 1e6:.0f} MB"


class Fetcher:
    """GETs through one pooled httpx client, with the manners above.

    ``allow(url)`` returns a reason to refuse a URL (off-site, robots.txt) or
    None; it is asked for every redirect hop. Thread-safe.
    """

    def __init__(
        self,
        settings: FetchSettings,
        gate: HostGate,
        allow: Callable[[str], str | None] | None = None,
        connections: int = 8,
    ) -> None:
        self.settings = settings
        self.gate = gate
        self.allow = allow
        self._client = httpx.Client(
            headers={"User-Agent": settings.user_agent},
            timeout=httpx.Timeout(settings.timeout),
            follow_redirects=False,
            limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections),
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(
        self, url: str, validators: Validators | None = None, *, check: bool = True
    ) -> Response:
        """GET ``url`` following redirects; ``check=False`` skips ``allow`` (for robots.txt)."""
        resp = Response(url=url, final_url=url)
        current = url
        for _ in range(self.settings.max_redirects + 1):
            if check and self.allow is not None and current != url:
                refused = self.allow(current)
                if refused:
                    resp.error = f"redirected to {current}: {refused}"
                    return resp
            self._get_retrying(current, validators, resp)
            if resp.status in _REDIRECTS and resp.error is None:
                nxt = resp.final_url
                resp.redirects.append(current)
                current = nxt
                resp.final_url = current
                continue
            return resp
        resp.error = f"more than {self.settings.max_redirects} redirects"
        return resp

    def _get_retrying(self, url: str, validators: Validators | None, resp: Response) -> None:
        s = self.settings
        for attempt in range(s.retries + 1):
            resp.attempts = attempt + 1
            wait = self._get_once(url, validators, resp)
            if wait is None or attempt == s.retries:
                return
            if wait > s.max_wait:
                resp.error = f"the server asked to wait {wait:.0f} s (more than {s.max_wait:.0f} s)"
                return
            self.gate.pause(host_key(url), wait)
            time.sleep(wait)

    def _get_once(self, url: str, validators: Validators | None, resp: Response) -> float | None:
        """One request into ``resp``; the seconds to wait before a retry, or None when done."""
        s = self.settings
        backoff = s.backoff * 2 ** (resp.attempts - 1)
        headers = validators.headers() if validators else {}
        resp.status, resp.body, resp.error = 0, b"", None
        try:
            with (
                self.gate.slot(host_key(url)),
                self._client.stream("GET", url, headers=headers) as r,
            ):
                resp.status = r.status_code
                self._read_headers(r, resp)
                if r.status_code in _REDIRECTS:
                    target = resolve(url, r.headers.get("location", ""))
                    if target is None:
                        resp.error = f"HTTP {r.status_code} without a usable Location"
                    else:
                        resp.final_url = target
                    return None
                if r.status_code in RETRY_STATUSES:
                    resp.error = f"HTTP {r.status_code}"
                    after = retry_after(r.headers.get("retry-after"))
                    return backoff if after is None else after
                if r.status_code == 304 or r.status_code >= 300:
                    resp.error = None if r.status_code == 304 else f"HTTP {r.status_code}"
                    return None
                resp.body = self._read_body(r, resp)
                return None
        except httpx.TimeoutException:
            resp.error = f"timed out (no answer within {s.timeout:g} s)"
            return backoff
        except httpx.TransportError as e:
            resp.error = f"network error ({type(e).__name__}: {' '.join(str(e).split())[:120]})"
            return backoff
        except httpx.HTTPError as e:  # a malformed answer: not worth asking again
            resp.error = f"bad HTTP answer ({type(e).__name__})"
            return None

    def _read_headers(self, r: httpx.Response, resp: Response) -> None:
        ctype = r.headers.get("content-type", "")
        media, _, params = ctype.partition(";")
        resp.content_type = media.strip().lower()
        resp.charset = None
        for p in params.split(";"):
            k, _, v = p.partition("=")
            if k.strip().lower() == "charset" and v.strip():
                resp.charset = v.strip().strip("\"'")
        resp.etag = r.headers.get("etag")
        resp.last_modified = r.headers.get("last-modified")

    def _read_body(self, r: httpx.Response, resp: Response) -> bytes:
        s = self.settings
        declared = r.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > s.max_bytes:
            resp.error = f"{_mb(int(declared))} is over the {_mb(s.max_bytes)} limit"
            return b""
        chunks: list[bytes] = []
        size = 0
        started = time.monotonic()
        for chunk in r.iter_bytes():
            size += len(chunk)
            if size > s.max_bytes:
                resp.error = f"more than the {_mb(s.max_bytes)} limit (download stopped)"
                return b""
            if time.monotonic() - started > s.total_timeout:
                resp.error = f"took more than {s.total_timeout:g} s (download stopped)"
                return b""
            chunks.append(chunk)
        return b"".join(chunks)
