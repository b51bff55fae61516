"""Answer cells in one defined form, whichever engine computed them.

SPARQL leaves the order of ``GROUP_CONCAT``'s items to the engine (a sorted sub-query does
not fix it either: the spec does not carry an order into a group), and engines disagree on a
group whose values are all unbound (rdflib gives ``""``, Oxigraph leaves the cell unbound).
So a query names its list columns in a header, and the library puts their cells in one form
after decoding, on every path (embedded, endpoint, Python API)::

    #+ list_columns:
    #+   - facts
    #+   - hedges

A list cell's items are separated by :data:`SEPARATOR` (so no item may contain it) and
sorted by code point; an empty or unbound list is ``""``. Booleans come in their canonical
lexical form everywhere (Virtuoso writes ``"1"^^xsd:boolean``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from csrgraph.namespaces import XSD

if TYPE_CHECKING:
    from csrgraph.sparql.catalog import Query
    from csrgraph.sparql.results import QueryResult

#: What separates the items of a list cell (``GROUP_CONCAT(...; separator="; ")``).
SEPARATOR = "; "
_BOOLEAN = XSD + "boolean"


def list_columns(query: Query) -> list[str]:
    """Return the columns the query's ``#+ list_columns`` header names (a list or ``a, b``).

    >>> from csrgraph.sparql.catalog import query_from_text
    >>> list_columns(query_from_text("#+ list_columns: facts, hedges\\nSELECT * {}"))
    ['facts', 'hedges']
    """
    raw: Any = query.header.get("list_columns")
    if isinstance(raw, str):
        raw = raw.replace(",", " ").split()
    if not isinstance(raw, list):
        return []
    return [str(item).lstrip("?") for item in raw if isinstance(item, str) and item.strip()]


def sort_items(text: str) -> str:
    """Return a list cell's items sorted (repeats stay: ``DISTINCT`` is the query's choice).

    >>> sort_items("F31; F30")
    'F30; F31'
    """
    return SEPARATOR.join(sorted(text.split(SEPARATOR))) if text else text


def tidy_cells(result: QueryResult, query: Query) -> QueryResult:
    """Put list cells (sorted, ``""`` when empty) and booleans in one form; return ``result``.

    A column the header names that the answer lacks is ignored; a list cell that is an IRI
    stays as it is.
    """
    if result.kind != "select":
        return result
    import pyoxigraph as ox

    columns = list_columns(query)
    lists = {i for i, name in enumerate(result.variables) if name in columns}
    rows = []
    for row in result.rows:
        cells = list(row)
        for i, term in enumerate(cells):
            if i in lists:
                cells[i] = _list_cell(term)
            elif isinstance(term, ox.Literal) and term.datatype.value == _BOOLEAN:
                canonical = {"1": "true", "0": "false"}.get(term.value)
                if canonical is not None:
                    cells[i] = ox.Literal(canonical, datatype=term.datatype)
        rows.append(tuple(cells))
    result.rows = rows
    return result


def _list_cell(term: Any) -> Any:
    import pyoxigraph as ox

    if term is None:
        return ox.Literal("")
    if not isinstance(term, ox.Literal) or SEPARATOR not in term.value:
        return term
    if term.language:
        return ox.Literal(sort_items(term.value), language=term.language)
    return ox.Literal(sort_items(term.value), datatype=term.datatype)
