"""Run SPARQL queries on the embedded Oxigraph engine (or a remote endpoint), sandboxed.

The path of a query: find it (a bundled name, a ``.rq`` file, or query text), check it
(:func:`csrgraph.sparql.policy.check`: read-only, no ``SERVICE``/``FROM``/``LOAD`` unless
``allow_network``, small enough, every prefix declared or known), bind its parameters
(:mod:`csrgraph.sparql.binding`), evaluate it (:mod:`csrgraph.sparql.evaluate`), and hand back
a :class:`~csrgraph.sparql.results.QueryResult` that :mod:`csrgraph.formats` serialises.
rdflib is never imported on this path.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from csrgraph._typing import PathLike
from csrgraph.arguments import (
    as_paths,
    check_count,
    check_flag,
    check_iri,
    check_params,
    check_path,
    check_size,
    check_text,
    check_timeout,
)
from csrgraph.errors import QueryError, UsageError
from csrgraph.namespaces import DCTERMS, OWL, PROV, RDF, RDFS, SCHEMA, SH, SKOS, XSD
from csrgraph.sparql import evaluate
from csrgraph.sparql.lexer import position
from csrgraph.sparql.params import bind_parameters
from csrgraph.sparql.policy import check
from csrgraph.sparql.results import QueryResult

if TYPE_CHECKING:
    from csrgraph.sparql.catalog import Query


#: Prefixes a query may use without declaring them (added to the bundled graph's own).
STANDARD_PREFIXES = {
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "schema": SCHEMA,
    "prov": PROV,
    "dcterms": DCTERMS,
    "sh": SH,
}


def resolve(target: str | Query) -> Query:
    """Find a query: a :class:`Query`, a bundled name, a ``.rq`` file, or query text.

    >>> resolve("ASK { }").name
    '<query>'
    """
    from csrgraph.sparql import catalog

    if isinstance(target, catalog.Query):
        return target
    check_text(target, "target")
    stripped = target.strip()
    if target == "-" or Path(stripped).suffix.lower() in (".rq", ".sparql", ".txt"):
        return catalog.query_from_file(target)
    if re.search(r"[\s{}]", stripped):
        return catalog.query_from_text(target)
    if "/" in stripped or "\\" in stripped:
        return catalog.query_from_file(target)
    return catalog.get_query(stripped)


def run_query(
    target: str | Query,
    params: Mapping[str, str] | None = None,
    lang: str = "en",
    data: Iterable[PathLike] = (),
    timeout: float | None = None,
    allow_network: bool = False,
    endpoint: str | None = None,
    store_dir: PathLike | None = None,
    isolate: bool = False,
    graph: str | None = None,
    auth: str = "auto",
    max_answer: int | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> QueryResult:
    """Run a SPARQL query on the bundled graph (plus ``data``) or on a remote endpoint.

    Args:
        target: a bundled query name (see :func:`csrgraph.list_queries`), a ``.rq`` file
            (``-`` is stdin), query text, or a :class:`csrgraph.sparql.catalog.Query`.
        params: parameter values by name (``authority_iri``; leading ``_`` optional).
        lang: the language for ``?_lang`` when ``params`` does not give it.
        data: extra RDF files added to the bundled graph (not with ``endpoint``); a ``str``
            or path is one file.
        timeout: seconds after which the query is stopped (QueryTimeout); None for no limit.
            Positive, finite, at most :data:`csrgraph.arguments.MAX_TIMEOUT`. With
            ``endpoint``, it bounds the whole answer, all its pages when the store cut it.
        allow_network: allow ``SERVICE`` and ``FROM``/``FROM NAMED``.
        endpoint: a SPARQL endpoint URL to send the query to instead.
        store_dir: an index built by :func:`csrgraph.graph.index.build_index` (``csrgraph
            index``) to query instead of parsing the bundled graph and ``data``.
        isolate: evaluate in a child process without network access even without
            ``timeout`` (the CLI always does: it has a default time limit).
        graph: with ``endpoint``, the graph to query (sent as ``default-graph-uri``).
        auth: with ``endpoint``, how credentials are sent: ``auto``, ``basic``, ``digest``.
        max_answer: with ``endpoint``, the largest answer read, in bytes, all pages
            together (default :data:`csrgraph.store.http.DEFAULT_MAX_ANSWER`, 64 MiB).
        limit: keep at most this many rows of a SELECT answer (None: all); the result's
            ``total`` then says how many rows the whole answer has. Another form with a
            ``limit`` or ``offset`` is a UsageError.
        offset: skip this many rows first (with or without ``limit``). The answer is cut
            as the query ordered it, after the engine gave it; the query text is not changed.

    Raises:
        UsageError: an unknown query name or parameter, or a bad parameter value.
        InputError: a query or data file cannot be read.
        QueryError: the query is malformed, refused, or failed.
        QueryTimeout: the query ran out of time.

    >>> run_query("ASK { ?s ?p ?o }").boolean
    True
    >>> rows = run_query("SELECT ?x WHERE { VALUES ?x { 1 } }").records()
    >>> rows
    [{'x': '1'}]
    >>> page = run_query("SELECT ?x WHERE { VALUES ?x { 1 2 3 } }", limit=1, offset=1)
    >>> page.records(), page.total
    ([{'x': '2'}], 3)

    """
    from csrgraph.graph.load import bundled_prefixes

    timeout = check_timeout(timeout)
    max_answer = check_size(max_answer, "max_answer")
    allow_network = check_flag(allow_network, "allow_network")
    isolate = check_flag(isolate, "isolate")
    params = check_params(params)
    limit = check_count(limit, "limit")
    offset = check_count(offset, "offset") or 0
    lang = check_text(lang, "lang")
    check_text(auth, "auth")
    if endpoint is not None:
        check_text(endpoint, "endpoint")
    if store_dir is not None:
        check_path(store_dir, "store_dir")
    if graph is not None:
        check_iri(graph)
    if endpoint:
        from csrgraph.store.layouts import check_url

        check_url(endpoint)
    query = resolve(target)
    data = as_paths(data)
    if endpoint and data:
        raise UsageError(
            "{data} cannot be used with {endpoint} (the endpoint has its own data)",
            parameter="data",
            other="endpoint",
        )
    if store_dir is not None and (data or endpoint):
        raise UsageError(
            "{store_dir} cannot be used with {data} or {endpoint} (index your files with: "
            "csrgraph index --data FILE... --store-dir DIR)",
            parameter="store_dir",
            other=("data", "endpoint"),
        )
    known = {**STANDARD_PREFIXES, **bundled_prefixes()}
    analysis = check(query.text, allow_network=allow_network, name=query.label, prefixes=known)
    if analysis.form != "SELECT" and (limit is not None or offset):
        raise UsageError(
            f"{{limit}} and {{offset}} page the rows of a SELECT; this query is a "
            f"{analysis.form}, which has no rows to page",
            parameter="limit",
            other="offset",
        )
    missing = [p for p in analysis.undeclared if p not in known]
    if missing:
        prefix = missing[0]
        where = position(query.text, analysis.undeclared[prefix])
        line, column = (int(part) for part in where.split(":"))
        raise QueryError(
            f"{query.label}:{where}: unknown prefix '{prefix}:' "
            f"(declare it with PREFIX {prefix}: <...>)",
            line=line,
            column=column,
            value=prefix,
        )
    prefixes = {p: known[p] for p in analysis.undeclared}
    bindings = bind_parameters(query, params, lang, {**known, **analysis.declared})
    if graph is not None and not endpoint:
        raise UsageError(
            "{graph} needs {endpoint} (the bundled graph has no named graphs)",
            parameter="graph",
            other="endpoint",
        )
    if endpoint:
        from csrgraph.sparql import remote  # requests and the store client, only here

        result = remote.on_endpoint(
            endpoint,
            query.text,
            bindings,
            known,
            analysis.undeclared,
            timeout,
            graph,
            auth,
            max_answer,
        )
    elif timeout is not None or isolate:
        if store_dir is not None:  # its errors keep their exit code, not a child's failure
            from csrgraph.graph.index import check_index

            check_index(store_dir)
        result = evaluate.in_child(
            query.text,
            bindings,
            prefixes,
            data,
            query.label,
            analysis.form,
            timeout,
            store_dir,
            allow_network,
        )
    else:
        result = evaluate.here(
            query.text, bindings, prefixes, data, query.label, store_dir, allow_network
        )
    result.prefixes = {**known, **analysis.declared}
    from csrgraph.sparql.cells import tidy_cells

    return tidy_cells(result.page(limit, offset), query)
