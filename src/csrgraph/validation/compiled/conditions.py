"""Value constraints as SPARQL expressions: true when a value node passes, per component.

A value-type constraint of SHACL Core (``sh:class``, ``sh:datatype``, ``sh:pattern``, ...)
and a shape met through ``sh:node``, ``sh:or``, ``sh:and``, ``sh:not`` and ``sh:xone`` each
become one boolean expression over a variable, so Oxigraph evaluates them in its own joins.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from csrgraph.errors import NotCompilable
from csrgraph.graph.nesting import max_nesting
from csrgraph.namespaces import RDF, RDFS, SH, XSD
from csrgraph.validation.compiled import terms

if TYPE_CHECKING:
    import rdflib

XSD = XSD
RDF = RDF
RDFS = RDFS
TYPE_PATH = f"<{RDF}type>/<{RDFS}subClassOf>*"
#: Datatypes whose lexical forms Oxigraph checks when casting (ill-typed: the cast fails).
CASTS = {
    f"{XSD}{name}"
    for name in [
        "boolean",
        "integer",
        "decimal",
        "float",
        "double",
        "dateTime",
        "date",
        "time",
        "gYear",
        "gYearMonth",
        "gMonthDay",
        "gDay",
        "gMonth",
        "duration",
        "yearMonthDuration",
        "dayTimeDuration",
    ]
}
#: The integer types derived from xsd:integer: Oxigraph has no cast function for them and
#: stores each of their literals it reads as an integer as ``xsd:integer`` (``"5"^^xsd:int``
#: comes back as ``"5"^^xsd:integer``), so a query cannot tell their literals apart.
DERIVED = {
    f"{XSD}{name}"
    for name in [
        "long",
        "int",
        "short",
        "byte",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
    ]
}
_KINDS = {
    "IRI": "isIRI({v})",
    "BlankNode": "isBlank({v})",
    "Literal": "isLiteral({v})",
    "BlankNodeOrIRI": "!isLiteral({v})",
    "BlankNodeOrLiteral": "!isIRI({v})",
    "IRIOrLiteral": "!isBlank({v})",
}
_COMPARE = {"minInclusive": ">=", "minExclusive": ">", "maxInclusive": "<=", "maxExclusive": "<"}
#: The most shapes one shapes graph may compile to, counting each use of a shape met through
#: sh:node, sh:and, ... anew: a shape used twice by each of 40 nested shapes is 2**40 uses.
MAX_TERMS = 100_000
#: The value-type parameters this module compiles (sh:hasValue only on a node's own value).
VALUE_PARAMETERS = [
    "class",
    "datatype",
    "nodeKind",
    "pattern",
    "minInclusive",
    "minExclusive",
    "maxInclusive",
    "maxExclusive",
    "minLength",
    "maxLength",
    "languageIn",
    "in",
    "node",
    "or",
    "and",
    "not",
    "xone",
]
#: The SHACL parameters the compiled engine knows; anything else in sh: makes it decline.
KNOWN = set(VALUE_PARAMETERS) | set(
    [
        "path",
        "property",
        "targetClass",
        "targetNode",
        "targetSubjectsOf",
        "targetObjectsOf",
        "target",
        "minCount",
        "maxCount",
        "hasValue",
        "uniqueLang",
        "equals",
        "disjoint",
        "lessThan",
        "lessThanOrEquals",
        "closed",
        "ignoredProperties",
        "deactivated",
        "severity",
        "message",
        "flags",
        "name",
        "description",
        "order",
        "group",
        "defaultValue",
        "declare",
        "prefixes",
        "prefix",
        "namespace",
        "select",
    ]
)


def _sh(name: str) -> rdflib.URIRef:
    from rdflib import URIRef

    return URIRef(SH + name)


def one(graph: rdflib.Graph, shape: rdflib.term.Node, name: str) -> rdflib.term.Node | None:
    """Return the one value of ``sh:name`` on ``shape`` (None); two are not compiled."""
    values = list(graph.objects(shape, _sh(name)))
    if len(values) > 1:
        raise NotCompilable(f"sh:{name} given twice on one shape")
    return values[0] if values else None


def flag(node: rdflib.term.Node | None) -> bool:
    """Read a boolean parameter (sh:deactivated, sh:uniqueLang, sh:closed) by its value.

    >>> from rdflib import Literal, XSD
    >>> flag(Literal("1", datatype=XSD.boolean)), flag(Literal(True)), flag(None)
    (True, True, False)
    """
    return node is not None and str(node).strip().lower() in ("true", "1")


def items(graph: rdflib.Graph, node: rdflib.term.Node) -> list[rdflib.term.Node]:
    """Return the members of an RDF list of the shapes graph."""
    from rdflib.collection import Collection

    return list(Collection(graph, node))


def datatype(v: str, iri: str) -> str:
    """Test that ``v`` is a well-formed literal of the datatype ``iri``.

    Raises:
        NotCompilable: an integer type derived from xsd:integer (see :data:`DERIVED`).

    """
    if iri in DERIVED:
        raise NotCompilable(f"sh:datatype <{iri}>: Oxigraph stores its literals as xsd:integer")
    if iri == f"{RDF}langString":
        return f'(isLiteral({v}) && lang({v}) != "")'
    test = f"(isLiteral({v}) && datatype({v}) = {terms.iri(iri)}"
    if iri in CASTS:
        test += f" && isLiteral({terms.iri(iri)}(STR({v})))"
    return test + ")"


def pattern(graph: rdflib.Graph, shape: rdflib.term.Node, v: str) -> str:
    """Test that ``v`` is no blank node and its text matches the shape's pattern."""
    text = one(graph, shape, "pattern")
    flags = str(one(graph, shape, "flags") or "")
    if flags.strip("smixq"):
        raise NotCompilable(f"sh:flags {flags!r}")
    args = terms.string(str(text)) + (f", {terms.string(flags)}" if flags else "")
    if not _regex_reads(args):
        raise NotCompilable(f"sh:pattern {str(text)!r} is no regular expression Oxigraph reads")
    return f"(!isBlank({v}) && REGEX(STR({v}), {args}))"


