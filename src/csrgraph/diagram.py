"""A picture of the model: classes and the properties between them, as Mermaid, DOT or SVG.

The picture is drawn from the ontology (classes, ``rdfs:subClassOf`` links, object properties
with ``rdfs:domain`` and ``rdfs:range``) and, for the overview, from the data: a link the data
uses between instances of two pictured classes (such as ``prov:wasDerivedFrom`` from a claim
to a statement) is drawn too. A picture of every class is unreadable, so there are views
(:data:`VIEWS`), each small enough to read. SVG needs Graphviz's ``dot`` on the PATH.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from csrgraph.errors import InputError, UsageError

if TYPE_CHECKING:
    import rdflib

CSRO = "https://w3id.org/csrgraph/ontology#"
SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
DOMAIN = "http://www.w3.org/2000/01/rdf-schema#domain"
RANGE = "http://www.w3.org/2000/01/rdf-schema#range"
OBJECT_PROPERTY = "http://www.w3.org/2002/07/owl#ObjectProperty"
OWL_CLASS = "http://www.w3.org/2002/07/owl#Class"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"

README_START = "<!-- diagram -->"
README_END = "<!-- /diagram -->"
README_VIEWS = ("overview", "claims")
README_FIX = "csrgraph diagram --readme README.md"


@dataclass(frozen=True)
class Edge:
    """A link in the picture: a property from one class to another, or a subclass link."""

    source: str
    target: str
    label: str  # a property IRI, or "" for rdfs:subClassOf


@dataclass(frozen=True)
class Model:
    """What one view pictures."""

    name: str
    title: str
    classes: tuple[str, ...]
    edges: tuple[Edge, ...]
    labels: dict[str, dict[str, str]]  # IRI -> language -> rdfs:label


@dataclass(frozen=True)
class View:
    """A readable part of the model."""

    title: str
    classes: Callable[[Ontology], set[str]]
    data_links: bool = False


@dataclass
class Ontology:
    """The facts of the ontology a picture needs, as plain strings."""

    subclass: dict[str, set[str]]  # class -> direct superclasses
    properties: list[tuple[str, str, str]]  # (property, domain, range)
    classes: set[str]
    labels: dict[str, dict[str, str]]

    def descendants(self, cls: str) -> set[str]:
        """Return ``cls`` and every class below it."""
        found = {cls}
        changed = True
        while changed:
            more = {c for c, sups in self.subclass.items() if sups & found} - found
            found |= more
            changed = bool(more)
        return found

    def ancestors(self, cls: str) -> list[str]:
        """Return ``cls`` and the classes above it, nearest first."""
        order, frontier = [cls], [cls]
        while frontier:
            nxt = sorted({s for c in frontier for s in self.subclass.get(c, ())} - set(order))
            order += nxt
            frontier = nxt
        return order


def _overview(onto: Ontology) -> set[str]:
    return {
        SCHEMA + "Occupation",
        CSRO + "Task",
        CSRO + "Claim",
        CSRO + "Requirement",
        CSRO + "Statement",
        CSRO + "Section",
        CSRO + "SourceDocument",
        PROV + "Agent",
    } & (onto.classes | {SCHEMA + "Occupation", PROV + "Agent"})


def _claims(onto: Ontology) -> set[str]:
    return onto.descendants(CSRO + "Claim")


def _qualifiers(onto: Ontology) -> set[str]:
    claim = CSRO + "Claim"
    return {claim} | {r for _, d, r in onto.properties if d == claim}


def _everything(onto: Ontology) -> set[str]:
    return {c for c in onto.classes if c.startswith(CSRO)} | {
        x for _, d, r in onto.properties for x in (d, r)
    }


#: view name -> view; the CLI's ``--view`` choices come from these keys.
VIEWS: dict[str, View] = {
    "overview": View("The occupation, its claims and their provenance", _overview, True),
    "claims": View("The kinds of claim", _claims),
    "qualifiers": View("What qualifies every claim", _qualifiers),
    "all": View("Every class of the ontology (large)", _everything),
}


def read_ontology(graph: rdflib.Graph) -> Ontology:
    """Collect classes, subclass links, object properties and labels from ``graph``."""
    import rdflib

    def iri(node: rdflib.term.Node) -> str | None:
        return str(node) if isinstance(node, rdflib.URIRef) else None

    subclass: dict[str, set[str]] = {}
    for s, o in graph.subject_objects(rdflib.URIRef(SUBCLASS)):
        if iri(s) and iri(o):
            subclass.setdefault(str(s), set()).add(str(o))
    classes = {str(s) for s in graph.subjects(rdflib.URIRef(RDF_TYPE), rdflib.URIRef(OWL_CLASS))}
    properties = []
    for p in graph.subjects(rdflib.URIRef(RDF_TYPE), rdflib.URIRef(OBJECT_PROPERTY)):
        for d in graph.objects(p, rdflib.URIRef(DOMAIN)):
            for r in graph.objects(p, rdflib.URIRef(RANGE)):
                if iri(p) and iri(d) and iri(r):
                    properties.append((str(p), str(d), str(r)))
    labels: dict[str, dict[str, str]] = {}
    for s, o in graph.subject_objects(rdflib.URIRef(RDFS_LABEL)):
        if isinstance(o, rdflib.Literal) and o.language:
            labels.setdefault(str(s), {})[o.language] = str(o)
    return Ontology(subclass, sorted(properties), classes, labels)


def _data_edges(
    graph: rdflib.Graph, onto: Ontology, shown: set[str], ontology_props: set[str]
) -> set[Edge]:
    """Links the data uses between instances of shown classes (nearest shown class)."""
    import rdflib

    nearest: dict[str, str] = {}
    for s, o in graph.subject_objects(rdflib.URIRef(RDF_TYPE)):
        for cls in onto.ancestors(str(o)):
            if cls in shown:
                current = nearest.get(str(s))
                # keep the most specific shown class an instance has
                if current is None or cls in onto.descendants(current):
                    nearest[str(s)] = cls
                break
    edges = set()
    for s, p, o in graph:
        if str(p) in ontology_props or str(p) == RDF_TYPE:
            continue
        a, b = nearest.get(str(s)), nearest.get(str(o))
        if a and b:
            edges.add(Edge(a, b, str(p)))
    return edges


def _prune(edges: set[Edge], onto: Ontology) -> list[Edge]:
    """Drop a property link that a superclass of its source already has to the same target."""
    kept = []
    for e in edges:
        inherited = any(
            Edge(sup, e.target, e.label) in edges for sup in onto.ancestors(e.source)[1:]
        )
        if e.label == "" or not inherited:
            kept.append(e)
    return sorted(kept, key=lambda e: (e.source, e.label, e.target))


def build_model(view: str = "overview", graph: rdflib.Graph | None = None) -> Model:
    """Return the classes and links of ``view``.

    Raises:
        UsageError: ``view`` is not one of :data:`VIEWS`.

    >>> m = build_model("claims")
    >>> "https://w3id.org/csrgraph/ontology#Claim" in m.classes
    True

    """
    if view not in VIEWS:
        raise UsageError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    if graph is None:
        from csrgraph.graph import load_graph

        graph = load_graph()
    onto = read_ontology(graph)
    spec = VIEWS[view]
    shown = spec.classes(onto)
    edges = {Edge(d, r, p) for p, d, r in onto.properties if d in shown and r in shown}
    edges |= {Edge(c, s, "") for c in shown for s in onto.subclass.get(c, ()) if s in shown}
    if spec.data_links:
        props = {p for p, _, _ in onto.properties}
        edges |= _data_edges(graph, onto, shown, props)
    return Model(view, spec.title, tuple(sorted(shown)), tuple(_prune(edges, onto)), onto.labels)


def _prefixed(iri: str) -> str:
    """Return a short name for an IRI of the namespaces the model uses.

    >>> _prefixed("https://schema.org/Occupation")
    'schema:Occupation'
    """
    for prefix, ns in (
        ("csro", CSRO),
        ("schema", SCHEMA),
        ("prov", PROV),
        ("skos", "http://www.w3.org/2004/02/skos/core#"),
        ("dcterms", "http://purl.org/dc/terms/"),
    ):
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def _name(model: Model, iri: str, lang: str | None) -> str:
    if lang and lang in model.labels.get(iri, {}):
        return model.labels[iri][lang]
    return _prefixed(iri)


def _node_id(iri: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in _prefixed(iri))


def to_mermaid(model: Model, lang: str | None = None) -> str:
    """Return the model as a Mermaid flowchart (GitHub renders it in Markdown).

    Property links are solid arrows labelled with the property; subclass links are dotted
    arrows labelled "is a". ``lang`` (``de``/``en``) shows labels instead of prefixed names.
    """
    lines = ["flowchart LR"]
    for cls in model.classes:
        shape = ('["', '"]') if cls.startswith(CSRO) else ('(["', '"])')
        lines.append(f"  {_node_id(cls)}{shape[0]}{_name(model, cls, lang)}{shape[1]}")
    is_a = {"de": "ist ein(e)", "en": "is a"}.get(lang or "en", "is a")
    for e in model.edges:
        if e.label:
            text = _name(model, e.label, lang)
            lines.append(f"  {_node_id(e.source)} -->|{text}| {_node_id(e.target)}")
        else:
            lines.append(f"  {_node_id(e.source)} -.->|{is_a}| {_node_id(e.target)}")
    return "\n".join(lines) + "\n"


def to_dot(model: Model, lang: str | None = None) -> str:
    """Return the model as a Graphviz DOT digraph (own classes filled, reused ones white)."""

    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [
        f"digraph {quote(model.name)} {{",
        "  rankdir=LR;",
        f"  label={quote(model.title)}; labelloc=t; fontname=Helvetica;",
        '  node [shape=box, style="rounded,filled", fontname=Helvetica, fontsize=11];',
        "  edge [fontname=Helvetica, fontsize=9];",
    ]
    for cls in model.classes:
        fill = "#dbe9f6" if cls.startswith(CSRO) else "#ffffff"
        lines.append(
            f"  {quote(cls)} [label={quote(_name(model, cls, lang))}, fillcolor={quote(fill)}];"
        )
    for e in model.edges:
        if e.label:
            label = quote(_name(model, e.label, lang))
            lines.append(f"  {quote(e.source)} -> {quote(e.target)} [label={label}];")
        else:
            lines.append(
                f"  {quote(e.source)} -> {quote(e.target)} [arrowhead=empty, style=dashed];"
            )
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_svg(model: Model, lang: str | None = None) -> str:
    """Return the model as SVG, drawn by Graphviz's ``dot``.

    Raises:
        UsageError: ``dot`` is not installed (the message says how to get it or what to use).
        InputError: ``dot`` failed.

    """
    dot = shutil.which("dot")
    if dot is None:
        raise UsageError(
            "the svg format needs Graphviz's `dot` program on the PATH "
            "(e.g. apt-get install graphviz); or use -f dot or -f mermaid"
        )
    done = subprocess.run(
        [dot, "-Tsvg"], input=to_dot(model, lang).encode("utf-8"), capture_output=True, check=False
    )
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(f"dot failed: {message[0] if message else f'exit {done.returncode}'}")
    return done.stdout.decode("utf-8")


#: format name -> renderer; the CLI's ``-f`` choices come from these keys.
RENDERERS: dict[str, Callable[[Model, str | None], str]] = {
    "mermaid": to_mermaid,
    "dot": to_dot,
    "svg": to_svg,
}


def render(view: str = "overview", fmt: str = "mermaid", lang: str | None = None) -> str:
    """Return ``view`` drawn in ``fmt`` (``mermaid``, ``dot`` or ``svg``).

    Raises:
        UsageError: unknown view or format, or ``svg`` without Graphviz.

    >>> render("claims").startswith("flowchart LR")
    True

    """
    if fmt not in RENDERERS:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(RENDERERS)}")
    return RENDERERS[fmt](build_model(view), lang)


def readme_block() -> str:
    """Return the README's diagram section, markers included."""
    parts = [
        README_START,
        "",
        f"The model, drawn from the ontology by `{README_FIX}` (a test keeps it in step; "
        "`csrgraph diagram --view all -f svg` draws everything). Boxes are our classes, "
        "rounded ones reused from schema.org and PROV; dotted arrows are subclass links.",
    ]
    for view in README_VIEWS:
        parts += ["", f"**{VIEWS[view].title}** (`--view {view}`):", "", "```mermaid"]
        parts.append(render(view, "mermaid").rstrip("\n"))
        parts.append("```")
    parts += ["", README_END]
    return "\n".join(parts)


