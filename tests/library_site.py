"""A resource library website on 127.0.0.1, for the crawler's tests and bench/crawl.py.

:class:`LibrarySite` is a real threaded HTTP/1.1 server (``http.server``)
serving routes a test sets and changes while it runs: pages with ETag and
Last-Modified that answer conditional requests with 304, redirects, errors,
slow answers, bodies streamed without a length, answers that fail a few times
with ``Retry-After``, and a gate that holds every request after the n-th
until released. Every request is logged (path, status, request headers), so
a test can say what was, and what was never, asked for.

:func:`library_routes` builds the fixture library in the shape of the sample
corpus: two listing pages of resources (title link, type, date, blurb), their
detail pages, their attached PDFs and text files, and robots.txt.
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import threading
import time
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

__all__ = ["Hit", "LibrarySite", "Route", "detail_page", "library_routes", "listing_page"]


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    location: str | None = None  # for 3xx
    delay: float = 0.0  # seconds before answering
    stream: int = 0  # bytes to stream chunked, without Content-Length (body ignored)
    declare_length: int | None = None  # a Content-Length to claim, body not sent
    fail_first: int = 0  # answer the first n requests with fail_status
    fail_status: int = 503
    retry_after: str | None = None
    etag: bool = True
    last_modified: bool = True
    modified: float = field(default_factory=lambda: time.time() - 3600)
    served: int = 0


@dataclass
class Hit:
    path: str
    status: int
    headers: dict[str, str]
    at: float

    @property
    def conditional(self) -> bool:
        return "if-none-match" in self.headers or "if-modified-since" in self.headers


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # headers and body go out in separate writes: without this, Nagle's algorithm and
    # the client's delayed ACK stall every keep-alive answer for ~40 ms
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self.server.site.handle(self)

    def handle(self) -> None:
        # the crawler hanging up (a size cap, a timeout) is expected here
        with contextlib.suppress(TimeoutError, ConnectionResetError, BrokenPipeError):
            super().handle()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    site: LibrarySite


class LibrarySite:
    """The server and its routes; use as a context manager."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[Hit] = []
        self._lock = threading.Lock()
        self._hold_after: int | None = None
        self._release = threading.Event()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.site = self
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> LibrarySite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._release.set()
        self._server.shutdown()
        self._server.server_close()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def set(self, path: str, route: Route) -> None:
        with self._lock:
            route.modified = max(route.modified, time.time())
            self.routes[path] = route

    def hold_after(self, n: int) -> None:
        """Answer n more requests, then hold every later one until :meth:`release`."""
        with self._lock:
            self._hold_after = len(self.log) + n
            self._release.clear()

    def release(self) -> None:
        self._release.set()

    def hits(self, since: int = 0) -> list[Hit]:
        with self._lock:
            return list(self.log[since:])

    def paths(self, since: int = 0) -> list[str]:
        return [h.path for h in self.hits(since)]

    # ------------------------------------------------------------ serving
    def handle(self, h: _Handler) -> None:
        headers = {k.lower(): v for k, v in h.headers.items()}
        with self._lock:
            route = self.routes.get(h.path)
            held = self._hold_after is not None and len(self.log) >= self._hold_after
        if held:
            self._release.wait(30)
        status, send = self._answer(route, headers)
        with self._lock:
            self.log.append(Hit(h.path, status, headers, time.time()))
        with contextlib.suppress(TimeoutError, BrokenPipeError, ConnectionResetError):
            send(h)

    def _answer(self, route: Route | None, req: dict[str, str]):  # type: ignore[no-untyped-def]
        if route is None:
            return 404, _simple(404, b"<html><body><h1>Not found</h1></body></html>")
        with self._lock:
            route.served += 1
            failing = route.served <= route.fail_first
        if route.delay:
            time.sleep(route.delay)
        if failing:
            extra = {"Retry-After": route.retry_after} if route.retry_after else {}
            return route.fail_status, _simple(route.fail_status, b"busy", extra)
        if route.location:
            return route.status, _simple(route.status, b"", {"Location": route.location})
        if route.status >= 400:
            return route.status, _simple(route.status, route.body or b"gone")
        etag = '"' + hashlib.sha1(route.body).hexdigest()[:16] + '"'
        lastmod = email.utils.formatdate(route.modified, usegmt=True)
        validators = {}
        if route.etag:
            validators["ETag"] = etag
        if route.last_modified:
            validators["Last-Modified"] = lastmod
        if route.etag and req.get("if-none-match") == etag:
            return 304, _simple(304, None, validators)
        since = req.get("if-modified-since")
        if route.last_modified and "if-none-match" not in req and since:
            when = email.utils.parsedate_to_datetime(since).timestamp()
            if int(route.modified) <= when:
                return 304, _simple(304, None, validators)
        headers = {"Content-Type": route.content_type, **validators}
        if route.stream:
            return 200, _streamed(route.stream, headers)
        if route.declare_length is not None:
            return 200, _claimed(route.declare_length, headers)
        return 200, _simple(200, route.body, headers)


