"""Bind a query's parameters for the engine.

Parameters are bound by the engine, never pasted into the query as text. How each one is
bound is decided once, from the query's tokens, before the engine sees it
(:func:`plan_binding`), so a query is evaluated once:

* a variable of the outer ``SELECT`` projection through pyoxigraph's ``substitutions``
  (SEP-0007): the engine puts the value in place of the variable everywhere and reports it
  in every solution. pyoxigraph accepts a substitution only for a projected variable.
* any other parameter (the usual ``?_lang``, used only in ``FILTER`` expressions) is given
  the value the same way the engine's substitution would, by putting the term in place of
  each use of the variable: the term is written by pyoxigraph's own term serialiser, as one
  token, so no value can break out of its place (no ``\\u`` pass runs over the text once a
  term is in it, so its escapes reach the engine as written), and ``BOUND(?_x)`` becomes
  ``true``. This costs the engine nothing, unlike a join with a ``VALUES`` block in every
  group. Under ``SELECT *`` a one-row ``VALUES`` block in the outer group keeps the
  parameter in the answer.
* a parameter in a place where only a variable may stand (a ``BIND``/``AS`` target, a
  ``VALUES`` header, a sub-select's projection, a bare ``GROUP BY``/``ORDER BY`` key) is
  bound as it is for a remote endpoint: with a one-row ``VALUES`` block put first in every
  group of the query (the WHERE group, nested, OPTIONAL, UNION and sub-SELECT groups; not a
  MINUS group, a CONSTRUCT template, a VALUES block, or a group that SERVICE sends to
  another endpoint). Groups are evaluated bottom-up, so a block in the outer group alone
  would leave a ``FILTER`` in a nested OPTIONAL blind to the value. A ``SERVICE
  ?_endpoint_iri`` variable (a VarOrIri position) takes the IRI itself, since the endpoint
  must be known before its group runs.

Either way a solution holds the parameter's value where a substitution would put it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from csrgraph.errors import QueryError
from csrgraph.sparql.lexer import Token, tokenize

if TYPE_CHECKING:
    pass

_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def _next_word(tokens: list[Token], index: int) -> str:
    """Return the upper-cased text of the token after ``index`` (or "")."""
    return tokens[index + 1].text.upper() if index + 1 < len(tokens) else ""


def values_insertion_points(text: str) -> list[int]:
    """Return the offsets just inside each group graph pattern that may take a ``VALUES``.

    Every ``{`` opens such a group except a CONSTRUCT template (and the ``CONSTRUCT WHERE``
    short form, whose group is its template), a VALUES data block, the braces around a
    sub-SELECT (its own WHERE group takes the block) and a MINUS group (a shared parameter
    would change which solutions MINUS removes).

    >>> q = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o OPTIONAL { SELECT ?s { ?s ?p 1 } } }"
    >>> [q[i - 1 : i + 4] for i in values_insertion_points(q)]
    ['{ ?s ', '{ ?s ']
    """
    tokens = tokenize(text)
    points: list[int] = []
    depth = 0
    template_depth: int | None = None  # depth inside a CONSTRUCT template
    for index, token in enumerate(tokens):
        if token.kind == "lbrace":
            previous = tokens[index - 1].text.upper() if index else ""
            before = tokens[index - 2].text.upper() if index > 1 else ""
            opens_template = previous == "CONSTRUCT" or (
                previous == "WHERE" and before == "CONSTRUCT"
            )
            if opens_template:
                template_depth = depth + 1
            elif template_depth is None and not (
                _is_values_block(tokens, index)
                or _next_word(tokens, index) == "SELECT"
                or previous == "MINUS"
                or _is_service_group(tokens, index)
            ):
                points.append(token.start + 1)
            depth += 1
        elif token.kind == "rbrace":
            if template_depth == depth:
                template_depth = None
            depth -= 1
    return points


def _is_service_group(tokens: list[Token], index: int) -> bool:
    """Tell whether the ``{`` at ``index`` opens ``SERVICE [SILENT] <iri>|?var { ... }``.

    Parameters are not copied into a group that is sent to another endpoint.
    """
    if index < 2 or tokens[index - 1].kind not in ("iri", "var", "pname"):
        return False
    return tokens[index - 2].text.upper() in ("SERVICE", "SILENT")


def service_variables(text: str) -> list[Token]:
    """Return the variable tokens naming a SERVICE endpoint (``SERVICE [SILENT] ?var``).

    >>> [t.text for t in service_variables("SELECT * { SERVICE SILENT ?_e { ?s ?p ?o } }")]
    ['?_e']
    """
    tokens = tokenize(text)
    return [
        token
        for index, token in enumerate(tokens)
        if token.kind == "var" and index and tokens[index - 1].text.upper() in ("SERVICE", "SILENT")
    ]


def _is_values_block(tokens: list[Token], index: int) -> bool:
    """Tell whether the ``{`` at ``index`` opens the data of ``VALUES ?x`` or ``VALUES (...)``."""
    previous = tokens[index - 1] if index else None
    if previous is None:
        return False
    if previous.kind == "var":
        return index > 1 and tokens[index - 2].text.upper() == "VALUES"
    if previous.text == ")":
        position = index - 2
        while position >= 0 and tokens[position].text != "(":
            position -= 1
        return position > 0 and tokens[position - 1].text.upper() == "VALUES"
    return False


def inject_values(text: str, bindings: Mapping[str, Any], *, unescape: bool = False) -> str:
    r"""Bind variables by a ``VALUES`` block first in each group of the query.

    ``bindings`` maps variable names (without ``?``) to pyoxigraph terms, which are written
    in their N-Triples form by pyoxigraph itself. The text's ``\u`` escapes are left as they
    are (``unescape`` is kept for callers and ignored): the policy refuses one outside a
    string or IRI, and inside one the reader of the text decodes it.

    >>> import pyoxigraph as ox
    >>> inject_values("SELECT ?s { ?s ?p ?o FILTER(lang(?o) = ?_lang) }",
    ...               {"_lang": ox.Literal("de")})
    'SELECT ?s { VALUES (?_lang) { ("de") } ?s ?p ?o FILTER(lang(?o) = ?_lang) }'
    """
    if not bindings:
        return text
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(str(term) for term in bindings.values())
    block = f" VALUES ({names}) {{ ({values}) }}"
    points = values_insertion_points(text)
    if not points:
        raise QueryError(
            "cannot bind parameters in a CONSTRUCT WHERE short form; write "
            "CONSTRUCT { ... } WHERE { ... }"
        )
    # A SERVICE endpoint must be known before its group is evaluated, which a VALUES join
    # cannot promise; there the variable, a VarOrIri position, takes the IRI itself.
    edits = [(point, point, block) for point in points]
    for token in service_variables(text):
        term = bindings.get(token.text[1:])
        if term is not None and type(term).__name__ == "NamedNode":
            edits.append((token.start, token.start + len(token.text), str(term)))
    for start, end, insert in sorted(edits, reverse=True):
        text = text[:start] + insert + text[end:]
    return text


@dataclass(frozen=True)
class Binding:
    """A query ready for the engine: its text and the substitutions to pass with it."""

    text: str
    substitutions: dict[str, Any] = field(default_factory=dict)


#: Words after which a variable names an endpoint or a graph: only an IRI may stand there.
_IRI_ONLY = frozenset({"SERVICE", "SILENT", "GRAPH"})
#: Words that end a GROUP BY / ORDER BY list.
_AFTER_KEYS = frozenset({"HAVING", "LIMIT", "OFFSET", "VALUES", "ORDER", "GROUP"})


@dataclass
class _Scan:
    """Where variables stand: token indices that must stay variables, and the outer SELECT."""

    fixed: set[int] = field(default_factory=set)  # AS targets, VALUES headers, bare keys ...
    projected: set[int] = field(default_factory=set)  # vars of the outer SELECT projection
    star: bool = False  # the outer form is SELECT *
    outer_group: int | None = None  # offset just inside the outer WHERE group


def _clause_end(tokens: list[Token], start: int) -> int:
    """Return the index of the token that ends a SELECT/DESCRIBE clause begun at ``start``."""
    depth = 0
    for index in range(start + 1, len(tokens)):
        token = tokens[index]
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
        elif depth == 0 and (token.kind == "lbrace" or token.text.upper() in ("WHERE", "FROM")):
            return index
    return len(tokens)


def _scan(tokens: list[Token]) -> _Scan:
    """Mark the variable tokens that must stay variables, and find the outer projection."""
    scan = _Scan()
    outer = next(
        (i for i, t in enumerate(tokens) if t.kind == "word" and t.text.upper() in _FORMS), None
    )
    for index, token in enumerate(tokens):
        word = token.text.upper() if token.kind == "word" else ""
        if word in ("SELECT", "DESCRIBE"):
            end = _clause_end(tokens, index)
            depth = 0
            for inner in range(index + 1, end):
                item = tokens[inner]
                depth += {"(": 1, ")": -1}.get(item.text, 0)
                if item.kind == "var" and (depth == 0 or tokens[inner - 1].text.upper() == "AS"):
                    (scan.projected if index == outer else scan.fixed).add(inner)
                elif item.text == "*" and depth == 0 and index == outer:
                    scan.star = True
            if index == outer and word == "SELECT":
                group = next((t for t in tokens[end:] if t.kind == "lbrace"), None)
                scan.outer_group = None if group is None else group.start + 1
        elif word == "VALUES" and index + 1 < len(tokens):
            inner = index + 1
            if tokens[inner].kind == "var":
                scan.fixed.add(inner)
            elif tokens[inner].text == "(":
                while inner + 1 < len(tokens) and tokens[inner + 1].kind == "var":
                    inner += 1
                    scan.fixed.add(inner)
        elif word == "BY" and index and tokens[index - 1].text.upper() in ("GROUP", "ORDER"):
            depth = 0
            for inner in range(index + 1, len(tokens)):
                item = tokens[inner]
                if item.kind in ("lbrace", "rbrace") or (
                    depth == 0 and item.text.upper() in _AFTER_KEYS
                ):
                    break
                depth += {"(": 1, ")": -1}.get(item.text, 0)
                if item.kind == "var" and depth == 0:
                    scan.fixed.add(inner)
        elif token.kind == "var" and index and tokens[index - 1].text.upper() == "AS":
            scan.fixed.add(index)
    return scan


def _is_bound_call(tokens: list[Token], index: int) -> bool:
    """Tell whether the variable at ``index`` is the argument of ``BOUND( ... )``."""
    return (
        index > 1
        and tokens[index - 1].text == "("
        and tokens[index - 2].text.upper() == "BOUND"
        and index + 1 < len(tokens)
        and tokens[index + 1].text == ")"
    )


def plan_binding(text: str, bindings: Mapping[str, Any]) -> Binding:
    """Decide how each parameter reaches the engine, from the query's tokens, once.

    A variable of the outer SELECT projection goes to the engine's substitutions; any other
    takes the term in place of each use (``BOUND(?x)`` becomes ``true``), as the engine's
    substitution would, with a one-row VALUES block in the outer group under ``SELECT *``;
    one that stands where only a variable may (an ``AS`` target, a VALUES header, a
    sub-select's projection, a bare GROUP BY/ORDER BY key) is bound by
    :func:`inject_values`. Terms are written by pyoxigraph's serialiser.

    >>> import pyoxigraph as ox
    >>> plan_binding("SELECT ?s { ?s ?p ?o FILTER(lang(?o) = ?_lang) }",
    ...              {"_lang": ox.Literal("de")}).text
    'SELECT ?s { ?s ?p ?o FILTER(lang(?o) = "de") }'
    >>> plan = plan_binding("SELECT ?_x { ?_x ?p ?o }", {"_x": ox.NamedNode("http://e/a")})
    >>> plan.text, list(plan.substitutions)
    ('SELECT ?_x { ?_x ?p ?o }', ['_x'])
    """
    if not bindings:
        return Binding(text)
    # No \u pass here: Oxigraph reads \u escapes only inside strings and IRIs, which stay
    # one token each with their escapes, so these tokens are the engine's view of the text.
    tokens = tokenize(text)
    scan = _scan(tokens)
    places: dict[str, list[int]] = {name: [] for name in bindings}
    for index, token in enumerate(tokens):
        if token.kind == "var" and token.text[1:] in places:
            places[token.text[1:]].append(index)
    substitutions: dict[str, Any] = {}
    by_values: dict[str, Any] = {}
    shown: dict[str, Any] = {}  # replaced, but SELECT * must still show them
    edits: list[tuple[int, int, str]] = []
    for name, term in bindings.items():
        indices = places[name]
        is_iri = type(term).__name__ == "NamedNode"
        if any(i in scan.projected for i in indices):
            substitutions[name] = term
            continue
        if any(
            i in scan.fixed or (not is_iri and i and tokens[i - 1].text.upper() in _IRI_ONLY)
            for i in indices
        ):
            by_values[name] = term
            continue
        for i in indices:
            token = tokens[i]
            if _is_bound_call(tokens, i):
                edits.append((tokens[i - 2].start, tokens[i + 1].start + 1, "true"))
            else:
                edits.append((token.start, token.start + len(token.text), str(term)))
        if scan.star:
            shown[name] = term
    if shown and scan.outer_group is not None:
        names = " ".join(f"?{name}" for name in shown)
        values = " ".join(str(term) for term in shown.values())
        edits.append((scan.outer_group, scan.outer_group, f" VALUES ({names}) {{ ({values}) }}"))
    for start, end, insert in sorted(edits, reverse=True):
        text = text[:start] + insert + text[end:]
    if by_values:  # the text now holds serialised terms: no second \u pass over them
        text = inject_values(text, by_values, unescape=False)
    return Binding(text, substitutions)


def bind_for_endpoint(text: str, bindings: Mapping[str, Any]) -> str:
    """Return the query text with every parameter bound in the text itself, for a remote engine.

    As :func:`plan_binding` binds them, except that what it leaves to the embedded engine's
    substitutions (a parameter the outer SELECT projects) goes by :func:`inject_values`. The
    parameters then stand as constants, not as a VALUES block in every group, which some
    engines' planners cannot cost (Virtuoso refuses such queries outright).

    >>> import pyoxigraph as ox
    >>> bind_for_endpoint("SELECT ?s { ?s ?p ?o FILTER(lang(?o) = ?_lang) }",
    ...                   {"_lang": ox.Literal("de")})
    'SELECT ?s { ?s ?p ?o FILTER(lang(?o) = "de") }'
    """
    plan = plan_binding(text, bindings)
    if not plan.substitutions:
        return plan.text
    return inject_values(plan.text, plan.substitutions, unescape=False)