def update_readme(text: str, name: str = "README") -> str:
    """Return README text with its diagram section replaced; ``name`` names it in errors.

    The section runs from a ``<!-- diagram -->`` line to a ``<!-- /diagram -->`` line (see
    :func:`readme_section`); a file without both (in that order) is refused rather than
    appended to.

    >>> update_readme("# Title", "notes.md")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    csrgraph.errors.InputError: notes.md: no diagram section: ...

    Raises:
        InputError: the markers are missing or out of order.

    """
    section = readme_section(text)
    if section is None:
        raise InputError(
            f"{name}: no diagram section: add the lines {README_START} and {README_END} "
            "where the diagram goes"
        )
    return text[: section[0]] + readme_block() + text[section[1] :]


def readme_section(text: str) -> tuple[int, int] | None:
    r"""Return where the diagram section of ``text`` starts and ends, or None if it has none.

    The markers count only on lines of their own, so prose that mentions them is not taken
    for the section.

    >>> readme_section("a\n<!-- diagram -->\nold\n<!-- /diagram -->\n")
    (2, 40)
    >>> readme_section("mentions <!-- diagram --> and <!-- /diagram --> inline") is None
    True
    """
    import re

    start = re.search(rf"(?m)^{re.escape(README_START)}[ \t]*$", text)
    if start is None:
        return None
    end = re.compile(rf"(?m)^{re.escape(README_END)}[ \t]*$").search(text, start.end())
    if end is None:
        return None
    return start.start(), end.start() + len(README_END)
