"""``migsearch serve``: the HTTP JSON API and the search page over one index.

``app`` wires the app and runs it; ``holder`` keeps the one opened index;
``api`` is the JSON routes, ``schemas`` their response models (generated from
the result dataclasses); ``pages`` and ``page_state`` the search and document
pages, ``templates`` their Jinja environment, ``docs_page`` the API reference;
``http_errors`` maps exceptions to statuses; ``hardening`` adds the security
headers and CORS.
"""

__all__: list[str] = []
