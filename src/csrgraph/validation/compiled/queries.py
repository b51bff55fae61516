"""Shapes to SPARQL: one SELECT per (shape, constraint) that returns its violations.

Each query returns ``?this`` (the focus node) and, where the component has one, ``?value``
(and ``?path`` for ``sh:closed``); :class:`Check` carries what the report needs besides.
Focus nodes come from the shape's targets (``sh:targetClass`` through
``rdf:type/rdfs:subClassOf*``, an implicit class target, ``sh:targetNode``,
``sh:targetSubjectsOf``, ``sh:targetObjectsOf``, and SPARQL targets, whose nodes the runner
finds first and passes in as ``VALUES``) or, for a property shape, its node shape's targets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from csrgraph.errors import NotCompilable
from csrgraph.namespaces import OWL, SH
from csrgraph.validation.compiled import terms
from csrgraph.validation.compiled.conditions import (
    RDF,
    RDFS,
    TYPE_PATH,
    Conditions,
    check_known,
    count,
    flag,
    one,
    present,
)

if TYPE_CHECKING:
    import rdflib

OWL = OWL
#: The component each parameter reports as sh:sourceConstraintComponent.
COMPONENT = {
    "class": "Class",
    "datatype": "Datatype",
    "nodeKind": "NodeKind",
    "pattern": "Pattern",
    "minInclusive": "MinInclusive",
    "minExclusive": "MinExclusive",
    "maxInclusive": "MaxInclusive",
    "maxExclusive": "MaxExclusive",
    "minLength": "MinLength",
    "maxLength": "MaxLength",
    "languageIn": "LanguageIn",
    "in": "In",
    "node": "Node",
    "or": "Or",
    "and": "And",
    "not": "Not",
    "xone": "Xone",
    "hasValue": "HasValue",
    "minCount": "MinCount",
    "maxCount": "MaxCount",
    "uniqueLang": "UniqueLang",
    "equals": "Equals",
    "disjoint": "Disjoint",
    "lessThan": "LessThan",
    "lessThanOrEquals": "LessThanOrEquals",
    "closed": "Closed",
}


@dataclass
class Check:
    """One compiled query and what each of its rows reports."""

    shape: rdflib.term.Node
    component: str
    text: str
    path: rdflib.term.Node | None
    #: the row variable that holds sh:value (``this`` on a node's own value), or None
    value: str | None = "value"


#: Gives the SPARQL target's focus nodes as a VALUES block body (terms, space-separated).
TargetNodes = Callable[["rdflib.term.Node"], str]
#: Gives a class and its subclasses in the data (``rdfs:subClassOf*``) as a VALUES block
#: body, or None where that set holds a blank node (then the path is written out).
Subclasses = Callable[[str], "str | None"]


def _sh(name: str) -> rdflib.URIRef:
    from rdflib import URIRef

    return URIRef(SH + name)


def _active(graph: rdflib.Graph, shape: rdflib.term.Node) -> bool:
    return not flag(one(graph, shape, "deactivated"))


def target(
    graph: rdflib.Graph,
    shape: rdflib.term.Node,
    nodes: TargetNodes,
    subclasses: Subclasses | None = None,
) -> str | None:
    """Return the group pattern binding ``?this`` to each focus node of ``shape``, or None.

    With ``subclasses``, the class targets become one ``rdf:type`` lookup of the classes
    and their subclasses (found once per class), not a ``rdfs:subClassOf*`` path per query.
    """
    from rdflib import RDF as R
    from rdflib import URIRef

    parts = []
    classes = list(graph.objects(shape, _sh("targetClass")))
    if {URIRef(f"{RDFS}Class"), URIRef(f"{OWL}Class")} & set(graph.objects(shape, R.type)):
        classes.append(shape)
    known = [subclasses(str(c)) for c in classes] if subclasses is not None else []
    if classes and known and all(body is not None for body in known):
        members = sorted({term for body in known for term in str(body).split()})
        parts.append(f"{{ ?this <{RDF}type> ?_tc VALUES ?_tc {{ {' '.join(members)} }} }}")
    else:
        parts += [f"{{ ?this {TYPE_PATH} {terms.iri(str(c))} }}" for c in classes]
    given = [terms.term(n) for n in graph.objects(shape, _sh("targetNode"))]
    if given:
        parts.append(f"{{ VALUES ?this {{ {' '.join(given)} }} }}")
    for p in graph.objects(shape, _sh("targetSubjectsOf")):
        parts.append(f"{{ ?this {terms.iri(str(p))} ?_t }}")
    for p in graph.objects(shape, _sh("targetObjectsOf")):
        parts.append(f"{{ ?_t {terms.iri(str(p))} ?this }}")
    for node in graph.objects(shape, _sh("target")):
        kinds = set(graph.objects(node, R.type))
        if kinds != {_sh("SPARQLTarget")} or one(graph, node, "select") is None:
            raise NotCompilable("a target other than a SPARQL target (sh:SPARQLTarget)")
        if set(graph.predicates(node)) - {R.type, _sh("select"), _sh("prefixes")}:
            raise NotCompilable("a SPARQL target with parameters")
        parts.append(f"{{ VALUES ?this {{ {nodes(node)} }} }}")
    if not parts:
        return None
    # Inline, not a sub-select: Oxigraph joins a sub-select with a scan of what follows
    # (1.3 s a closed shape at 100k lines, for a class without instances); the duplicates a
    # union can give are removed by each query's DISTINCT (or COUNT(DISTINCT ...)).
    return "{ " + " UNION ".join(parts) + " }"


def compile_shapes(
    graph: rdflib.Graph, nodes: TargetNodes, subclasses: Subclasses | None = None
) -> list[Check]:
    """Compile every active shape with targets (and the property shapes it holds).

    ``subclasses`` (see :data:`Subclasses`) lets class tests look types up in a list.
    """
    from rdflib import RDF as R

    if any(True for _ in graph.subjects(R.type, _sh("ConstraintComponent"))):
        raise NotCompilable("custom constraint components (SHACL-SPARQL)")
    if any(True for _ in graph.subject_objects(_sh("rule"))):
        raise NotCompilable("SHACL rules")
    conditions = Conditions(graph, subclasses)
    checks: list[Check] = []
    shapes = set(graph.subjects(R.type, _sh("NodeShape")))
    shapes |= set(graph.subjects(R.type, _sh("PropertyShape")))
    for name in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "target"):
        shapes |= set(graph.subjects(_sh(name), None))
    for shape in sorted(shapes, key=str):
        if not _active(graph, shape):
            continue
        focus = target(graph, shape, nodes, subclasses)
        if focus is None:
            continue
        checks += shape_checks(graph, conditions, shape, focus)
    return checks


def shape_checks(
    graph: rdflib.Graph, conditions: Conditions, shape: rdflib.term.Node, focus: str
) -> list[Check]:
    """Return the checks of one shape whose focus nodes ``focus`` binds to ``?this``."""
    check_known(graph, shape)
    if one(graph, shape, "path") is not None:
        return list(_property(graph, conditions, shape, focus))
    checks = []
    for name in present(graph, shape):
        test = conditions.value(shape, name, "?this")
        text = f"SELECT DISTINCT ?this WHERE {{ {focus} FILTER(!COALESCE({test}, false)) }}"
        checks.append(Check(shape, name, text, None, "this"))
    has = one(graph, shape, "hasValue")
    if has is not None:
        test = f"FILTER(!sameTerm(?this, {terms.term(has)}))"
        text = f"SELECT DISTINCT ?this WHERE {{ {focus} {test} }}"
        checks.append(Check(shape, "hasValue", text, None, "this"))
    children = [c for c in graph.objects(shape, _sh("property")) if _active(graph, c)]
    if flag(one(graph, shape, "closed")):
        allowed = [one(graph, c, "path") for c in graph.objects(shape, _sh("property"))]
        ignored = one(graph, shape, "ignoredProperties")
        from rdflib import URIRef
        from rdflib.collection import Collection

        names: list[rdflib.term.Node] = [p for p in allowed if isinstance(p, URIRef)]
        names += list(Collection(graph, ignored)) if ignored is not None else []
        keep = ", ".join(terms.iri(str(p)) for p in names)
        test = f"FILTER(?path NOT IN ({keep}))" if keep else ""
        text = f"SELECT DISTINCT ?this ?path ?value WHERE {{ {focus} ?this ?path ?value {test} }}"
        checks.append(Check(shape, "closed", text, None))
    for child in sorted(children, key=str):
        if one(graph, child, "path") is None:
            raise NotCompilable("sh:property pointing to a shape without sh:path")
        checks += shape_checks(graph, conditions, child, focus)
    return checks


def _property(
    graph: rdflib.Graph, conditions: Conditions, shape: rdflib.term.Node, focus: str
) -> Iterator[Check]:
    """Yield the checks of a property shape: counts, pairs, value types."""
    node = one(graph, shape, "path")
    assert node is not None
    p = terms.path(graph, node)
    zero = terms.zero_length(graph, node)

    def walk(o: str, before: str = "") -> str:  # ?this along the path to o
        return terms.match(p, zero, "?this", o, before)

    if one(graph, shape, "property") is not None or one(graph, shape, "closed") is not None:
        raise NotCompilable("sh:property or sh:closed on a property shape")
    least = one(graph, shape, "minCount")
    if least is not None and count(least) == 1:
        text = f"SELECT DISTINCT ?this WHERE {{ {focus} FILTER NOT EXISTS {walk('?_x')} }}"
        yield Check(shape, "minCount", text, node, None)
    elif least is not None and count(least) > 1:
        text = (
            f"SELECT DISTINCT ?this WHERE {{ {focus} OPTIONAL {walk('?_x')} }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?_x) < {count(least)})"
        )
        yield Check(shape, "minCount", text, node, None)
    most = one(graph, shape, "maxCount")
    if most is not None:
        text = (
            f"SELECT DISTINCT ?this WHERE {{ {walk('?_x', focus)} }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?_x) > {count(most)})"
        )
        yield Check(shape, "maxCount", text, node, None)
    has = one(graph, shape, "hasValue")
    if has is not None:
        absent = f"FILTER NOT EXISTS {walk(terms.term(has))}"
        text = f"SELECT DISTINCT ?this WHERE {{ {focus} {absent} }}"
        yield Check(shape, "hasValue", text, node, None)
    if flag(one(graph, shape, "uniqueLang")):
        text = (
            f"SELECT DISTINCT ?this ?_lang WHERE {{ {walk('?_a', focus)} "
            f"{walk('?_b', focus if zero else '')} "
            f'BIND(LCASE(lang(?_a)) AS ?_lang) FILTER(?_lang != "" && '
            f"LCASE(lang(?_b)) = ?_lang && !sameTerm(?_a, ?_b)) }}"
        )
        yield Check(shape, "uniqueLang", text, node, None)
    for name, test in (
        ("equals", "FILTER NOT EXISTS {{ ?this {q} ?value }}"),
        ("disjoint", "?this {q} ?value ."),
        ("lessThan", "?this {q} ?_o FILTER(!COALESCE(?value < ?_o, false))"),
        ("lessThanOrEquals", "?this {q} ?_o FILTER(!COALESCE(?value <= ?_o, false))"),
    ):
        for other in graph.objects(shape, _sh(name)):
            q = terms.iri(str(other))
            body = f"{walk('?value', focus)} {test.format(q=q)}"
            if name == "equals":
                back = f"{focus} ?this {q} ?value FILTER NOT EXISTS {walk('?value')}"
                body = f"{{ {body} }} UNION {{ {back} }}"
            text = f"SELECT DISTINCT ?this ?value WHERE {{ {body} }}"
            yield Check(shape, name, text, node)
    for name in present(graph, shape):
        test = conditions.value(shape, name, "?value")
        text = (
            f"SELECT DISTINCT ?this ?value WHERE {{ {walk('?value', focus)} "
            f"FILTER(!COALESCE({test}, false)) }}"
        )
        yield Check(shape, name, text, node)


__all__ = ["COMPONENT", "RDF", "Check", "compile_shapes"]