def _regex_reads(args: str) -> bool:
    """Tell whether Oxigraph reads the pattern (an unreadable one is an error, not false)."""
    import pyoxigraph as ox

    from csrgraph.sparql.engine import evaluate

    rows = list(evaluate(ox.Store(), f'SELECT (REGEX("", {args}) AS ?ok) {{ }}'))
    return rows[0]["ok"] is not None


def count(node: rdflib.term.Node | None) -> int:
    """Read a count parameter (sh:minCount, sh:minLength, ...) as a non-negative integer.

    Only an integer literal counts (as pySHACL reads it): ``"1"``, a string, is refused.

    >>> from rdflib import Literal
    >>> count(Literal(2)), count(Literal("1"))
    Traceback (most recent call last):
    csrgraph.errors.NotCompilable: not a count: '1'
    """
    from rdflib import Literal

    value = node.value if isinstance(node, Literal) else None
    if not isinstance(value, int) or isinstance(value, bool):
        raise NotCompilable(f"not a count: {str(node)!r}") from None
    if value < 0:
        raise NotCompilable(f"a negative count: {value}")
    return value


class Conditions:
    """Builds the pass-expressions of one shapes graph; fresh variables per expression."""

    def __init__(
        self, graph: rdflib.Graph, subclasses: Callable[[str], str | None] | None = None
    ) -> None:
        self.graph = graph
        self.subclasses = subclasses
        self.count = 0
        self.stack: list[rdflib.term.Node] = []
        #: the shapes met so far while compiling (see :data:`MAX_TERMS`)
        self.terms = 0
        self.depth = max_nesting()

    def fresh(self) -> str:
        """Return a new variable name no other expression uses."""
        self.count += 1
        return f"?_v{self.count}"

    def value(self, shape: rdflib.term.Node, name: str, v: str) -> str:
        """Return the expression for parameter ``sh:name`` of ``shape`` on variable ``v``."""
        g = self.graph
        node = one(g, shape, name)
        assert node is not None
        if name == "class":
            return self.instance(v, str(node))
        if name == "datatype":
            return datatype(v, str(node))
        if name == "nodeKind":
            kind = str(node).removeprefix(SH)
            if kind not in _KINDS:
                raise NotCompilable(f"sh:nodeKind {node}")
            return _KINDS[kind].format(v=v)
        if name == "pattern":
            return pattern(g, shape, v)
        if name in _COMPARE:
            return f"({v} {_COMPARE[name]} {terms.term(node)})"
        if name in ("minLength", "maxLength"):
            sign = ">=" if name == "minLength" else "<="
            return f"(!isBlank({v}) && STRLEN(STR({v})) {sign} {count(node)})"
        if name == "languageIn":
            from rdflib import Literal

            if not all(isinstance(tag, Literal) for tag in items(g, node)):
                raise NotCompilable("sh:languageIn holds something other than a literal")
            tags = [terms.string(str(tag)) for tag in items(g, node)]
            alternatives = " || ".join(f"langMatches(lang({v}), {tag})" for tag in tags)
            return f"(isLiteral({v}) && ({alternatives or 'false'}))"
        if name == "in":
            members = [f"sameTerm({v}, {terms.term(m)})" for m in items(g, node)]
            return "(" + (" || ".join(members) or "false") + ")"
        if name == "node":
            return self.conforms(node, v)
        shapes = [node] if name == "not" else items(g, node)
        if not shapes:
            raise NotCompilable(f"sh:{name} with an empty list")
        parts = [self.conforms(member, v) for member in shapes]
        if name == "not":
            return f"(!{parts[0]})"
        if name == "and":
            return "(" + (" && ".join(parts) or "true") + ")"
        if name == "or":
            return "(" + (" || ".join(parts) or "false") + ")"
        ones = " + ".join(f"IF({part}, 1, 0)" for part in parts) or "0"
        return f"(({ones}) = 1)"

    def instance(self, v: str, iri: str) -> str:
        """Test that ``v`` has ``rdf:type/rdfs:subClassOf*`` ``iri``.

        With the subclasses known, a lookup of ``v``'s types in their list: the path would
        find the superclasses of each type of each value anew.
        """
        body = self.subclasses(iri) if self.subclasses is not None else None
        if body is None:
            return f"EXISTS {{ {v} {TYPE_PATH} {terms.iri(iri)} }}"
        c = self.fresh()
        return f"EXISTS {{ {v} <{RDF}type> {c} VALUES {c} {{ {body} }} }}"

    def conforms(self, shape: rdflib.term.Node, v: str) -> str:
        """Test that the value ``v`` conforms to ``shape`` (recursion is not compiled)."""
        g = self.graph
        if shape in self.stack:
            raise NotCompilable("a shape that refers to itself")
        if len(self.stack) >= self.depth:
            raise NotCompilable(f"shapes nested more than {self.depth} levels deep")
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise NotCompilable(f"shapes that compile to more than {MAX_TERMS} terms")
        if flag(one(g, shape, "deactivated")):
            return "true"
        self.stack.append(shape)
        try:
            check_known(g, shape)
            if one(g, shape, "path") is not None:
                parts = self.property_part(shape, v)
            else:
                parts = self.local(shape, v)
                for child in g.objects(shape, _sh("property")):
                    if not flag(one(g, child, "deactivated")):
                        check_known(g, child)
                        parts += self.property_part(child, v)
            if flag(one(g, shape, "closed")):
                raise NotCompilable("sh:closed in a shape used as a condition")
        finally:
            self.stack.pop()
        return "(" + (" && ".join(f"COALESCE({p}, false)" for p in parts) or "true") + ")"

    def local(self, shape: rdflib.term.Node, v: str) -> list[str]:
        """Return the expressions of the shape's own value constraints on ``v``."""
        parts = [self.value(shape, name, v) for name in present(self.graph, shape)]
        has = one(self.graph, shape, "hasValue")
        if has is not None:
            parts.append(f"sameTerm({v}, {terms.term(has)})")
        return parts

    def property_part(self, shape: rdflib.term.Node, v: str) -> list[str]:
        """Return the expressions of a property shape met as a condition, for focus ``v``."""
        g = self.graph
        node = one(g, shape, "path")
        assert node is not None
        p, zero = terms.path(g, node), terms.zero_length(g, node)
        parts = []
        for name in ("maxCount", "uniqueLang", "equals", "disjoint", "lessThan"):
            if one(g, shape, name) is not None:
                raise NotCompilable(f"sh:{name} in a property shape used as a condition")
        if one(g, shape, "lessThanOrEquals") is not None or one(g, shape, "property"):
            raise NotCompilable("a nested property shape too complex to compile")
        least = one(g, shape, "minCount")
        if least is not None and count(least) > 1:
            raise NotCompilable("sh:minCount above 1 in a shape used as a condition")
        if least is not None and count(least) == 1:
            parts.append(f"EXISTS {terms.match(p, zero, v, self.fresh())}")
        has = one(g, shape, "hasValue")
        if has is not None:
            parts.append(f"EXISTS {terms.match(p, zero, v, terms.term(has))}")
        for name in present(g, shape):
            x = self.fresh()
            test = self.value(shape, name, x)
            walk = terms.match(p, zero, v, x)
            parts.append(f"NOT EXISTS {{ {walk} FILTER(!COALESCE({test}, false)) }}")
        return parts


def present(graph: rdflib.Graph, shape: rdflib.term.Node) -> list[str]:
    """Return the value-type parameters ``shape`` has, in a fixed order."""
    return [name for name in VALUE_PARAMETERS if one(graph, shape, name) is not None]


def check_known(graph: rdflib.Graph, shape: rdflib.term.Node) -> None:
    """Decline a shape with a SHACL parameter outside SHACL Core (sh:sparql, sh:rule, ...)."""
    for predicate in set(graph.predicates(shape)):
        name = str(predicate)
        if name.startswith(SH) and name[len(SH) :] not in KNOWN:
            raise NotCompilable(f"{name[len(SH) :]} is outside the compiled SHACL Core")


#: A builder of the expression for one component of one shape, on a variable.
Builder = Callable[[str], str]
