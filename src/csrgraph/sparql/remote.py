"""Evaluate a checked query on a remote endpoint: bind, send, and read the whole answer.

A store's limits do not change the answer (:mod:`csrgraph.sparql.capped`): an answer the
store cut at its row cap is fetched to the end in pages, and rows too long for the store to
sort are sorted here; what cannot be made whole is one error, never a short table.
"""

from __future__ import annotations

import time
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


#: The most requests one answer is fetched in, the first included. With Virtuoso's default
#: cap of 10,000 rows that is ten million rows, more than the default answer limit (64 MiB in
#: all pages together) holds; a store whose cap is tiny would otherwise be asked thousands of
#: times for one answer.
MAX_PAGES = 1000


class _Pages:
    """What one answer has cost so far: requests, bytes read, and the time left."""

    def __init__(self, timeout: float | None, max_answer: int | None) -> None:
        from csrgraph.store.http import DEFAULT_MAX_ANSWER

        self.deadline = None if timeout is None else time.monotonic() + timeout
        self.most = DEFAULT_MAX_ANSWER if max_answer is None else max_answer
        self.read = 0
        self.requests = 0

    def left(self) -> float | None:
        """Return the seconds left for the next request (None: no limit), or fail."""
        if self.deadline is None:
            return None
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise self.out_of_time()
        return left

    @staticmethod
    def out_of_time() -> StoreError:
        """Return the error of an answer whose pages together took longer than the timeout."""
        return StoreError(
            "the store cut the answer at its row cap, and its pages together took longer "
            "than {timeout}; raise it, or " + _RAISE_CAP,
            parameter="timeout",
        )

    def count(self, size: int) -> None:
        """Count one answer of ``size`` bytes; fail when all of them pass the answer limit."""
        self.read += size
        self.requests += 1
        if self.read > self.most:
            raise StoreError(
                f"the pages of the answer came to more than {self.most:,} bytes in all "
                "({max_answer}); " + _RAISE_CAP,
                parameter="max_answer",
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
    ``max_answer`` is the largest answer read, in bytes, and ``timeout`` the longest time
    it takes, in seconds: both bound the whole answer, all its pages together when the store
    cut it at its row cap (and at most :data:`MAX_PAGES` requests are sent).
    """
    declarations = "".join(f"PREFIX {p}: <{prefixes[p]}>\n" for p in undeclared)
    full = declarations + bind_for_endpoint(text, bindings)
    pages = _Pages(timeout, max_answer)

    def ask(query: str) -> tuple[QueryResult, int | None]:
        try:
            answer = engine.send_answer(
                endpoint,
                query,
                timeout=pages.left(),
                graph=graph,
                auth=auth,
                max_answer=max(pages.most - pages.read, 1),
            )
        except StoreError as err:
            if err.parameter == "timeout" and pages.requests:  # a page, in the time left
                raise pages.out_of_time() from None
            raise
        pages.count(len(answer.body))
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
        _fetch_the_rest(endpoint, sent, result, cap, ask, pages)
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
    pages: _Pages,
) -> None:
    """Append the rows past the store's cap to ``result``, page by page; check the total.

    Only a SELECT that orders its rows (a top-level ``ORDER BY``) is paged: pages of any
    other answer need not line up. Before paging, the count of rows says how many requests
    and about how many bytes the rest takes; more than :data:`MAX_PAGES` requests or the
    answer limit is refused then, not after thousands of requests.
    """
    cut = f"{_where(endpoint)} cut the answer at {cap} rows (its row cap, X-SPARQL-MaxRows)"
    if result.kind != "select":
        raise StoreError(f"{cut}; {_RAISE_CAP}")
    if not capped.orders_rows(text):
        raise StoreError(
            f"{cut}, and the query has no ORDER BY, so its pages need not line up; " + _RAISE_CAP
        )
    first_bytes, first_rows = pages.read, len(result.rows)
    counted, _ = ask(capped.count_query(text))
    try:
        total = int(counted.rows[0][0].value)
    except (IndexError, AttributeError, TypeError, ValueError):
        raise StoreError(f"{cut} and did not count the rest; {_RAISE_CAP}") from None
    needed = pages.requests + -(-(total - first_rows) // cap)
    estimate = first_bytes * total // max(first_rows, 1)
    if needed > MAX_PAGES or estimate > pages.most:
        raise StoreError(
            f"{cut} of its {total:,}: the rest would take {needed:,} requests (at most "
            f"{MAX_PAGES:,}) and about {estimate:,} bytes (at most {pages.most:,}, "
            "{max_answer}); " + _RAISE_CAP,
            parameter="max_answer",
        )
    distinct = capped.is_distinct(text)
    columns = result.variables
    while len(result.rows) < total and pages.requests < MAX_PAGES:
        page, _ = ask(capped.page_query(text, len(result.rows), cap))
        if not page.rows:
            break
        order = [page.variables.index(v) if v in page.variables else None for v in columns]
        rows = [tuple(None if i is None else row[i] for i in order) for row in page.rows]
        if distinct and result.rows and result.rows[-1] in rows:
            raise StoreError(
                f"{cut}, and its pages overlap (a page repeats the last row of the one "
                f"before, at row {len(result.rows):,}); {_RAISE_CAP}"
            )
        result.rows.extend(rows)
    if len(result.rows) != total:
        raise StoreError(
            f"{cut}, and paging gave {len(result.rows):,} of its {total:,} rows; {_RAISE_CAP}"
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
