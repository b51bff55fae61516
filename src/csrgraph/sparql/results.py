"""A query's answer, as the engine gives it and as it crosses from the evaluation child."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, overload

from csrgraph.errors import QueryError

if TYPE_CHECKING:
    from csrgraph.sparql.typed import Value


@dataclass
class QueryResult:
    """The answer to a query: rows (SELECT), a boolean (ASK) or triples (CONSTRUCT/DESCRIBE).

    Terms are pyoxigraph terms; an unbound cell is ``None``.
    """

    kind: str  # "select", "ask" or "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Any] = field(default_factory=list)
    prefixes: dict[str, str] = field(default_factory=dict)
    #: How many rows the whole answer has when these are one page of it (None: all of them).
    total: int | None = None
    #: The 0-based index of the first row of this page within the whole answer.
    offset: int = 0

    def page(self, limit: int | None, offset: int = 0) -> QueryResult:
        """Keep rows ``offset`` to ``offset + limit`` (SELECT only); return ``self``.

        The answer is sliced as the engine ordered it, so a user's own ``LIMIT``, ``OFFSET``
        or ``ORDER BY`` is never rewritten; :attr:`total` keeps the count of the whole answer.

        >>> result = QueryResult("select", ["n"], [(i,) for i in range(5)]).page(2, 1)
        >>> result.rows, result.total, result.offset
        ([(1,), (2,)], 5, 1)
        >>> QueryResult("select", ["n"], [(0,)]).page(10).total is None
        True
        """
        if self.kind != "select" or (limit is None and not offset):
            return self
        end = None if limit is None else offset + limit
        if offset == 0 and (end is None or end >= len(self.rows)):
            return self
        self.total = len(self.rows)
        self.rows = self.rows[offset:end]
        self.offset = offset
        return self

    def __len__(self) -> int:
        """Return the number of rows, triples, or 1 for an ASK."""
        if self.kind == "ask":
            return 1
        return len(self.rows) if self.kind == "select" else len(self.triples)

    def fallbacks(self, lang: str) -> dict[str, list[str]]:
        """Return label column -> the other languages its labels are in, where it fell back.

        A column ``X_lang`` says the language of the label in column ``X`` (the bundled
        queries have one beside each imported label); a label not in ``lang`` is a fallback.

        >>> import pyoxigraph as ox
        >>> QueryResult("select", ["t", "t_lang"], [(None, ox.Literal("en"))]).fallbacks("fr")
        {'t': ['en']}
        """
        found: dict[str, list[str]] = {}
        for index, var in enumerate(self.variables):
            if not var.endswith("_lang") or self.kind != "select":
                continue
            used = {row[index].value for row in self.rows if row[index] is not None}
            others = sorted(u for u in used if u and u != lang)
            if others:
                found[var.removesuffix("_lang")] = others
        return found

    @overload
    def records(self, typed: Literal[False] = False) -> list[dict[str, str | None]]: ...
    @overload
    def records(self, typed: Literal[True]) -> list[dict[str, Value]]: ...
    def records(self, typed: bool = False) -> list[dict[str, str | None]] | list[dict[str, Value]]:
        """Return the rows as dicts: plain strings, or with ``typed`` Python values by datatype.

        Plain: IRI text and literals' lexical forms. Typed: ``xsd:decimal`` a ``Decimal``,
        ``xsd:integer`` an ``int``, ``xsd:date`` a ``date``... (the rules:
        :mod:`csrgraph.sparql.typed`). An unbound cell is ``None`` either way.

        >>> QueryResult("select", ["n"], [(None,)]).records()
        [{'n': None}]
        >>> import pyoxigraph as ox
        >>> one = ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#int"))
        >>> QueryResult("select", ["n"], [(one,)]).records(typed=True)
        [{'n': 1}]
        """
        if typed:
            from csrgraph.sparql.typed import typed_rows

            return typed_rows(self.variables, self.rows)
        return [
            {
                var: (None if term is None else term.value)
                for var, term in zip(self.variables, row, strict=True)
            }
            for row in self.rows
        ]

    def to_dataframe(self) -> Any:
        """Return the rows as a ``pandas.DataFrame``, a dtype per column by the cells' datatypes.

        Integers ``Int64``, doubles ``float64``, booleans ``boolean``, dates ``datetime64``,
        strings and IRIs ``string``, decimals ``object`` (exact ``Decimal`` values); see
        :mod:`csrgraph.sparql.typed`. Needs pandas (``pip install 'csrgraph[pandas]'``).

        Raises:
            UsageError: pandas is not installed.

        >>> import pyoxigraph as ox
        >>> yes = ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
        >>> QueryResult("select", ["ok"], [(yes,), (None,)]).to_dataframe()["ok"].dtype
        BooleanDtype

        """
        from csrgraph.sparql.typed import dataframe

        return dataframe(self.variables, self.rows)


def result_from_engine(answer: Any, prefixes: dict[str, str]) -> QueryResult:
    """Materialise what pyoxigraph returned (solutions, boolean or triples)."""
    import pyoxigraph as ox

    if isinstance(answer, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(answer), prefixes=prefixes)
    if isinstance(answer, ox.QuerySolutions):
        variables = [v.value for v in answer.variables]
        rows = [tuple(solution[v] for v in variables) for solution in answer]
        return QueryResult("select", variables=variables, rows=rows, prefixes=prefixes)
    return QueryResult("graph", triples=list(answer), prefixes=prefixes)


#: How many expected tokens a syntax error names before it says how many more there are.
_EXPECTED_SHOWN = 6
_EXPECTED_ITEM = r'"(?:[^"\\]|\\.)*"|\[(?:\'[^\']*\'|[^\]\'])*\]|[^\s,]+'


def one_line(message: str, limit: int = 240) -> str:
    r"""Fold a message onto one line (runs of whitespace become one space), at most ``limit`` long.

    >>> one_line("expected one of\n  A,\n  B")
    'expected one of A, B'
    >>> len(one_line("x" * 500))
    240
    """
    text = " ".join(message.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def shorten_expected(message: str) -> str:
    r"""Shorten the parser's list of expected tokens to a few, dropping character classes.

    Oxigraph lists every token that could follow, character ranges included, over several
    lines; a user needs the first few.

    >>> shorten_expected("expected one of A, B, ['0'..='9'], [_], C, D, E, F, G")
    'expected one of A, B, C, D, E, F (or 1 more)'
    >>> shorten_expected("expected OPTIONAL")
    'expected OPTIONAL'
    """
    text = one_line(message, limit=100_000)
    head = "expected one of "
    if not text.startswith(head):
        return one_line(text)
    items = re.findall(_EXPECTED_ITEM, text[len(head) :])
    tokens = [item for item in items if not item.startswith("[")]  # character ranges
    if not tokens:
        return "unexpected input here"
    shown = ", ".join(tokens[:_EXPECTED_SHOWN])
    more = len(tokens) - _EXPECTED_SHOWN
    return one_line(head + shown + (f" (or {more} more)" if more > 0 else ""))


def _syntax_error(err: BaseException, name: str) -> QueryError:
    """Turn pyoxigraph's ``error at L:C: ...`` into one line ``name:L:C: malformed SPARQL: ...``.

    The parser's message can span lines and list every possible next token with Unicode
    ranges; the error keeps the position and the first few expected tokens.
    """
    text = str(err.args[0]) if err.args else str(err)
    match = re.match(r"error at (\d+:\d+): (.*)", text, re.DOTALL)
    if match:
        detail = shorten_expected(match.group(2))
        return QueryError(f"{name}:{match.group(1)}: malformed SPARQL: {detail}")
    return QueryError(f"{name}: malformed SPARQL: {shorten_expected(text)}")


def _encode_term(term: Any) -> str | None:
    """Serialise a term to its N-Triples text (picklable, engine-written)."""
    return None if term is None else str(term)


def _decode_term(text: str | None) -> Any:
    """Parse an N-Triples term back into a pyoxigraph term."""
    if text is None:
        return None
    import pyoxigraph as ox

    quad = next(iter(ox.parse(f"<x:s> <x:p> {text} .", ox.RdfFormat.N_TRIPLES)))
    return quad.object


def _encode_result(result: QueryResult) -> bytes:
    """Serialise a result with pyoxigraph's own serialisers (SPARQL JSON or N-Triples)."""
    import io
    import json

    import pyoxigraph as ox

    if result.kind == "graph":
        buffer = io.BytesIO()
        ox.serialize(result.triples, buffer, format=ox.RdfFormat.N_TRIPLES)
        return buffer.getvalue()
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean}).encode()
    rows = [[_encode_term(t) for t in row] for row in result.rows]
    return json.dumps({"variables": result.variables, "rows": rows}).encode()


def _decode_result(
    kind: str, payload: bytes, prefixes: dict[str, str], deadline: float | None = None
) -> QueryResult | None:
    """Inverse of :func:`_encode_result`; None when ``deadline`` (monotonic) passes first."""
    import json
    import time

    import pyoxigraph as ox

    def late() -> bool:
        return deadline is not None and time.monotonic() > deadline

    if kind == "graph":
        triples = []
        for index, quad in enumerate(ox.parse(payload, ox.RdfFormat.N_TRIPLES)):
            if index % 1000 == 0 and late():
                return None
            triples.append(quad.triple)
        return QueryResult("graph", triples=triples, prefixes=prefixes)
    data = json.loads(payload)
    if kind == "ask":
        return QueryResult("ask", boolean=bool(data["boolean"]), prefixes=prefixes)
    rows = []
    for index, row in enumerate(data["rows"]):
        if index % 1000 == 0 and late():
            return None
        rows.append(tuple(_decode_term(t) for t in row))
    return QueryResult("select", variables=data["variables"], rows=rows, prefixes=prefixes)