def _simple(status: int, body: bytes | None, headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    def send(h: _Handler) -> None:
        h.send_response(status)
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        if body is not None:
            h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        if body:
            h.wfile.write(body)

    return send


def _streamed(total: int, headers: dict[str, str]):  # type: ignore[no-untyped-def]
    def send(h: _Handler) -> None:
        h.send_response(200)
        for k, v in headers.items():
            h.send_header(k, v)
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        chunk = b"%PDF-1.4\n" + b"x" * (64 * 1024 - 9)
        sent = 0
        while sent < total:
            h.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sent += len(chunk)
        h.wfile.write(b"0\r\n\r\n")

    return send


def _claimed(length: int, headers: dict[str, str]):  # type: ignore[no-untyped-def]
    def send(h: _Handler) -> None:
        h.send_response(200)
        for k, v in headers.items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(length))
        h.send_header("Connection", "close")
        h.end_headers()
        h.close_connection = True

    return send


# ---------------------------------------------------------------- the library


@dataclass
class Resource:
    slug: str  # path of the detail page
    title: str
    kind: str
    date: str
    blurb: str
    text: str  # the detail page's article
    attachments: list[str] = field(default_factory=list)  # paths


def listing_page(title: str, items: list[Resource], next_page: str | None = None) -> bytes:
    rows = "\n".join(
        f"""<div class="views-row">
  <span class="resource-type">{escape(r.kind)}</span>
  <h3><a href="{escape(r.slug)}">{escape(r.title)}</a></h3>
  <span class="date-display-single">{escape(r.date)}</span>
  <p>{escape(r.blurb)}</p>
</div>"""
        for r in items
    )
    pager = f'<ul class="pager"><li><a href="{next_page}">Next ›</a></li></ul>' if next_page else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} | Asia Pacific Migration Network</title></head>
<body>
<header class="site-header"><nav><ul><li><a href="/">Home</a></li><li><a href="/resources">Resources</a></li>
<li><a href="/files/annual-report.pdf">Annual report</a></li></ul></nav></header>
<div class="breadcrumb"><a href="/">Home</a> &raquo; Resources</div>
<main id="content">
<h1>{escape(title)}</h1>
<p class="intro">Reports, briefs, news and events on labour migration in Asia and the Pacific.</p>
<div class="view-resources">
{rows}
</div>
{pager}
</main>
<footer><p>Asia Pacific Migration Network. Document Actions: print, share.</p></footer>
</body></html>""".encode()


def detail_page(r: Resource) -> bytes:
    links = "\n".join(
        f'<li><a href="{a}">Download: {escape(a.rsplit("/", 1)[-1])}</a></li>'
        for a in r.attachments
    )
    paras = "\n".join(f"<p>{escape(p)}</p>" for p in r.text.split("\n\n"))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(r.title)} | Asia Pacific Migration Network</title>
<meta name="description" content="{escape(r.blurb)}">
<meta property="article:published_time" content="{r.date}"></head>
<body>
<header class="site-header"><nav><ul><li><a href="/">Home</a></li><li><a href="/resources">Resources</a></li>
<li><a href="/files/annual-report.pdf">Annual report</a></li></ul></nav></header>
<main id="content"><article>
<h1>{escape(r.title)}</h1>
<p class="date">Published {r.date}</p>
{paras}
<h2>Documents</h2>
<ul class="attachments">
{links}
</ul>
</article></main>
<footer><p>Asia Pacific Migration Network. Document Actions: print, share.</p></footer>
</body></html>""".encode()


