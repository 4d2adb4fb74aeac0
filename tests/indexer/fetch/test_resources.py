"""One record per resource: which part each field comes from, and when it is rebuilt."""

from __future__ import annotations

from pathlib import Path

from library_site import LibrarySite, Route

from migsearch.indexer.fetch import resources as assembly
from migsearch.indexer.fetch.cache import Cache
from migsearch.indexer.fetch.client import FetchSettings
from migsearch.indexer.fetch.crawl import CrawlReport, CrawlSettings, crawl
from migsearch.indexer.fetch.resources import prepared_source, resource_hash, resource_record


def _crawl(site: LibrarySite, tmp_path: Path) -> CrawlReport:
    settings = CrawlSettings(
        rate=0, fetch=FetchSettings(timeout=1.0, retries=1, backoff=0.05, max_bytes=1_000_000)
    )
    with Cache(tmp_path / "cache") as cache:
        run = cache.start_run({})
        report = crawl([site.url("/resources")], cache, run, settings)
        cache.finish_run(run)
    return report


def _res(report: CrawlReport, path: str):  # type: ignore[no-untyped-def]
    return next(r for r in report.resources if r.url.endswith(path))


def test_fields_come_from_the_listing_the_page_and_the_attachments(
    library: LibrarySite, tmp_path: Path
) -> None:
    report = _crawl(library, tmp_path)
    nepal = _res(report, "/resources/nepal-remittances")
    rec, errors = resource_record(nepal, report.visits)
    assert errors == []
    assert rec.title == "Remittances and return: a brief on Nepali workers in the Gulf"  # listing
    assert rec.summary.startswith("Remittances to Nepal rose in 2020")  # listing blurb
    assert rec.date == "2021-05-03"  # page metadata
    assert rec.type == "publication"  # the listing's type label
    page_at = rec.body.index("almost a quarter of Nepal's gross domestic product")
    attachment_at = rec.body.index("Hundi transfers fell sharply")
    assert page_at < attachment_at  # the page's text, then the attachment's
    assert rec.source == nepal.url and rec.url == nepal.url
    assert "NPL" in rec.countries


def test_an_attachment_that_failed_is_reported_and_the_resource_indexed(
    library: LibrarySite, tmp_path: Path
) -> None:
    report = _crawl(library, tmp_path)
    rec, errors = resource_record(_res(report, "/resources/migration-dataset"), report.visits)
    assert "dataset gathers stocks and flows" in rec.body
    assert len(errors) == 2 and all("attachment of" in e and "limit" in e for e in errors)


def test_the_hash_follows_what_the_record_is_made_of(
    library: LibrarySite, tmp_path: Path, monkeypatch
) -> None:
    report = _crawl(library, tmp_path)
    fishers = _res(report, "/resources/fishers-in-thailand")
    h = resource_hash(fishers, report.visits)
    again = _crawl(library, tmp_path)
    assert resource_hash(_res(again, "/resources/fishers-in-thailand"), again.visits) == h
    assert fishers.item is not None
    fishers.item.summary += " More."
    assert resource_hash(fishers, report.visits) != h
    fishers.item.summary = fishers.item.summary.removesuffix(" More.")
    # a format the pipeline learns to read changes the hash of resources carrying it
    monkeypatch.setattr(assembly, "ingest_format", lambda media: "pdf" if "pdf" in media else None)
    assert resource_hash(fishers, report.visits) != h
    monkeypatch.undo()
    library.set(
        "/files/fishers-summary.txt", Route(b"Executive summary\n\nRevised.\n", "text/plain")
    )
    again = _crawl(library, tmp_path)
    assert resource_hash(_res(again, "/resources/fishers-in-thailand"), again.visits) != h


def test_prepared_source_builds_only_when_asked(library: LibrarySite, tmp_path: Path) -> None:
    report = _crawl(library, tmp_path)
    p = prepared_source(_res(report, "/news/domestic-workers-hong-kong"), report.visits)
    assert p.name == library.url("/news/domestic-workers-hong-kong") and len(p.hash) == 40
    [rec], errors = p.build()
    assert rec.id and "weekly day of rest" in rec.summary and errors == []
