"""Searching a sharded index as if it were one (see docs/index-folder.md, "Shards").

``statistics`` holds the collection statistics every shard scores with,
``shard`` what one shard computes, ``coordinator`` the phases of a search over
all of them, ``local`` the shards searched in this process, ``cluster`` the
same shards served by the workers of a Dask cluster.
"""

__all__: list[str] = []
