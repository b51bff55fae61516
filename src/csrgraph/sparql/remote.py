"""Evaluate a checked query on a remote endpoint: bind, send, and read the whole answer.

A store's limits do not change the answer (:mod:`csrgraph.sparql.capped`): an answer the
store cut at its row cap is fetched to the end in pages, and rows too long for the store to
sort are sorted here; what cannot be made whole is one error, never a short table.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from csrgraph.errors import QueryError, StoreError
from csrgraph.sparql import capped, engine
from csrgraph.sparql.binding import bind_for_endpoint
from csrgraph.sparql.results import QueryResult, result_from_engine

if TYPE_CHECKING:
    from collections.abc import Callable

_RAISE_CAP = (
    "raise ResultSetMaxRows in the [SPARQL] section of virtuoso.ini, or page the query "
    "yourself with ORDER BY, LIMIT and OFFSET"
)


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
    ``max_answer`` is the largest answer read, in bytes (each page, when the store pages).
    """
    declarations = "".join(f"PREFIX {p}: <{prefixes[p]}>\n" for p in undeclared)
    full = declarations + bind_for_endpoint(text, bindings)

    def ask(query: str) -> tuple[QueryResult, int | None]:
        answer = engine.send_answer(
            endpoint, query, timeout=timeout, graph=graph, auth=auth, max_answer=max_answer
        )
        return _decode(endpoint, answer.body, answer.media_type, prefixes), answer.max_rows

    unordered: capped.Unordered | None = None
    try:
        result, cap = ask(full)
    except StoreError as err:
        if not any(code in str(err) for code in capped.ROW_TOO_LONG):
            raise
        unordered = capped.without_order(full)
        if unordered is None:
            raise
        result, cap = ask(unordered.text)  # the store cannot sort these rows: sort them here
    sent = unordered.text if unordered is not None else full
    if cap is not None and len(result) >= cap:
        _fetch_the_rest(endpoint, sent, result, cap, ask)
    if unordered is not None:
        ordered = capped.sort_rows(result.variables, result.rows, unordered)
        if ordered is None:
            raise StoreError(
                f"{_where(endpoint)}: the store cannot sort rows this long (its row length "
                f"limit) and the rows cannot be sorted here ({unordered.order} reads a "
                "variable the query does not return, or a blank node); raise the store's "
                "limit or drop the ORDER BY"
            )
        result.rows = ordered
    return result


def _fetch_the_rest(
    endpoint: str,
    text: str,
    result: QueryResult,
    cap: int,
    ask: Callable[[str], tuple[QueryResult, int | None]],
) -> None:
    """Append the rows past the store's cap to ``result``, page by page; check the total."""
    if result.kind != "select":
        raise StoreError(
            f"{_where(endpoint)} cut the answer at {cap} results (its row cap, "
            f"X-SPARQL-MaxRows); {_RAISE_CAP}"
        )
    counted, _ = ask(capped.count_query(text))
    try:
        total = int(counted.rows[0][0].value)
    except (IndexError, AttributeError, TypeError, ValueError):
        raise StoreError(
            f"{_where(endpoint)} cut the answer at {cap} rows (its row cap) and did not "
            f"count the rest; {_RAISE_CAP}"
        ) from None
    columns = result.variables
    while len(result.rows) < total:
        page, _ = ask(capped.page_query(text, len(result.rows), cap))
        if not page.rows:
            break
        order = [page.variables.index(v) if v in page.variables else None for v in columns]
        result.rows.extend(tuple(None if i is None else row[i] for i in order) for row in page.rows)
    if len(result.rows) != total:
        raise StoreError(
            f"{_where(endpoint)} cut the answer at {cap} rows (its row cap), and paging "
            f"gave {len(result.rows)} of its {total} rows; {_RAISE_CAP}"
        )


def _where(endpoint: str) -> str:
    from csrgraph import store

    return store.redact(endpoint)


def _decode(endpoint: str, body: bytes, media_type: str, prefixes: dict[str, str]) -> QueryResult:
    import pyoxigraph as ox

    try:
        if "n-triples" in media_type or media_type == "text/plain":
            triples = [q.triple for q in ox.parse(body, ox.RdfFormat.N_TRIPLES)]
            return QueryResult("graph", triples=triples, prefixes=prefixes)
        answer = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError) as err:
        raise QueryError(
            f"{_where(endpoint)}: the endpoint's answer cannot be read: {err}"
        ) from None
    return result_from_engine(answer, prefixes)
