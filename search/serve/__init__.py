"""``migsearch serve``: the HTTP JSON API and the search page over one index."""

__all__: list[str] = []
