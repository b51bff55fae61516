"""Run SPARQL queries on the embedded Oxigraph engine (or a remote endpoint), sandboxed.

The path of a query: find it (a bundled name, a ``.rq`` file, or query text), check it
lexically (read-only, no ``SERVICE``/``FROM``/``LOAD`` unless ``allow_network``, every prefix
declared or known), bind its parameters, evaluate it, and hand back a :class:`QueryResult`
that :mod:`csrgraph.formats` serialises. rdflib is never imported on this path.

Parameters are bound by the engine, never pasted into the query as text. How each one is
bound is decided once, from the query's tokens, before the engine sees it
(:func:`plan_binding`), so a query is evaluated once:

* a variable of the outer ``SELECT`` projection through pyoxigraph's ``substitutions``
  (SEP-0007): the engine puts the value in place of the variable everywhere and reports it
  in every solution. pyoxigraph accepts a substitution only for a projected variable.
* any other parameter (the usual ``?_lang``, used only in ``FILTER`` expressions) is given the value
  the same way the engine's substitution would, by putting the term in place of each use of
  the variable: the term is written by pyoxigraph's own term serialiser, as one token, so no
  value can break out of its place (no ``\\u`` pass runs over the text once a term is in it,
  so its escapes reach the engine as written), and ``BOUND(?_x)`` becomes ``true``. This costs the
  engine nothing, unlike a join with a ``VALUES`` block in every group. Under ``SELECT *`` a
  one-row ``VALUES`` block in the outer group keeps the parameter in the answer.
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

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from csrgraph.errors import CsrgraphError, QueryError, QueryTimeout, StoreError, UsageError

if TYPE_CHECKING:
    import pyoxigraph

    from csrgraph.catalog import Query

PathLike = str | Path

# ---------------------------------------------------------------------------------------
# Lexing: enough of the SPARQL grammar to tell keywords from strings, IRIs and names.
# ---------------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
             |'''(?:[^'\\]|\\.|'(?!''))*'''
             |"(?:[^"\\\n]|\\.)*"
             |'(?:[^'\\\n]|\\.)*')
  | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
  | (?P<var>[?$][\w\u00b7]+)
  | (?P<bnode>_:[\w.-]*)
  | (?P<pname>(?:[^\W\d_][\w.-]*)?:(?:(?:[\w:%-]|\\.)(?:(?:[\w.:%-]|\\.)*(?:[\w:%-]|\\.))?)?)
  | (?P<word>[^\W\d]\w*)
  | (?P<lbrace>\{)
  | (?P<rbrace>\})
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

_UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)
_NETWORK_WORDS = frozenset({"SERVICE", "FROM"})
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")

#: Prefixes a query may use without declaring them (added to the bundled graph's own).
STANDARD_PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "sh": "http://www.w3.org/ns/shacl#",
}


class Token(NamedTuple):
    """A lexical token: its kind (``word``, ``var``, ``iri``, ...), text and offset.

    A named tuple, not a dataclass: a query of a few hundred lines has thousands of tokens.
    """

    kind: str
    text: str
    start: int


def unescape_codepoints(text: str) -> str:
    r"""Apply SPARQL's ``\uXXXX``/``\UXXXXXXXX`` escapes, which precede all other parsing.

    >>> unescape_codepoints(r"\u0053ERVICE")
    'SERVICE'
    """

    def replace(match: re.Match[str]) -> str:
        try:
            return chr(int(match.group(1) or match.group(2), 16))
        except (ValueError, OverflowError):
            return match.group(0)

    return _ESCAPE.sub(replace, text)


def tokenize(text: str) -> list[Token]:
    """Split SPARQL text into tokens, whitespace and comments dropped.

    A query is tokenised once however many checks read it (the check, the binding plan and
    the insertion of VALUES blocks all ask); each caller gets a list of its own.

    >>> [t.kind for t in tokenize('SELECT ?s { ?s ex:p "x # y" } # c')]
    ['word', 'var', 'lbrace', 'var', 'pname', 'string', 'rbrace']
    """
    return list(_tokens(text))


@lru_cache(maxsize=8)
def _tokens(text: str) -> tuple[Token, ...]:
    """Tokenise ``text`` (cached: the tokens are immutable)."""
    return tuple(
        Token(kind, match.group(), match.start())
        for match in _TOKEN.finditer(text)
        if (kind := match.lastgroup or "other") not in ("ws", "comment")
    )


@cache
def _variable_scan() -> re.Pattern[str]:
    """Return the tokenizer with its whitespace rule widened to every run of plain characters.

    Without a backslash in the text, the characters that can open a comment, string, IRI or
    variable (``# " ' < ? $``) occur only at the start of a token or inside a comment,
    string or IRI: no other token holds one. So skipping every run of other characters at
    once lands on the same token starts as :func:`tokenize`, and finds the same variables
    with a fraction of the matches.
    """
    pattern = _TOKEN.pattern.replace(r"(?P<ws>\s+)", r"(?P<ws>[^#\"'<?$\\]+)", 1)
    if pattern == _TOKEN.pattern:  # pragma: no cover - the tokenizer's rule was renamed
        raise AssertionError("the variable scan no longer matches the tokenizer")
    return re.compile(pattern, re.VERBOSE | re.DOTALL)


def variable_names(text: str) -> list[str]:
    """Return the text of every variable token, in order, exactly as :func:`tokenize` finds them.

    Listing the bundled queries asks only for their parameters; this scan finds them
    without tokenising every word (a text holding a backslash is tokenised in full).

    >>> variable_names('SELECT ?s { ?s <urn:x?y> "?no" ; $p ?_o } # ?c')
    ['?s', '?s', '$p', '?_o']
    """
    if "\\" in text:
        return [token.text for token in _tokens(text) if token.kind == "var"]
    return [m.group() for m in _variable_scan().finditer(text) if m.lastgroup == "var"]


def _position(text: str, offset: int) -> str:
    """Return ``line:column`` (1-based) of a character offset."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"{line}:{column}"


@dataclass(frozen=True)
class Analysis:
    """What the lexical check found: the query form and prefix use."""

    form: str
    declared: dict[str, str]
    undeclared: dict[str, int]  # prefix -> offset of its first use


def analyse(text: str, *, allow_network: bool = False, name: str = "<query>") -> Analysis:
    r"""Check a query lexically and return its form and prefix use.

    Refuses updates always, and ``SERVICE``, ``FROM``/``FROM NAMED`` unless
    ``allow_network``. Keywords are found as tokens after SPARQL's codepoint escapes are
    applied, so nesting, case, comments and ``\u`` escapes cannot hide them, and the words
    inside strings, IRIs and prefixed names do not count.

    Raises:
        QueryError: the query is an update, reaches out without permission, or has no form.

    >>> analyse("SELECT * { ?s ?p ?o }").form
    'SELECT'
    >>> analyse("SELECT * { { SERVICE <http://example.org/sparql> { ?s ?p ?o } } }")
    Traceback (most recent call last):
    ...
    csrgraph.errors.QueryError: <query>:1:14: SERVICE is refused: a query may not reach the network or other files (allow it with --allow-network)

    """  # noqa: E501
    text = unescape_codepoints(text)
    tokens = tokenize(text)
    form = ""
    declared: dict[str, str] = {}
    undeclared: dict[str, int] = {}
    for index, token in enumerate(tokens):
        if token.kind == "word":
            word = token.text.upper()
            if word in _UPDATE_WORDS:
                raise QueryError(
                    f"{name}:{_position(text, token.start)}: {word} is refused: "
                    "csrgraph query is read-only (updates are not run)"
                )
            if word in _NETWORK_WORDS and not allow_network:
                what = "FROM NAMED" if _next_word(tokens, index) == "NAMED" else word
                raise QueryError(
                    f"{name}:{_position(text, token.start)}: {what} is refused: a query may "
                    "not reach the network or other files (allow it with --allow-network)"
                )
            if word in _FORMS and not form:
                form = word
            if word == "PREFIX" and index + 2 < len(tokens):
                prefix, iri = tokens[index + 1], tokens[index + 2]
                if prefix.kind == "pname" and prefix.text.endswith(":") and iri.kind == "iri":
                    declared[prefix.text[:-1]] = iri.text[1:-1]
        elif token.kind == "pname":
            prefix = token.text.split(":", 1)[0]
            previous = tokens[index - 1].text.upper() if index else ""
            if previous != "PREFIX" and prefix not in declared:
                undeclared.setdefault(prefix, token.start)
    if not form:
        raise QueryError(f"{name}: not a SPARQL query (no SELECT, ASK, CONSTRUCT or DESCRIBE)")
    for prefix in list(undeclared):
        if prefix in declared:  # declared after first use: the parser will say so
            del undeclared[prefix]
    return Analysis(form, declared, undeclared)


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


def inject_values(text: str, bindings: Mapping[str, Any], *, unescape: bool = True) -> str:
    r"""Bind variables by a ``VALUES`` block first in each group of the query.

    ``bindings`` maps variable names (without ``?``) to pyoxigraph terms, which are written
    in their N-Triples form by pyoxigraph itself. SPARQL's ``\u`` escapes are applied to
    ``text`` first (as a SPARQL 1.1 parser does) unless ``unescape`` is false, which
    :func:`plan_binding` asks for: its text already holds serialised terms, and their
    escapes must reach the engine as they are.

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
    if unescape:
        text = unescape_codepoints(text)  # as the parser would, so offsets match its view
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


# ---------------------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------------------

_XSD = "http://www.w3.org/2001/XMLSchema#"

#: The label languages of the graph: the values a ``lang`` parameter may take (the choices
#: of ``--lang`` too).
LANGUAGES = ("de", "en")


def make_term(
    name: str, value: str, kind: str, prefixes: Mapping[str, str] | None = None
) -> pyoxigraph.NamedNode | pyoxigraph.Literal:
    """Turn a parameter's text into an RDF term of its kind.

    An IRI may be written bare, as ``<iri>`` or (for an ``_iri`` parameter) as a prefixed
    name with a known prefix. Any parameter given as ``<iri>`` is an IRI.

    >>> make_term("year", "2017", "integer")
    <Literal value=2017 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>
    >>> make_term("authority_iri", "ex:bls", "iri", {"ex": "http://e/"})
    <NamedNode value=http://e/bls>
    """
    import pyoxigraph as ox

    if value.startswith("<") and value.endswith(">"):
        kind, value = "iri", value[1:-1]
    if kind == "iri":
        prefix, sep, local = value.partition(":")
        if sep and prefixes and prefix in prefixes and not local.startswith("//"):
            value = prefixes[prefix] + local
        try:
            return ox.NamedNode(value)
        except ValueError as err:
            reason = "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(err))
            raise UsageError(f"parameter {name}: {value!r} is not an IRI ({reason})") from None
    checks = {
        "integer": r"[+-]?\d+",
        "decimal": r"[+-]?(\d+\.?\d*|\.\d+)",
        "boolean": r"true|false|1|0",
    }
    if kind in checks:
        if not re.fullmatch(checks[kind], value):
            raise UsageError(f"parameter {name}: {value!r} is not a valid {kind}")
        return ox.Literal(value, datatype=ox.NamedNode(_XSD + kind))
    return ox.Literal(value)


def bind_parameters(
    query: Query,
    params: Mapping[str, str] | None,
    lang: str | None,
    prefixes: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Return variable name -> term for every parameter of ``query``.

    A value comes from ``params``, else (for ``lang``) from ``lang``, else from the header's
    default. An optional parameter (``?__name``) without a value stays unbound. A ``lang``
    given in ``params`` must be one of :data:`LANGUAGES`, as ``--lang`` must (the ``lang``
    argument of the Python API falls back to English labels instead).

    Raises:
        UsageError: an unknown parameter, a missing value, a value of the wrong kind, or a
            ``lang`` parameter that is not a language of the graph.

    """
    given = {name.lstrip("_"): value for name, value in (params or {}).items()}
    known = {p.name for p in query.params}
    for name in given:
        if name not in known:
            import difflib

            close = difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.5)
            listing = ", ".join(sorted(known)) or "none"
            hint = f"did you mean: {', '.join(close)}?" if close else f"its parameters: {listing}"
            raise UsageError(f"query {query.label} has no parameter {name!r}; {hint}")
    chosen = given.get("lang")
    if chosen is not None and chosen not in LANGUAGES:
        raise UsageError(f"parameter lang: {chosen!r} is not one of: {', '.join(LANGUAGES)}")
    bindings: dict[str, Any] = {}
    for param in query.params:
        value = given.get(param.name)
        if value is None and param.name == "lang" and lang:
            value = lang
        if value is None:
            value = param.default
        if value is None:
            if param.optional:
                continue
            raise UsageError(
                f"query {query.label} needs a value for parameter {param.name!r} "
                f"(-p {param.name}=VALUE)"
            )
        bindings[param.variable] = make_term(param.name, value, param.kind, prefixes)
    return bindings


