"""Talk to a SPARQL 1.1 triple store: query it, update it, and load a graph into it safely.

Only the W3C protocols every store implements are spoken, over ``requests``: the SPARQL 1.1
Protocol for queries, SPARQL 1.1 Update for the swap that makes a load atomic, and the Graph
Store HTTP Protocol for the upload itself. The modules, by role:

* :mod:`~csrgraph.store.layouts`: the stores csrgraph knows, their URL layouts and quirks;
* :mod:`~csrgraph.store.redaction`: secrets kept out of every message;
* :mod:`~csrgraph.store.http`: sessions, negotiated authentication, retries, error lines;
* :mod:`~csrgraph.store.protocol`: query, count and update calls;
* :mod:`~csrgraph.store.counting`: the triples of a file, as sent and as a store keeps them;
* :mod:`~csrgraph.store.load`: the safe-load procedure built on them.

Credentials come from the environment, never from arguments: ``CSRGRAPH_STORE_USER`` and
``CSRGRAPH_STORE_PASSWORD`` (sent in the scheme the store's challenge asks for: Digest or
Basic), or ``CSRGRAPH_STORE_TOKEN`` (a bearer token); without them ``~/.netrc``. They never
appear in a message. HTTPS certificates are always verified (``REQUESTS_CA_BUNDLE`` names a
private CA bundle).

>>> endpoints_for("http://127.0.0.1:7878/store").query
'http://127.0.0.1:7878/query'
"""

from __future__ import annotations

from csrgraph.errors import StoreRefused
from csrgraph.store.http import AUTH_MODES, DEFAULT_TIMEOUT, RETRY_DELAYS
from csrgraph.store.layouts import LAYOUTS, Endpoints, Layout, endpoints_for, layouts_hint
from csrgraph.store.load import (
    SECONDS_PER_TRIPLE,
    LoadResult,
    Prepared,
    load,
    prepare,
    prepare_parsed,
    refuse_unsafe,
    temporary_graph,
)
from csrgraph.store.protocol import (
    N_TRIPLES,
    SPARQL_JSON,
    count_triples,
    sparql_update,
)
from csrgraph.store.redaction import (
    ENV_PASSWORD,
    ENV_TOKEN,
    ENV_USER,
    SECRET_PARAMETERS,
    redact,
    scrub,
)

__all__ = [
    "AUTH_MODES",
    "DEFAULT_TIMEOUT",
    "ENV_PASSWORD",
    "ENV_TOKEN",
    "ENV_USER",
    "LAYOUTS",
    "N_TRIPLES",
    "RETRY_DELAYS",
    "SECONDS_PER_TRIPLE",
    "SECRET_PARAMETERS",
    "SPARQL_JSON",
    "Endpoints",
    "Layout",
    "LoadResult",
    "Prepared",
    "StoreRefused",
    "count_triples",
    "endpoints_for",
    "layouts_hint",
    "load",
    "prepare",
    "prepare_parsed",
    "redact",
    "refuse_unsafe",
    "scrub",
    "sparql_update",
    "temporary_graph",
]
