"""The SPARQL 1.1 Protocol and Update calls: carry a query, count a graph, update it.

Queries go as form-encoded POSTs (the one form every store accepts), with
``default-graph-uri`` when a graph is named, so a graph loaded with ``--graph`` can be
queried; answers are checked to be complete before anything is decoded.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from csrgraph.arguments import check_iri, check_timeout
from csrgraph.errors import StoreError
from csrgraph.store.http import media_type, send, session
from csrgraph.store.layouts import check_url, layouts_hint
from csrgraph.store.redaction import redact, server_text

if TYPE_CHECKING:
    import requests

SPARQL_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"


def check_complete_json(endpoint: str, body: bytes) -> None:
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
        raise StoreError(unexpected(endpoint, SPARQL_JSON, "JSON of another kind", body))


def check_complete_n_triples(endpoint: str, body: bytes) -> None:
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
    # Blanked with some text on either side, so that no secret is cut in two before it is seen.
    start = max(0, position - 1024)
    skip = len(body[start:position].decode("utf-8", "replace"))
    window = body[start : position + 4096].decode("utf-8", "replace")
    tail = server_text(window, endpoint, 300, skip=skip, flatten=False)
    return (
        f"the answer from {redact(endpoint)} broke off after {position} bytes; "
        f"the store said: {tail or 'nothing'}"
    )


def unexpected(url: str, wanted: str, got: str, body: bytes) -> str:
    """Return the message for an answer of the wrong media type, its start scrubbed."""
    start = server_text(body[:4096].decode("utf-8", "replace"), url, 80, flatten=False)
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
    timeout = check_timeout(timeout)
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
            unexpected(
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
    timeout = check_timeout(timeout)
    if graph is not None:
        check_iri(graph)
    with session(endpoint, auth) as made:
        return count_with(made, endpoint, graph, timeout=timeout)


def holds_triples(
    made: requests.Session, endpoint: str, graph: str | None, *, timeout: float | None
) -> bool:
    """Whether ``graph`` (None: the default graph) holds any triple, on an open session.

    An ASK, not a count: it stops at the first triple, however large the graph.
    """
    pattern = "?s ?p ?o" if graph is None else f"GRAPH <{graph}> {{ ?s ?p ?o }}"
    response = send(
        made,
        "POST",
        endpoint,
        action="ask whether the target graph holds triples",
        timeout=timeout,
        safe=True,
        headers={"Accept": SPARQL_JSON},
        data={"query": f"ASK {{ {pattern} }}"},
    )
    try:
        answer = json.loads(response.content)["boolean"]
    except (ValueError, KeyError, TypeError) as err:
        raise StoreError(
            unexpected(
                endpoint, SPARQL_JSON + " with a boolean", media_type(response), response.content
            )
        ) from err
    if not isinstance(answer, bool):
        raise StoreError(
            unexpected(
                endpoint, SPARQL_JSON + " with a boolean", media_type(response), response.content
            )
        )
    return answer