# ---------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------


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

    def __len__(self) -> int:
        """Return the number of rows, triples, or 1 for an ASK."""
        if self.kind == "ask":
            return 1
        return len(self.rows) if self.kind == "select" else len(self.triples)

    def records(self) -> list[dict[str, str | None]]:
        """Return the rows as dicts of plain strings (IRI text, literal lexical form).

        >>> QueryResult("select", ["n"], [(None,)]).records()
        [{'n': None}]
        """
        return [
            {
                var: (None if term is None else term.value)
                for var, term in zip(self.variables, row, strict=True)
            }
            for row in self.rows
        ]


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


# ---------------------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------------------


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


def _evaluate(
    text: str,
    bindings: dict[str, Any],
    prefixes: dict[str, str],
    data: list[PathLike],
    name: str,
    store_dir: PathLike | None = None,
) -> QueryResult:
    """Load the store (or open the index at ``store_dir``) and run the query in this process."""
    import pyoxigraph as ox

    if store_dir is not None:
        from csrgraph.index import open_index

        store = open_index(store_dir)
    else:
        from csrgraph.graph import load_store

        store = load_store(data)
    plan = plan_binding(text, bindings)
    try:
        try:
            answer = store.query(
                plan.text,
                prefixes=prefixes,
                substitutions={ox.Variable(k): v for k, v in plan.substitutions.items()} or None,
            )
        except SyntaxError:
            if plan.text == text:
                raise
            # The query is malformed, or a term stands where the grammar wants a variable
            # (a literal as a predicate, say): nothing was evaluated yet, so bind as before,
            # the original text first (its errors name its own lines and columns).
            answer = _evaluate_unplanned(store, text, bindings, prefixes)
        return result_from_engine(answer, prefixes)
    except SyntaxError as err:
        raise _syntax_error(err, name) from None
    except (OSError, RuntimeError, ValueError, TypeError) as err:
        if isinstance(err, OSError) and _UNREACHABLE.search(str(err)):
            raise _unreachable_service(text, bindings, name, err) from None
        raise QueryError(f"{name}: query failed: {one_line(str(err))}") from None


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
    tokens = tokenize(unescape_codepoints(text))
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
    store: pyoxigraph.Store, text: str, bindings: dict[str, Any], prefixes: dict[str, str]
) -> Any:
    """Evaluate with substitutions, or VALUES blocks for the ones the engine refuses."""
    import pyoxigraph as ox

    substitutions = {ox.Variable(var): term for var, term in bindings.items()}
    try:
        return store.query(text, prefixes=prefixes, substitutions=substitutions or None)
    except RuntimeError as err:
        if "does not contain" not in str(err):
            raise
    return store.query(inject_values(text, bindings), prefixes=prefixes)


