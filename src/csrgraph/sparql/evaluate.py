"""Evaluate a checked query on the embedded engine: here, or in a sandboxed child.

A remote endpoint is :mod:`csrgraph.sparql.remote`'s.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from csrgraph._typing import PathLike
from csrgraph.errors import QueryError, QueryTimeout, StoreError
from csrgraph.sparql import child, engine
from csrgraph.sparql.binding import inject_values, plan_binding
from csrgraph.sparql.lexer import tokenize
from csrgraph.sparql.results import (
    QueryResult,
    _decode_result,
    _decode_term,
    _encode_result,
    _encode_term,
    _syntax_error,
    one_line,
    result_from_engine,
)

if TYPE_CHECKING:
    import pyoxigraph


def here(
    text: str,
    bindings: dict[str, Any],
    prefixes: dict[str, str],
    data: list[PathLike],
    name: str,
    store_dir: PathLike | None = None,
    allow_network: bool = False,
) -> QueryResult:
    """Load the store (or open the index at ``store_dir``) and run the query in this process.

    Unless ``allow_network``, the dataset is fixed to the store's default graph and its
    named graphs, so a ``FROM``/``FROM NAMED`` the check missed could not change it.
    """
    import pyoxigraph as ox

    if store_dir is not None:
        from csrgraph.graph.index import open_index

        store = open_index(store_dir)
    else:
        from csrgraph.graph.load import load_store

        store = load_store(data)
    dataset: dict[str, Any] = {}
    if not allow_network:
        dataset = {"default_graph": ox.DefaultGraph(), "named_graphs": list(store.named_graphs())}
    return on_store(store, text, bindings, prefixes, name, **dataset)


def on_store(
    store: pyoxigraph.Store,
    text: str,
    bindings: dict[str, Any] | None = None,
    prefixes: dict[str, str] | None = None,
    name: str = "<query>",
    **dataset: Any,
) -> QueryResult:
    """Run ``text`` on an open store, parameters bound by the engine, errors as one line.

    The one way csrgraph's own modules (``explain``, ``info``) ask a store a question, and
    the last step of :func:`here`.

    >>> import pyoxigraph as ox
    >>> on_store(ox.Store(), "SELECT ?x { }", {"x": ox.Literal("1")}).rows
    [(<Literal value=1 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>,)]
    """
    import pyoxigraph as ox

    bindings = bindings or {}
    prefixes = prefixes or {}
    plan = plan_binding(text, bindings)
    try:
        try:
            answer = engine.evaluate(
                store,
                plan.text,
                prefixes=prefixes,
                substitutions={ox.Variable(k): v for k, v in plan.substitutions.items()} or None,
                **dataset,
            )
        except SyntaxError:
            if plan.text == text:
                raise
            # The query is malformed, or a term stands where the grammar wants a variable
            # (a literal as a predicate, say): nothing was evaluated yet, so bind as before,
            # the original text first (its errors name its own lines and columns).
            answer = _evaluate_unplanned(store, text, bindings, prefixes, dataset)
        return result_from_engine(answer, prefixes)
    except SyntaxError as err:
        raise _syntax_error(err, name) from None
    except (OSError, RuntimeError, ValueError, TypeError) as err:
        if isinstance(err, OSError) and _UNREACHABLE.search(str(err)):
            raise _unreachable_service(text, bindings, name, err) from None
        raise QueryError(f"{name}: query failed: {one_line(str(err))}") from None


_evaluate = here  # the name tests and older callers use


#: How the engine says a SERVICE endpoint could not be reached (refused, unknown host, no
#: route, timed out): the server cannot be read, exit code 2, like ``--endpoint``.
_UNREACHABLE = re.compile(
    r"connection (?:refused|reset|aborted|closed)|failed to lookup address|"
    r"name or service not known|temporary failure in name resolution|"
    r"nodename nor servname|no address associated|network is unreachable|"
    r"no route to host|host is unreachable|timed out|timeout|os error (?:101|110|111|113)\b",
    re.IGNORECASE,
)


def service_endpoints(text: str, bindings: Mapping[str, Any]) -> list[str]:
    """Return the endpoints the ``SERVICE`` clauses of ``text`` name, once each, in order.

    A variable is looked up in ``bindings`` (a parameter such as ``?_endpoint_iri``); one
    that is not bound is left out.

    >>> service_endpoints("SELECT * { SERVICE SILENT <http://a/q> { ?s ?p ?o } "
    ...                   "SERVICE ?_e { ?s ?p ?o } }", {"_e": "<http://b/q>"})
    ['http://a/q', 'http://b/q']
    """
    tokens = tokenize(text)
    found: list[str] = []
    for index, token in enumerate(tokens):
        if token.kind != "word" or token.text.upper() != "SERVICE":
            continue
        target = tokens[index + 1] if index + 1 < len(tokens) else None
        if target is not None and target.text.upper() == "SILENT":
            target = tokens[index + 2] if index + 2 < len(tokens) else None
        if target is None:
            continue
        if target.kind == "iri":
            endpoint = target.text[1:-1]
        elif target.kind == "var":
            bound = bindings.get(target.text[1:])
            if bound is None:
                continue
            endpoint = str(getattr(bound, "value", bound)).strip("<>")
        else:
            endpoint = target.text
        if endpoint not in found:
            found.append(endpoint)
    return found


def _unreachable_service(
    text: str, bindings: Mapping[str, Any], name: str, err: OSError
) -> StoreError:
    """Return the error for a SERVICE endpoint that could not be reached, naming it."""
    from csrgraph.store import redact

    endpoints = [redact(e) for e in service_endpoints(text, bindings)]
    if len(endpoints) == 1:
        where = f"the SERVICE endpoint {endpoints[0]}"
    elif endpoints:
        where = f"a SERVICE endpoint (one of {', '.join(endpoints)})"
    else:
        where = "a SERVICE endpoint"
    failure = StoreError(f"{name}: {where} cannot be reached ({one_line(str(err))})")
    failure.may_have_written = False
    return failure


def _evaluate_unplanned(
    store: pyoxigraph.Store,
    text: str,
    bindings: dict[str, Any],
    prefixes: dict[str, str],
    dataset: dict[str, Any] | None = None,
) -> Any:
    """Evaluate with substitutions, or VALUES blocks for the ones the engine refuses."""
    import pyoxigraph as ox

    dataset = dataset or {}
    substitutions = {ox.Variable(var): term for var, term in bindings.items()}
    try:
        return engine.evaluate(
            store, text, prefixes=prefixes, substitutions=substitutions or None, **dataset
        )
    except RuntimeError as err:
        if "does not contain" not in str(err):
            raise
    return engine.evaluate(store, inject_values(text, bindings), prefixes=prefixes, **dataset)


def _query_task(args: tuple[Any, ...]) -> bytes:  # pragma: no cover - in the child
    """Evaluate in the child (:mod:`csrgraph.sparql.child`) and encode the answer."""
    return _encode_result(here(*_decode_args(args)))


def _decode_args(args: tuple[Any, ...]) -> tuple[Any, ...]:
    """Rebuild the bindings of :func:`here`'s arguments in the child."""
    text, bindings, prefixes, data, name, store_dir, allow_network = args
    decoded = {k: _decode_term(v) for k, v in bindings.items()}
    return text, decoded, prefixes, data, name, store_dir, allow_network


