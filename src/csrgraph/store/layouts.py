"""The stores csrgraph knows: their URL layouts and their quirks, in one place.

Each :class:`Layout` says where a kind of store puts its Graph Store, query and update
endpoints, whether csrgraph's tests run against it, and what it cannot do safely; the load
procedure (:mod:`csrgraph.store.load`) asks the layout before it sends anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from csrgraph.errors import UsageError
from csrgraph.store.redaction import redact


@dataclass(frozen=True)
class Layout:
    """Where one kind of store puts its endpoints, and what it cannot do.

    Paths are relative to the server's base URL (``ds``: a Fuseki dataset, ``ID``: a GraphDB
    repository); ``pattern`` matches the Graph Store path, its groups fill the others.
    ``tested`` says whether the test suite runs against a real server of this kind.
    ``no_default_graph`` is the reason, if any, why a load into the default graph is refused
    (``{graph}`` in it stands for the parameter ``graph``). ``upload_parameters`` go with
    the upload into the temporary graph: on Oxigraph ``no_transaction`` has the server
    write it with its bulk loader instead of one transaction held in memory (atomicity is
    not needed there: the graph is counted, then swapped in by one update).
    """

    name: str
    store: str
    query: str
    update: str
    pattern: str
    tested: bool
    no_default_graph: str = ""
    upload_parameters: tuple[tuple[str, str], ...] = ()


_VIRTUOSO_DEFAULT = (
    "Virtuoso has no separate default graph: it answers queries on the union of all its "
    "graphs (so a count would be wrong) and refuses MOVE to DEFAULT; load into a named "
    "graph with {graph} IRI and query it with {graph} IRI"
)

#: The layouts csrgraph knows, tried in this order.
LAYOUTS: tuple[Layout, ...] = (
    Layout("Oxigraph", "/store", "/query", "/update", r"/store", tested=True,
           upload_parameters=(("no_transaction", ""),)),
    Layout("Fuseki", "/{ds}/data", "/{ds}/query", "/{ds}/update", r"/(?P<ds>[^/]+)/data",
           tested=False),
    Layout("GraphDB", "/repositories/{id}/rdf-graphs/service", "/repositories/{id}",
           "/repositories/{id}/statements", r"/repositories/(?P<id>[^/]+)/rdf-graphs/service",
           tested=False),
    Layout("Virtuoso", "/sparql-graph-crud-auth", "/sparql", "/sparql-auth",
           r"/sparql-graph-crud-auth", tested=True, no_default_graph=_VIRTUOSO_DEFAULT),
    Layout("Virtuoso (no authentication)", "/sparql-graph-crud", "/sparql", "/sparql",
           r"/sparql-graph-crud", tested=False, no_default_graph=_VIRTUOSO_DEFAULT),
)  # fmt: skip


#: What to do about a store's known refusals: (pattern of its message, advice).
SERVER_ADVICE: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"estimated execution time \d+ \(sec\) exceeds the limit", re.IGNORECASE),
        "this is Virtuoso's cost estimate, not the run time (on a small store it can be off by "
        "orders of magnitude); set MaxQueryCostEstimationTime = 0 in the [SPARQL] section of "
        "virtuoso.ini (MaxQueryExecutionTime still bounds the run)",
    ),
)


def advice_for(message: str) -> str:
    """Return advice on a store's known refusal, or ``""``.

    >>> advice_for("Virtuoso 42000 Error The estimated execution time 3712 (sec) exceeds "
    ...            "the limit of 400 (sec).").startswith("this is Virtuoso's cost estimate")
    True
    """
    return next((advice for pattern, advice in SERVER_ADVICE if pattern.search(message)), "")


def layouts_hint() -> str:
    """Return the known URL layouts as one line, for error messages and help texts.

    >>> "Oxigraph" in layouts_hint()
    True
    """
    parts = [
        f"{layout.name} {layout.store.format(ds='ds', id='ID')}, "
        f"{layout.query.format(ds='ds', id='ID')}, {layout.update.format(ds='ds', id='ID')}"
        for layout in LAYOUTS[:4]
    ]
    return "known layouts (Graph Store, query, update endpoint): " + "; ".join(parts)


@dataclass(frozen=True)
class Endpoints:
    """The three URLs of one store: Graph Store protocol, SPARQL query, SPARQL update.

    ``layout`` is the known layout the Graph Store URL matched, if any.
    """

    store: str
    query: str
    update: str
    layout: Layout | None = field(default=None, compare=False)


def check_url(url: object) -> None:
    """Refuse what is not an http(s) URL with a usable host (UsageError, the URL redacted).

    >>> check_url("http://a..b/")
    Traceback (most recent call last):
    ...
    csrgraph.errors.UsageError: not a usable URL: 'http://a..b/'
    """
    if not isinstance(url, str):
        raise UsageError(f"not a URL: {type(url).__name__}", value=type(url).__name__)
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise UsageError(f"not a usable URL: {redact(url)!r}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"not an http(s) URL: {redact(url)!r}")
    if not _usable_host(parts.hostname):
        raise UsageError(f"not a usable URL: {redact(url)!r}")


def _usable_host(host: str) -> bool:
    """Whether ``host`` is an IP address or a name of non-empty labels of 1-63 characters."""
    import ipaddress

    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    labels = host[:-1].split(".") if host.endswith(".") else host.split(".")
    return len(host) <= 253 and all(
        0 < len(label) <= 63 and not re.search(r"[\x00-\x20/\\%@<>\x7f]", label) for label in labels
    )


def endpoints_for(store: str, *, query: str | None = None, update: str | None = None) -> Endpoints:
    """Return the endpoints of the store whose Graph Store endpoint is ``store``.

    The query and update endpoints are taken from ``query`` and ``update`` when given, else
    derived from ``store`` for the layouts of :data:`LAYOUTS`.

    Raises:
        UsageError: ``store`` is not an http(s) URL, or its layout is unknown and an
            endpoint was not given.

    >>> endpoints_for("https://db.example/repositories/esco/rdf-graphs/service").update
    'https://db.example/repositories/esco/statements'
    >>> endpoints_for("http://localhost:3030/ds/data").query
    'http://localhost:3030/ds/query'
    >>> endpoints_for("http://127.0.0.1:8890/sparql-graph-crud-auth").layout.name
    'Virtuoso'

    """
    for url in (store, query, update):
        if url is not None:
            check_url(url)
    parts = urlsplit(store)
    path = parts.path.rstrip("/")
    found: Layout | None = None
    derived_query = derived_update = None
    for layout in LAYOUTS:
        match = re.fullmatch(f"(?P<prefix>.*){layout.pattern}", path)
        if match:
            groups = match.groupdict()
            prefix = groups.pop("prefix")

            def rebuild(suffix: str, groups: dict[str, str] = groups, prefix: str = prefix) -> str:
                return urlunsplit(parts._replace(path=prefix + suffix.format(**groups)))

            found = layout
            derived_query, derived_update = rebuild(layout.query), rebuild(layout.update)
            break
    query = query or derived_query
    update = update or derived_update
    if query is None or update is None:
        raise UsageError(
            f"cannot tell the query and update endpoints from {{store}} {redact(store)}: "
            f"give {{query}} and {{update}}; {layouts_hint()}",
            parameter="store",
            other=("query", "update"),
            value=redact(store),
        )
    return Endpoints(store=store, query=query, update=update, layout=found)