def _worker(conn: Any, args: tuple[Any, ...]) -> None:  # pragma: no cover - in a child
    """Evaluate in a child process and send back the result or the error message."""
    try:
        result = _evaluate(*_decode_args(args))
        conn.send(("ok", _encode_result(result)))
    except CsrgraphError as err:  # the parent raises the same class, with its exit code
        conn.send(("error", (type(err).__name__, str(err))))
    except Exception as err:  # reported to the parent as a query failure
        conn.send(("error", ("QueryError", f"query failed: {one_line(str(err))}")))
    finally:
        conn.close()


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


def _decode_args(args: tuple[Any, ...]) -> tuple[Any, ...]:
    """Rebuild the bindings of ``_evaluate``'s arguments in the child."""
    text, bindings, prefixes, data, name, store_dir = args
    decoded = {k: _decode_term(v) for k, v in bindings.items()}
    return text, decoded, prefixes, data, name, store_dir


def _encode_result(result: QueryResult) -> bytes:
    """Serialise a result with pyoxigraph's own serialisers (SPARQL JSON or N-Triples)."""
    import json

    import pyoxigraph as ox

    if result.kind == "graph":
        return ox.serialize(result.triples, format=ox.RdfFormat.N_TRIPLES)
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean}).encode()
    rows = [[_encode_term(t) for t in row] for row in result.rows]
    return json.dumps({"variables": result.variables, "rows": rows}).encode()


