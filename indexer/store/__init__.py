"""The index on disk: ``schema`` (which fields are searched, stored, faceted),
``storage`` (creating and opening an index folder, commit stamps: the only
module that knows Whoosh's file names) and ``writer`` (incremental, parallel
indexing with one commit per run).
"""

__all__: list[str] = []
