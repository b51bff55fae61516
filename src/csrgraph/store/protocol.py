"""The SPARQL 1.1 Protocol and Update calls: query a store, count a graph, update it.

Queries go as form-encoded POSTs (the one form every store accepts), with
``default-graph-uri`` when a graph is named, so a graph loaded with ``--graph`` can be
queried; answers are checked to be complete before anything is decoded.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from csrgraph.errors import QueryError, StoreError
from csrgraph.store.http import media_type, send, session
from csrgraph.store.layouts import check_url, layouts_hint
from csrgraph.store.redaction import redact, scrub

if TYPE_CHECKING:
    import requests

SPARQL_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"

_UPDATE_WORDS = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)


def query_form(query: str) -> str:
    """Return ``"SELECT"``, ``"ASK"`` or ``"GRAPH"`` (CONSTRUCT, DESCRIBE) for a SPARQL query.

    The query is parsed by Oxigraph's parser; nothing is evaluated.

    Raises:
        QueryError: the text is not a SPARQL 1.1 query (an update is refused: read-only).

    >>> query_form("ASK { ?s ?p ?o }")
    'ASK'
    >>> query_form("DESCRIBE <https://w3id.org/csrgraph/>")
    'GRAPH'

    """
    import pyoxigraph

    text = "\n".join(line for line in query.splitlines() if not line.lstrip().startswith("#"))
    try:
        # An empty store parses the query; the result is lazy, so nothing is evaluated.
        result = pyoxigraph.Store().query(query)
    except SyntaxError as err:
        if _UPDATE_WORDS.match(text):
            raise QueryError("this is a SPARQL update, and queries are read-only") from err
        first = str(err).splitlines()[0] if str(err) else "syntax error"
        raise QueryError(f"not a SPARQL 1.1 query: {first[:200]}") from err
    if isinstance(result, pyoxigraph.QueryBoolean):
        return "ASK"
    if isinstance(result, pyoxigraph.QueryTriples):
        return "GRAPH"
    return "SELECT"


def sparql_query(
    endpoint: str,
    query: str,
    *,
    timeout: float | None = None,
    graph: str | None = None,
    auth: str = "auto",
) -> tuple[bytes, str]:
    """Run ``query`` on a remote SPARQL endpoint; return the answer's body and media type.

    SELECT and ASK ask for ``application/sparql-results+json``, CONSTRUCT and DESCRIBE for
    ``application/n-triples``; the media type returned is one of these two. ``graph`` (an
    IRI) is sent as ``default-graph-uri``: the query then reads that graph. A query is safe
    to repeat, so a dropped connection or a busy store (429, 502-504) is retried with
    backoff. ``timeout`` (seconds) bounds the connection and each wait for an answer;
    ``auth`` is how credentials are sent (see :mod:`csrgraph.store.http`).

    Raises:
        QueryError: the text is not a SPARQL 1.1 query, or is an update.
        StoreError: the endpoint cannot be reached, refuses, or answers with something else.

    Example (needs a running store)::

        body, media_type = sparql_query("http://127.0.0.1:7878/query", "ASK {}")

    """
    check_url(endpoint)
    form = query_form(query)
    accept = SPARQL_JSON if form != "GRAPH" else f"{N_TRIPLES}, text/plain;q=0.5"
    data = {"query": query}
    if graph is not None:
        data["default-graph-uri"] = graph
    with session(endpoint, auth) as made:
        response = send(
            made,
            "POST",
            endpoint,
            action=f"{'SPARQL ' + form if form != 'GRAPH' else 'SPARQL CONSTRUCT'} query",
            timeout=timeout,
            safe=True,
            headers={"Accept": accept},
            data=data,
        )
    kind = media_type(response)
    body = response.content
    if form != "GRAPH":
        if kind not in (SPARQL_JSON, "application/json") or not body.lstrip().startswith(b"{"):
            raise StoreError(_unexpected(endpoint, SPARQL_JSON, kind, body))
        _check_complete_json(endpoint, body)
        return body, SPARQL_JSON
    if kind not in (N_TRIPLES, "text/plain"):
        raise StoreError(_unexpected(endpoint, N_TRIPLES, kind, body))
    _check_complete_n_triples(endpoint, body)
    return body, N_TRIPLES


def _check_complete_json(endpoint: str, body: bytes) -> None:
    """Refuse a results document that broke off.

    A streaming store that fails half-way writes its error message into the body of an
    answer that began as 200 OK.
    """
    try:
        document = json.loads(body)
    except ValueError as err:
        position = getattr(err, "pos", 0)
        raise StoreError(_broken(endpoint, body, position)) from None
    if not isinstance(document, dict) or "head" not in document:
        raise StoreError(_unexpected(endpoint, SPARQL_JSON, "JSON of another kind", body))


def _check_complete_n_triples(endpoint: str, body: bytes) -> None:
    """Refuse N-Triples that broke off (see :func:`_check_complete_json`)."""
    import pyoxigraph

    try:
        for _ in pyoxigraph.parse(body, pyoxigraph.RdfFormat.N_TRIPLES):
            pass
    except SyntaxError as err:
        line = err.lineno or 1
        position = sum(len(row) + 1 for row in body.split(b"\n")[: line - 1])
        raise StoreError(_broken(endpoint, body, position)) from None


def _broken(endpoint: str, body: bytes, position: int) -> str:
    tail = " ".join(body[position : position + 300].decode("utf-8", "replace").split())
    tail = scrub(tail, endpoint)
    return (
        f"the answer from {redact(endpoint)} broke off after {position} bytes; "
        f"the store said: {tail or 'nothing'}"
    )


def _unexpected(url: str, wanted: str, got: str, body: bytes) -> str:
    start = scrub(" ".join(body[:80].decode("utf-8", "replace").split()), url)
    return (
        f"{redact(url)} did not answer with {wanted} but with {got or 'no content type'} "
        f"({start!r}...); is this a SPARQL query endpoint? {layouts_hint()}"
    )


def sparql_update(
    endpoint: str, update: str, *, timeout: float | None = None, auth: str = "auto"
) -> None:
    """Send a SPARQL 1.1 Update request (form-encoded POST); never retried.

    Raises:
        StoreError: the endpoint cannot be reached, refuses the update, or fails.

    """
    check_url(endpoint)
    with session(endpoint, auth) as made:
        update_with(made, endpoint, update, timeout=timeout, action="SPARQL update")


def update_with(
    made: requests.Session, endpoint: str, update: str, *, timeout: float | None, action: str
) -> None:
    """Send one SPARQL Update on an open session; never retried."""
    send(
        made, "POST", endpoint, action=action, timeout=timeout, safe=False, data={"update": update}
    )


def count_with(
    made: requests.Session, endpoint: str, graph: str | None, *, timeout: float | None
) -> int:
    """Count the triples of ``graph`` (None: the default graph) on an open session."""
    pattern = "?s ?p ?o" if graph is None else f"GRAPH <{graph}> {{ ?s ?p ?o }}"
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"
    response = send(
        made,
        "POST",
        endpoint,
        action="count the triples",
        timeout=timeout,
        safe=True,
        headers={"Accept": SPARQL_JSON},
        data={"query": query},
    )
    try:
        bindings = json.loads(response.content)["results"]["bindings"]
        return int(bindings[0]["n"]["value"])
    except (ValueError, KeyError, IndexError, TypeError) as err:
        raise StoreError(
            _unexpected(
                endpoint, SPARQL_JSON + " with a count", media_type(response), response.content
            )
        ) from err


def count_triples(
    endpoint: str, graph: str | None = None, *, timeout: float | None = None, auth: str = "auto"
) -> int:
    """Return the number of triples in ``graph`` (an IRI; ``None``: the default graph).

    Raises:
        StoreError: the endpoint cannot be reached or does not answer with a count.

    """
    check_url(endpoint)
    with session(endpoint, auth) as made:
        return count_with(made, endpoint, graph, timeout=timeout)