def _decode_result(kind: str, payload: bytes, prefixes: dict[str, str]) -> QueryResult:
    """Inverse of :func:`_encode_result`."""
    import json

    import pyoxigraph as ox

    if kind == "graph":
        triples = [q.triple for q in ox.parse(payload, ox.RdfFormat.N_TRIPLES)]
        return QueryResult("graph", triples=triples, prefixes=prefixes)
    data = json.loads(payload)
    if kind == "ask":
        return QueryResult("ask", boolean=bool(data["boolean"]), prefixes=prefixes)
    rows = [tuple(_decode_term(t) for t in row) for row in data["rows"]]
    return QueryResult("select", variables=data["variables"], rows=rows, prefixes=prefixes)


def _evaluate_with_timeout(
    text: str,
    bindings: dict[str, Any],
    prefixes: dict[str, str],
    data: list[PathLike],
    name: str,
    form: str,
    timeout: float,
    store_dir: PathLike | None = None,
) -> QueryResult:
    """Evaluate in a child process and kill it when the time is up.

    A thread cannot be stopped while the engine works in native code (an aggregate over a
    cross product returns no row until it is done), so the query runs in a process that is
    killed on timeout, taking its memory with it.
    """
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    receiver, sender = context.Pipe(duplex=False)
    encoded = {k: _encode_term(v) for k, v in bindings.items()}
    process = context.Process(
        target=_worker,
        args=(
            sender,
            (
                text,
                encoded,
                prefixes,
                [str(p) for p in data],
                name,
                None if store_dir is None else str(store_dir),
            ),
        ),
        daemon=True,
    )
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise QueryTimeout(f"{name}: query stopped after the time limit of {timeout:g} s")
        try:
            status, payload = receiver.recv()
        except EOFError:
            raise QueryError(f"{name}: the query process ended without an answer") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()
    if status == "error":
        from csrgraph import errors

        class_name, message = payload
        error_class = getattr(errors, class_name, QueryError)
        if not (isinstance(error_class, type) and issubclass(error_class, CsrgraphError)):
            error_class = QueryError
        raise error_class(message)
    kind = {"ASK": "ask", "SELECT": "select"}.get(form, "graph")
    return _decode_result(kind, payload, prefixes)


