"""Answers a store cut short or could not sort: the query texts that page them, and the sort.

Two limits of real stores make an endpoint's answer differ from the embedded engine's:

* a row cap: Virtuoso returns at most ``ResultSetMaxRows`` rows (10,000 by default), says so
  only in its ``X-SPARQL-MaxRows`` header, and refuses an ``ORDER BY`` with ``OFFSET`` beyond
  the cap (``SR353``). The rest is fetched in pages of the cap, each the whole query as a
  sub-query (:func:`page_query`): the store sorts the sub-query completely, and only the outer
  ``OFFSET``/``LIMIT`` moves. Pages line up when the query orders its rows completely (every
  bundled query does); the total is checked against a count (:func:`count_query`).
* a row length: Virtuoso cannot sort rows longer than its row limit (``SR319: Max row length
  is exceeded``, ``SR478: Value of ANY type column too long``), which a long ``GROUP_CONCAT``
  list cell reaches. The query is then sent without its ``ORDER BY`` (:func:`without_order`)
  and the rows are sorted here, by the same clause, on an embedded Oxigraph store
  (:func:`sort_rows`), so the order is SPARQL's, not an imitation of it.

The rewriting works on the query's tokens (:mod:`csrgraph.sparql.lexer`), never by pattern.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from csrgraph.sparql.lexer import Token, tokenize

_FORMS = frozenset({"SELECT", "CONSTRUCT", "ASK", "DESCRIBE"})
#: What Virtuoso says when a row is too long to sort (see the module's text).
ROW_TOO_LONG = ("SR319", "SR478")
#: The variable the sort carries each row's position in (not a name a query can project).
_POSITION = "csrgraph_row_position"


def _top_level(tokens: list[Token]) -> list[tuple[int, Token]]:
    """Return the tokens outside every brace and parenthesis, with their index."""
    depth = 0
    found = []
    for index, token in enumerate(tokens):
        if token.kind == "lbrace" or token.text == "(":
            depth += 1
        elif token.kind == "rbrace" or token.text == ")":
            depth -= 1
        elif depth == 0:
            found.append((index, token))
    return found


def orders_rows(text: str) -> bool:
    """Say whether a query orders its rows: an ``ORDER BY`` outside every brace.

    Only such an answer can be paged: without an order, the store may give each page's rows
    from a different sequence, and the pages then overlap or leave rows out.

    >>> orders_rows("SELECT ?s { { SELECT ?s { ?s ?p ?o } ORDER BY ?s } }")
    False
    >>> orders_rows("SELECT ?s { ?s ?p ?o } ORDER BY ?s")
    True
    """
    words = [t.text.upper() for _, t in _top_level(tokenize(text)) if t.kind == "word"]
    return any(word == "ORDER" and after == "BY" for word, after in pairwise(words))


def is_distinct(text: str) -> bool:
    """Say whether a SELECT keeps only distinct rows (``SELECT DISTINCT`` at the top).

    >>> is_distinct("PREFIX a: <urn:a#> SELECT DISTINCT ?s { ?s ?p ?o }")
    True
    >>> is_distinct("SELECT ?s { { SELECT DISTINCT ?s { ?s ?p ?o } } }")
    False
    """
    words = [t.text.upper() for _, t in _top_level(tokenize(text)) if t.kind == "word"]
    for word, after in pairwise(words):
        if word == "SELECT":
            return after == "DISTINCT"
    return False


def split_prologue(text: str) -> tuple[str, str]:
    """Split a query into its prologue (``PREFIX``, ``BASE``) and the query itself.

    >>> split_prologue("PREFIX a: <urn:a#>\\nSELECT * { ?s ?p ?o }")
    ('PREFIX a: <urn:a#>\\n', 'SELECT * { ?s ?p ?o }')
    """
    for token in tokenize(text):
        if token.kind == "word" and token.text.upper() in _FORMS:
            return text[: token.start], text[token.start :]
    return "", text


def page_query(text: str, offset: int, limit: int) -> str:
    """Return the query that asks for rows ``offset`` to ``offset + limit`` of a SELECT.

    >>> page_query("SELECT ?s { ?s ?p ?o } ORDER BY ?s", 10, 5)
    'SELECT * WHERE { {\\nSELECT ?s { ?s ?p ?o } ORDER BY ?s\\n} } OFFSET 10 LIMIT 5'
    """
    prologue, query = split_prologue(text)
    return f"{prologue}SELECT * WHERE {{ {{\n{query}\n}} }} OFFSET {offset} LIMIT {limit}"


def count_query(text: str) -> str:
    """Return the query that counts the rows of a SELECT (into ``?n``).

    >>> count_query("SELECT ?s { ?s ?p ?o }")
    'SELECT (COUNT(*) AS ?n) WHERE { {\\nSELECT ?s { ?s ?p ?o }\\n} }'
    """
    prologue, query = split_prologue(text)
    return f"{prologue}SELECT (COUNT(*) AS ?n) WHERE {{ {{\n{query}\n}} }}"


@dataclass(frozen=True)
class Unordered:
    """A query without its final ``ORDER BY``, the clause, and the variables it reads."""

    text: str
    order: str
    variables: frozenset[str]


def without_order(text: str) -> Unordered | None:
    """Take the final ``ORDER BY`` off a query; ``None`` if it has none or ``LIMIT``/``OFFSET``.

    With a ``LIMIT`` or ``OFFSET`` the store must sort to choose the rows, so the sort cannot
    move out of the store.

    >>> found = without_order("SELECT ?a ?b { ?a ?p ?b } ORDER BY DESC(?a) ?b")
    >>> found.text, found.order, sorted(found.variables)
    ('SELECT ?a ?b { ?a ?p ?b } ', 'ORDER BY DESC(?a) ?b', ['a', 'b'])
    >>> without_order("SELECT ?a { ?a ?p ?b } ORDER BY ?a LIMIT 3") is None
    True
    """
    tokens = tokenize(text)
    top = _top_level(tokens)
    words = [(i, t.text.upper()) for i, t in top if t.kind == "word"]
    if any(word in ("LIMIT", "OFFSET") for _, word in words):
        return None
    starts = [i for (i, word), (_, after) in pairwise(words) if word == "ORDER" and after == "BY"]
    if not starts:
        return None
    start = starts[-1]
    ends = [i for i, word in words if i > start and word == "VALUES"]
    end = ends[0] if ends else len(tokens)
    begin = tokens[start].start
    finish = tokens[end].start if end < len(tokens) else len(text)
    clause = text[begin:finish].rstrip()
    variables = frozenset(t.text[1:] for t in tokens[start:end] if t.kind == "var")
    return Unordered(text[:begin] + text[finish:], clause, variables)


def sort_rows(
    variables: list[str], rows: list[tuple[Any, ...]], order: Unordered
) -> list[tuple[Any, ...]] | None:
    """Return ``rows`` sorted by ``order``'s clause, on an embedded Oxigraph store.

    ``None`` when that cannot be done the store's way: the clause reads a variable the rows
    lack, or a key cell is a blank node (a ``VALUES`` block cannot carry one).

    >>> import pyoxigraph as ox
    >>> rows = [(ox.Literal("b"),), (ox.Literal("a"),), (None,)]
    >>> order = without_order("SELECT ?x {} ORDER BY DESC(?x)")
    >>> [r[0] and r[0].value for r in sort_rows(["x"], rows, order)]
    ['b', 'a', None]
    """
    import pyoxigraph as ox

    from csrgraph.sparql import engine

    if not order.variables <= set(variables):
        return None
    keys = sorted(order.variables)
    columns = [variables.index(key) for key in keys]
    lines = []
    for position, row in enumerate(rows):
        cells = [row[c] for c in columns]
        if any(isinstance(cell, ox.BlankNode) for cell in cells):
            return None
        text = " ".join("UNDEF" if cell is None else str(cell) for cell in cells)
        lines.append(f"({position} {text})")
    names = " ".join(f"?{key}" for key in [_POSITION, *keys])
    query = (
        f"SELECT ?{_POSITION} {{ VALUES ({names}) {{\n{chr(10).join(lines)}\n}} }} {order.order}"
    )
    answer = engine.evaluate(ox.Store(), query)
    return [rows[int(solution[_POSITION].value)] for solution in answer]
