"""From sources to records: read, decode, find the main content or the items of
a listing, date them, tag countries and themes.

The flow is ``sources`` (walk paths, read and decode bytes) → a format
(``html`` with ``boilerplate`` and ``listing``, ``text``, JSONL and ReliefWeb
in ``pipeline``) → ``tagging`` → :class:`~.records.Record`. ``extract`` and
``index`` both go through :func:`.pipeline.records_from_bytes`, so what one
shows is what the other stores.
"""

__all__: list[str] = []