def _remote(
    endpoint: str,
    text: str,
    bindings: dict[str, Any],
    prefixes: dict[str, str],
    undeclared: Iterable[str],
    timeout: float | None,
    graph: str | None = None,
    auth: str = "auto",
) -> QueryResult:
    """Send the query (parameters bound, known prefixes declared) to an endpoint.

    ``graph`` goes as ``default-graph-uri``; ``auth`` says how credentials are sent.
    """
    import pyoxigraph as ox

    from csrgraph import store

    declarations = "".join(f"PREFIX {p}: <{prefixes[p]}>\n" for p in undeclared)
    body, media_type = store.sparql_query(
        endpoint,
        declarations + bind_for_endpoint(text, bindings),
        timeout=timeout,
        graph=graph,
        auth=auth,
    )
    try:
        if "n-triples" in media_type or media_type == "text/plain":
            triples = [q.triple for q in ox.parse(body, ox.RdfFormat.N_TRIPLES)]
            return QueryResult("graph", triples=triples, prefixes=prefixes)
        answer = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError) as err:
        raise QueryError(
            f"{store.redact(endpoint)}: the endpoint's answer cannot be read: {err}"
        ) from None
    return result_from_engine(answer, prefixes)


def resolve(target: str | Query) -> Query:
    """Find a query: a :class:`Query`, a bundled name, a ``.rq`` file, or query text.

    >>> resolve("ASK { }").name
    '<query>'
    """
    from csrgraph import catalog

    if not isinstance(target, str):
        return target
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
    graph: str | None = None,
    auth: str = "auto",
) -> QueryResult:
    """Run a SPARQL query on the bundled graph (plus ``data``) or on a remote endpoint.

    Args:
        target: a bundled query name (see :func:`csrgraph.list_queries`), a ``.rq`` file
            (``-`` is stdin), query text, or a :class:`csrgraph.catalog.Query`.
        params: parameter values by name (``authority_iri``; leading ``_`` optional).
        lang: the language for ``?_lang`` when ``params`` does not give it.
        data: extra RDF files added to the bundled graph (not with ``endpoint``).
        timeout: seconds after which the query is stopped (QueryTimeout); None for no limit.
        allow_network: allow ``SERVICE`` and ``FROM``/``FROM NAMED``.
        endpoint: a SPARQL endpoint URL to send the query to instead.
        store_dir: an index built by :func:`csrgraph.index.build_index` (``csrgraph
            index``) to query instead of parsing the bundled graph and ``data``.
        graph: with ``endpoint``, the graph to query (sent as ``default-graph-uri``).
        auth: with ``endpoint``, how credentials are sent: ``auto``, ``basic``, ``digest``.

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

    """
    from csrgraph.graph import bundled_prefixes

    query = resolve(target)
    data = list(data)
    if endpoint and data:
        raise UsageError("--data cannot be used with --endpoint (the endpoint has its own data)")
    if store_dir is not None and (data or endpoint):
        raise UsageError(
            "--store-dir cannot be used with --data or --endpoint (index your files with: "
            "csrgraph index --data FILE... --store-dir DIR)"
        )
    analysis = analyse(query.text, allow_network=allow_network, name=query.label)
    known = {**STANDARD_PREFIXES, **bundled_prefixes()}
    missing = [p for p in analysis.undeclared if p not in known]
    if missing:
        text = unescape_codepoints(query.text)
        prefix = missing[0]
        where = _position(text, analysis.undeclared[prefix])
        raise QueryError(
            f"{query.label}:{where}: unknown prefix '{prefix}:' "
            f"(declare it with PREFIX {prefix}: <...>)"
        )
    prefixes = {p: known[p] for p in analysis.undeclared}
    bindings = bind_parameters(query, params, lang, {**known, **analysis.declared})
    if timeout is not None and timeout <= 0:
        raise UsageError("the timeout must be a positive number of seconds")
    if graph is not None and not endpoint:
        raise UsageError("--graph needs --endpoint (the bundled graph has no named graphs)")
    if endpoint:
        result = _remote(
            endpoint, query.text, bindings, known, analysis.undeclared, timeout, graph, auth
        )
    elif timeout is not None:
        if store_dir is not None:  # its errors keep their exit code, not a child's failure
            from csrgraph.index import check_index

            check_index(store_dir)
        result = _evaluate_with_timeout(
            query.text, bindings, prefixes, data, query.label, analysis.form, timeout, store_dir
        )
    else:
        result = _evaluate(query.text, bindings, prefixes, data, query.label, store_dir)
    result.prefixes = {**known, **analysis.declared}
    from csrgraph.cells import tidy_cells

    return tidy_cells(result, query)
