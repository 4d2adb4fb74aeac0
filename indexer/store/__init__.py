"""The index on disk: its schema, opening it, and the incremental writer.

This is the only package that knows how Whoosh lays an index out in a folder.
"""

__all__: list[str] = []
