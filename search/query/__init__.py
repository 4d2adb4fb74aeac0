"""From what a user types to a query tree: syntax, parsing, expansion, spelling."""

__all__: list[str] = []
