"""Indexing a library website: ``migsearch index URL`` fetches, follows and keeps in sync.

The flow, one module per idea:

* ``urls``: what a URL is to the crawler (normalised form, same-site scope);
* ``client``: one HTTP request done politely: user agent, redirects checked
  hop by hop, timeouts, retries with backoff honouring ``Retry-After``, size
  caps, conditional requests;
* ``hosts``: per-host rate limit and concurrency cap;
* ``robots``: robots.txt, read with Protego, one policy per host;
* ``sniff``: what fetched bytes are (HTML, PDF, a sitemap, a feed…), from the
  bytes first and the declared type second;
* ``cache``: fetched bytes beside the index with their URL, status,
  validators and times; runs, so an interrupted crawl resumes;
* ``discover``: links out of what was fetched: sitemaps, feeds, a page's
  attachments and its next page;
* ``crawl``: the plan: seed → listing → detail page → attachments, in scope
  and within the depth limit;
* ``resources``: one record per resource from the listing item, the detail
  page and the attachments' text (read by the ingest pipeline by format);
* ``sync``: a crawl, then the index updated from it, then the run closed.
"""

__all__: list[str] = []
