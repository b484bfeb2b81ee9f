"""netan.graphdb: the schema, the store contract and the two stores.

:func:`open_store` is the one door to a store. It lives here, above the store
modules, so that the contract (:mod:`netan.graphdb.store`) and the stores that
implement it import in one direction only.
"""

from __future__ import annotations

import os

from netan.graphdb.store import GraphStore, is_neo4j_uri, resolve_location


def open_store(location: str | os.PathLike[str] | None = None, *,
               read_only: bool = False) -> GraphStore:
    """Open the store at ``location``: a Neo4j URI (``neo4j://``, ``bolt://``, ...) or
    the path of an embedded store; ``None`` means ``$NETAN_DB``, else ``$NEO4J_URI``,
    else ``netan.db``."""
    where = resolve_location(location)
    if is_neo4j_uri(where):
        from netan.graphdb.neo4j_store import Neo4jStore

        return Neo4jStore(where, read_only=read_only)
    from netan.graphdb.embedded import EmbeddedStore

    return EmbeddedStore(where, read_only=read_only)
