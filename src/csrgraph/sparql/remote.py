"""Evaluate a checked query on a remote endpoint: bind, send, and read the answer."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from csrgraph.errors import QueryError
from csrgraph.sparql import engine
from csrgraph.sparql.binding import bind_for_endpoint
from csrgraph.sparql.results import QueryResult, result_from_engine


def on_endpoint(
    endpoint: str,
    text: str,
    bindings: dict[str, Any],
    prefixes: dict[str, str],
    undeclared: Iterable[str],
    timeout: float | None,
    graph: str | None = None,
    auth: str = "auto",
    max_answer: int | None = None,
) -> QueryResult:
    """Send the query (parameters bound, known prefixes declared) to an endpoint.

    ``graph`` goes as ``default-graph-uri``; ``auth`` says how credentials are sent;
    ``max_answer`` is the largest answer read, in bytes.
    """
    import pyoxigraph as ox

    from csrgraph import store

    declarations = "".join(f"PREFIX {p}: <{prefixes[p]}>\n" for p in undeclared)
    body, media_type = engine.send(
        endpoint,
        declarations + bind_for_endpoint(text, bindings),
        timeout=timeout,
        graph=graph,
        auth=auth,
        max_answer=max_answer,
    )
    try:
        if "n-triples" in media_type or media_type == "text/plain":
            triples = [q.triple for q in ox.parse(body, ox.RdfFormat.N_TRIPLES)]
            return QueryResult("graph", triples=triples, prefixes=prefixes)
        answer = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError) as err:
        raise QueryError(
            f"{store.redact(endpoint)}: the endpoint's answer cannot be read: {err}"
        ) from None
    return result_from_engine(answer, prefixes)
