"""The one place SPARQL text meets an engine: every evaluation in csrgraph goes through here.

* :func:`evaluate`: a query on an embedded Oxigraph store (the bundled graph, an index, the
  data of a SHACL check); the only call of an engine's ``query`` method in
  csrgraph, whether the text is a user's query, a bundled one, an integrity rule, or the
  questions ``explain`` and ``info`` ask (``tests/test_architecture.py`` fails on another);
* :func:`send`: a query to a remote store over the SPARQL 1.1 Protocol (:mod:`csrgraph.store`
  carries it);
* :func:`query_form`: SELECT, ASK or a graph, read from the tokens (never evaluated).

A user's text reaches these functions only after :func:`csrgraph.sparql.policy.check`; the
SPARQL text of user shapes only after :mod:`csrgraph.validation.gate` has run that check on
each of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from csrgraph.arguments import ascii_integer
from csrgraph.errors import StoreError

if TYPE_CHECKING:
    import pyoxigraph


def evaluate(store: pyoxigraph.Store, text: str, **options: Any) -> Any:
    """Evaluate ``text`` on ``store`` and return the engine's answer.

    ``options`` are pyoxigraph's (``prefixes``, ``substitutions``, ``default_graph``,
    ``named_graphs``, ``use_default_graph_as_union``).

    >>> import pyoxigraph
    >>> bool(evaluate(pyoxigraph.Store(), "ASK { }"))
    True
    """
    return store.query(text, **options)


def query_form(query: str) -> str:
    """Return ``"SELECT"``, ``"ASK"`` or ``"GRAPH"`` (CONSTRUCT, DESCRIBE) for a SPARQL query.

    Read from the query's tokens (:func:`csrgraph.sparql.policy.query_form`): nothing is
    parsed by an engine or evaluated here, so a heavy query sent to an endpoint never runs
    in this process (the endpoint reports a syntax error).

    Raises:
        QueryError: the text is an update (read-only) or holds no query form.

    >>> query_form("ASK { ?s ?p ?o }")
    'ASK'
    >>> query_form("DESCRIBE <https://w3id.org/csrgraph/>")
    'GRAPH'

    """
    from csrgraph.sparql import policy

    form = policy.query_form(query)
    return "GRAPH" if form in ("CONSTRUCT", "DESCRIBE") else form


class Answer(NamedTuple):
    """An endpoint's answer: its body, media type, and the row cap the store said it applied.

    ``max_rows`` is the number in Virtuoso's ``X-SPARQL-MaxRows`` header (sent when the store
    cut the answer at its ``ResultSetMaxRows``), else ``None`` (always for an ASK).
    """

    body: bytes
    media_type: str
    max_rows: int | None


def send(
    endpoint: str,
    query: str,
    *,
    timeout: float | None = None,
    graph: str | None = None,
    auth: str = "auto",
    max_answer: int | None = None,
) -> tuple[bytes, str]:
    """Run ``query`` on a remote SPARQL endpoint; return the answer's body and media type.

    SELECT and ASK ask for ``application/sparql-results+json``, CONSTRUCT and DESCRIBE for
    ``application/n-triples``; the media type returned is one of these two. ``graph`` (an
    IRI) is sent as ``default-graph-uri``: the query then reads that graph. A query is safe
    to repeat, so a dropped connection or a busy store (429, 502-504) is retried with
    backoff. ``timeout`` (seconds) bounds each attempt from the connection to the answer's
    last byte; the answer is read up to ``max_answer`` bytes (default
    :data:`csrgraph.store.http.DEFAULT_MAX_ANSWER`); ``auth`` is how credentials are sent
    (see :mod:`csrgraph.store.http`).

    Raises:
        QueryError: the text is not a SPARQL 1.1 query, or is an update.
        StoreError: the endpoint cannot be reached, refuses, answers with something else,
            too slowly or too much.
        UsageError: the endpoint, graph, time limit or size limit is not usable.

    Example (needs a running store)::

        body, media_type = send("http://127.0.0.1:7878/query", "ASK {}")

    """
    answer = send_answer(
        endpoint, query, timeout=timeout, graph=graph, auth=auth, max_answer=max_answer
    )
    return answer.body, answer.media_type


def send_answer(
    endpoint: str,
    query: str,
    *,
    timeout: float | None = None,
    graph: str | None = None,
    auth: str = "auto",
    max_answer: int | None = None,
) -> Answer:
    """Run ``query`` on a remote endpoint like :func:`send`; also return the store's row cap.

    Example (needs a running store)::

        answer = send_answer("http://127.0.0.1:8890/sparql", "SELECT * { ?s ?p ?o }")
        capped = answer.max_rows is not None

    """
    from csrgraph.arguments import check_iri, check_size, check_timeout
    from csrgraph.store import http, layouts, protocol

    layouts.check_url(endpoint)
    timeout = check_timeout(timeout)
    max_answer = check_size(max_answer, "max_answer")
    if graph is not None:
        check_iri(graph)
    form = query_form(query)
    accept = protocol.SPARQL_JSON if form != "GRAPH" else f"{protocol.N_TRIPLES}, text/plain;q=0.5"
    data = {"query": query}
    if graph is not None:
        data["default-graph-uri"] = graph
    with http.session(endpoint, auth) as made:
        response = http.send(
            made,
            "POST",
            endpoint,
            action=f"{'SPARQL ' + form if form != 'GRAPH' else 'SPARQL CONSTRUCT'} query",
            timeout=timeout,
            safe=True,
            headers={"Accept": accept},
            data=data,
            max_answer=max_answer,
        )
    kind = http.media_type(response)
    body = response.content
    cap = ascii_integer(response.headers.get("X-SPARQL-MaxRows", ""))  # "²" is no number
    # an ASK's one boolean cannot have been cut, whatever the header says
    max_rows = cap if cap is not None and cap > 0 and form != "ASK" else None
    if form != "GRAPH":
        json_types = (protocol.SPARQL_JSON, "application/json")
        if kind not in json_types or not body.lstrip().startswith(b"{"):
            raise StoreError(protocol.unexpected(endpoint, protocol.SPARQL_JSON, kind, body))
        protocol.check_complete_json(endpoint, body)
        return Answer(body, protocol.SPARQL_JSON, max_rows)
    if kind not in (protocol.N_TRIPLES, "text/plain"):
        raise StoreError(protocol.unexpected(endpoint, protocol.N_TRIPLES, kind, body))
    protocol.check_complete_n_triples(endpoint, body)
    return Answer(body, protocol.N_TRIPLES, max_rows)
