"""List cells in one defined order, whichever engine computed them.

SPARQL leaves the order of ``GROUP_CONCAT``'s items to the engine (a sorted sub-query does
not fix it either: the spec does not carry the order into the group), so a query names its
list columns in a header and the library sorts their items after decoding, on every path
(embedded, endpoint, Python API)::

    #+ list_columns:
    #+   - facts
    #+   - hedges

Items are separated by :data:`SEPARATOR` (so no item may contain it); they are sorted by
code point.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from csrgraph.catalog import Query
    from csrgraph.sparql import QueryResult

#: What separates the items of a list cell (``GROUP_CONCAT(...; separator="; ")``).
SEPARATOR = "; "


def list_columns(query: Query) -> list[str]:
    """Return the columns the query's ``#+ list_columns`` header names (a list or ``a, b``).

    >>> from csrgraph.catalog import query_from_text
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
    if not text:
        return text
    return SEPARATOR.join(sorted(text.split(SEPARATOR)))


def sort_list_cells(result: QueryResult, query: Query) -> QueryResult:
    """Sort the items of every list cell of ``result`` in place; return it.

    A column the header names that the answer lacks is ignored; a cell that is not a literal
    (or is unbound) stays as it is.
    """
    columns = list_columns(query)
    if result.kind != "select" or not columns:
        return result
    indices = [i for i, name in enumerate(result.variables) if name in columns]
    if not indices:
        return result
    import pyoxigraph as ox

    rows = []
    for row in result.rows:
        cells = list(row)
        for i in indices:
            term = cells[i]
            if isinstance(term, ox.Literal) and SEPARATOR in term.value:
                value = sort_items(term.value)
                if term.language:
                    cells[i] = ox.Literal(value, language=term.language)
                else:
                    cells[i] = ox.Literal(value, datatype=term.datatype)
        rows.append(tuple(cells))
    result.rows = rows
    return result