def _p(*sentences: str) -> str:
    return " ".join(sentences)


def resources(port: int) -> list[Resource]:
    """The fixture library's resources, in listing order (two pages: 7 and 3)."""
    return [
        Resource(
            "/resources/fishers-in-thailand",
            "Employment practices and working conditions in Thailand's fishing sector",
            "Report",
            "2015-04-27",
            "This study surveys migrant fishers from Cambodia and Myanmar working on Thai fishing vessels, documenting recruitment, wages and hours of work.",
            _p(
                "The survey interviewed 596 fishers in Songkhla, Rayong and Ranong provinces in 2013.",
                "Most had been recruited through brokers and paid off their debt over several months.",
            )
            + "\n\n"
            + _p(
                "The report recommends written contracts in a language the fisher understands,",
                "payment of wages through bank accounts and inspections at sea as well as in port.",
            ),
            ["/files/fishers-in-thailand.pdf", "/files/fishers-summary.txt"],
        ),
        Resource(
            "/news/domestic-workers-hong-kong",
            "Domestic workers from Indonesia and the Philippines call for a weekly rest day",
            "News",
            "2015-04-02",
            "Migrant domestic workers gathered in Hong Kong to ask employers and governments to respect the weekly day of rest guaranteed by their contracts.",
            _p(
                "Several hundred domestic workers marched in Central on Sunday.",
                "Their unions say one in three live-in workers is asked to work on rest days.",
            ),
        ),
        Resource(
            "/old/malaysia-policy",  # answers 301 to /resources/malaysia-policy
            "Review of labour migration policy in Malaysia",
            "Report",
            "2016-03-15",
            "An assessment of Malaysia's policies on the admission, employment and return of low-skilled foreign workers, with recommendations for reform.",
            _p(
                "Malaysia hosts an estimated two million regular foreign workers and as many in an irregular situation.",
                "The review covers the levy system, outsourcing companies and the rehiring programme.",
            ),
            ["/files/malaysia-policy.pdf"],
        ),
        Resource(
            "/resources/removed-study",  # 404
            "A study of seasonal agricultural workers that was taken down",
            "Report",
            "2014-06-01",
            "Seasonal agricultural workers from Lao PDR in Thailand: wages, housing and the cost of crossing the border for the harvest.",
            "",
        ),
        Resource(
            "/private/draft-report",  # robots.txt: Disallow: /private/
            "Draft report on recruitment fees paid by Nepali workers",
            "Report",
            "2015-01-20",
            "An unpublished draft on the recruitment fees and costs paid by workers from Nepal bound for Qatar and Malaysia, kept off limits to crawlers.",
            "",
        ),
        Resource(
            "/resources/slow-report",  # answers after the crawler's timeout
            "Skills recognition for returning migrant workers in Viet Nam",
            "Publication",
            "2014-11-05",
            "A brief on how returning Vietnamese workers have the skills they gained abroad recognised by employers and training institutions at home.",
            "",
        ),
        Resource(
            "/resources/migration-dataset",
            "Labour migration statistics for ASEAN: the full dataset",
            "Dataset",
            "2015-06-30",
            "The International Labour Migration Statistics database for ASEAN brings together statistics on migrant workers in the ten ASEAN Member States.",
            _p(
                "The dataset gathers stocks and flows of international migrant workers by sex, age and occupation.",
                "It is updated every year from labour force surveys and administrative records.",
            ),
            ["/files/ilms-dataset.pdf", "/files/ilms-dataset-stream.pdf"],
        ),
        # page 2
        Resource(
            "/resources/nepal-remittances",
            "Remittances and return: a brief on Nepali workers in the Gulf",
            "Publication",
            "2021-05-03",
            "Remittances to Nepal rose in 2020 as migrant workers returned from Qatar and Malaysia and sent their savings home through formal channels.",
            _p(
                "Remittances made up almost a quarter of Nepal's gross domestic product in 2020.",
                "Returnees were supported by reintegration programmes in Kathmandu and Pokhara.",
            ),
            ["/files/nepal-remittances.txt"],
        ),
        Resource(
            "/resources/cambodia-recruitment",
            "Recruitment agencies in Cambodia: regulation and practice",
            "Report",
            "2016-09-12",
            "How private recruitment agencies in Cambodia place workers in Thailand, Malaysia and the Republic of Korea, and how the government regulates them.",
            _p(
                "Cambodia licensed over one hundred private recruitment agencies by 2016.",
                "Sub-decree 190 sets out their duties towards workers before departure and abroad.",
            ),
            ["/files/cambodia-recruitment.pdf"],
        ),
        Resource(
            f"http://localhost:{port}/elsewhere/ilo-report",  # another host: not followed
            "Regional report on women migrant workers from the ILO office",
            "Report",
            "2017-03-08",
            "A regional report on women migrant workers in South-East Asia, published on the website of another organisation and linked from this library.",
            "",
        ),
    ]