def in_child(
    text: str,
    bindings: dict[str, Any],
    prefixes: dict[str, str],
    data: list[PathLike],
    name: str,
    form: str,
    timeout: float | None,
    store_dir: PathLike | None = None,
    allow_network: bool = False,
) -> QueryResult:
    """Evaluate in a sandboxed child process and kill it when the time is up.

    A thread cannot be stopped while the engine works in native code (an aggregate over a
    cross product returns no row until it is done), so the query runs in a process that is
    killed on timeout, taking its memory with it. The time limit covers loading the data,
    evaluating, and decoding the answer here; a crash of the engine in the child (a stack
    overflow, say) becomes a :class:`QueryError`.
    """
    import time

    from csrgraph.graph.reading import streams_read_here

    deadline = None if timeout is None else time.monotonic() + timeout
    encoded = {k: _encode_term(v) for k, v in bindings.items()}
    arguments = (
        text,
        encoded,
        prefixes,
        [str(p) for p in data],
        name,
        None if store_dir is None else str(store_dir),
        allow_network,
    )
    expired = QueryTimeout(f"{name}: query stopped after the time limit of {timeout or 0:g} s")
    # read here, once (a spawned child has no stdin), within the time limit
    with streams_read_here(data, deadline):
        payload = child.run(
            functools.partial(_query_task, arguments),
            deadline=deadline,
            expired=expired,
            name=name,
            allow_network=allow_network,
        )
    kind = {"ASK": "ask", "SELECT": "select"}.get(form, "graph")
    result = _decode_result(kind, payload, prefixes, deadline)
    if result is None:
        raise expired
    return result


_evaluate_with_timeout = in_child
