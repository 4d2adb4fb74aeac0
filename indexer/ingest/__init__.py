"""From sources to records: read, decode, find the main content or the items of
a listing, date them, tag countries and themes.

The flow, one module per step:

* ``sources``: walk paths, tell formats apart, read and decode bytes;
* ``pipeline``: the one dispatch by format, to a record builder:
  ``htmlpage`` (through ``html``), ``textpage`` (through ``text``),
  ``jsonl`` (JSONL and JSON lists) or ``reliefweb`` (ReliefWeb exports);
* an HTML page is read in ``html``: ``segments`` (the tree as text runs),
  ``page_meta`` (what the page declares), ``listing`` (many resources on a
  page), ``main_content`` (the article among the furniture) and
  ``page_dates`` (declared or shown date);
* ``tagging``: countries, regions, primary country, themes, summary;
* ``records``: the :class:`~.records.Record` every builder returns.

``extract`` and ``index`` both go through :func:`.pipeline.records_from_bytes`,
so what one shows is what the other stores.
"""

__all__: list[str] = []