#: text of each PDF attachment (printed to PDF by the tests with headless Chromium)
PDF_TEXTS: dict[str, str] = {
    "/files/fishers-in-thailand.pdf": "Full report. Trawler crews from Kampot and Sihanoukville described sixteen-hour shifts and wages withheld until the end of a voyage.",
    "/files/malaysia-policy.pdf": "Annex on the levy. Employers in plantations and construction paid the foreign worker levy in instalments under the multi-tier levy system.",
    "/files/cambodia-recruitment.pdf": "Annex on licensing. The Ministry of Labour and Vocational Training inspected forty agencies and suspended the licences of six.",
}

TEXT_ATTACHMENTS: dict[str, str] = {
    "/files/fishers-summary.txt": "Executive summary\n\nMigrant fishers reported identity documents kept by vessel owners in Pattani and Samut Sakhon.\n",
    "/files/nepal-remittances.txt": "Remittance brief, statistical annex\n\nHundi transfers fell sharply after the banks in Kathmandu lowered their fees for migrant households.\n",
}

ROBOTS = b"User-agent: *\nDisallow: /private/\n"


def library_routes(port: int, pdfs: dict[str, bytes]) -> dict[str, Route]:
    """Every route of the fixture library; ``pdfs`` maps PDF paths to their bytes."""
    res = resources(port)
    routes: dict[str, Route] = {
        "/robots.txt": Route(ROBOTS, "text/plain"),
        "/resources": Route(listing_page("All Resources", res[:7], "/resources?page=2")),
        "/resources?page=2": Route(listing_page("All Resources", res[7:])),
        "/old/malaysia-policy": Route(status=301, location="/resources/malaysia-policy"),
        "/resources/slow-report": Route(detail_page(res[5]), delay=2.5),
        "/files/ilms-dataset.pdf": Route(content_type="application/pdf", declare_length=30_000_000),
        "/files/ilms-dataset-stream.pdf": Route(content_type="application/pdf", stream=8_000_000),
        "/files/annual-report.pdf": Route(
            pdfs["/files/fishers-in-thailand.pdf"], "application/pdf"
        ),
        "/private/draft-report": Route(b"<html><body>secret</body></html>"),
    }
    for r in res:
        if r.slug.startswith("http") or r.slug in routes or r.slug == "/resources/removed-study":
            continue
        routes[r.slug] = Route(detail_page(r))
    routes["/resources/malaysia-policy"] = Route(detail_page(res[2]))
    for path, data in pdfs.items():
        # one server labels PDFs as binary: the crawler must sniff them
        ctype = "application/octet-stream" if "malaysia" in path else "application/pdf"
        routes[path] = Route(data, ctype)
    for path, text in TEXT_ATTACHMENTS.items():
        routes[path] = Route(text.encode(), "text/plain; charset=utf-8", etag=False)
    return routes


def serve_library(site: LibrarySite, pdfs: dict[str, bytes]) -> None:
    for path, route in library_routes(site.port, pdfs).items():
        site.set(path, route)
