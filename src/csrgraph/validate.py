"""Validate the graph (or the user's extension of it) against the bundled SHACL shapes.

pySHACL runs with ``inference="none"`` and the bundled ontology as its ``ont_graph`` (mixed
into the data graph). No inference is needed for subclass targets: SHACL itself defines
``sh:targetClass`` and ``sh:class`` through ``rdf:type/rdfs:subClassOf*`` in the data graph,
and the ontology's ``rdfs:subClassOf`` triples are there. RDFS inference would be wrong, not
only slow: ``rdfs:range`` would type any dangling link as an instance of the range class, so
``sh:class`` could never catch it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from csrgraph import resources
from csrgraph.errors import InputError

if TYPE_CHECKING:
    import rdflib

PathLike = str | Path

_SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL result; terms are in N-Triples form (``<iri>``, ``"literal"@de``, ``_:b``)."""

    focus: str
    path: str | None
    value: str | None
    message: str
    shape: str
    severity: str

    def to_line(self, compact: dict[str, str] | None = None) -> str:
        """Return the result as one line: severity, focus node, path, value, message.

        The path is left out when the message already starts with it.

        >>> ValidationResult("<http://e/a>", "<http://e/p>", None, "Missing", "_:s",
        ...                  "Violation").to_line({"ex": "http://e/"})
        'Violation: ex:a ex:p: Missing'
        >>> ValidationResult("<http://e/a>", "<http://e/p>", None, "ex:p: give one", "_:s",
        ...                  "Violation").to_line({"ex": "http://e/"})
        'Violation: ex:a: ex:p: give one'
        """
        parts = [_compact(self.focus, compact)]
        if self.path and not _starts_with_path(self.message, self.path, compact):
            parts.append(_compact(self.path, compact))
        if self.value is not None:
            parts.append(f"value {_compact(self.value, compact)}")
        return f"{self.severity}: {' '.join(parts)}: {self.message}"


@dataclass
class ValidationReport:
    """The outcome of :func:`validate`: whether the data conforms, and every result."""

    conforms: bool
    results: list[ValidationResult]
    graph: rdflib.Graph | None = field(default=None, repr=False, compare=False)
    prefixes: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def to_text(self) -> str:
        r"""Return a summary line and one line per result, prefixed names where possible.

        >>> ValidationReport(True, []).to_text()
        'Conforms: 0 results.\n'
        """
        head = "Conforms" if self.conforms else "Does not conform"
        lines = [f"{head}: {len(self.results)} result{'s' * (len(self.results) != 1)}."]
        lines += [result.to_line(self.prefixes) for result in self.results]
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        """Return ``{"conforms": bool, "results": [...]}`` as indented JSON.

        >>> json.loads(ValidationReport(False, []).to_json())["conforms"]
        False
        """
        payload = {"conforms": self.conforms, "results": [asdict(r) for r in self.results]}
        return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"

    def to_turtle(self) -> str:
        """Return the SHACL validation report graph in Turtle."""
        if self.graph is None:
            return ""
        self.graph.bind("sh", _SH)
        return self.graph.serialize(format="turtle")


def _starts_with_path(message: str, path: str, prefixes: dict[str, str] | None) -> bool:
    """Tell whether ``message`` begins with ``path`` (as written, or prefixed), as a whole word.

    >>> _starts_with_path("ex:p: give one", "<http://e/p>", {"ex": "http://e/"})
    True
    >>> _starts_with_path("ex:parts: give one", "<http://e/p>", {"ex": "http://e/"})
    False
    """
    for form in {path, _compact(path, prefixes)}:
        rest = message[len(form) :]
        if message.startswith(form) and not (rest[:1].isalnum() or rest[:1] in ("_", "-")):
            return True
    return False


def _compact(text: str, prefixes: dict[str, str] | None) -> str:
    """Shorten ``<iri>`` to ``prefix:local`` when a prefix matches and the rest is simple."""
    if not prefixes or not (text.startswith("<") and text.endswith(">")):
        return text
    iri = text[1:-1]
    for name, base in sorted(prefixes.items(), key=lambda item: -len(item[1])):
        local = iri[len(base) :]
        if iri.startswith(base) and local.replace("-", "").replace("_", "").isalnum():
            return f"{name}:{local}"
    return text


def _path_text(graph: rdflib.Graph, node: rdflib.term.Node) -> str:
    """Render a SHACL property path (IRI, sequence, inverse, alternative, repetition)."""
    from rdflib import RDF, BNode, Namespace
    from rdflib.collection import Collection

    sh = Namespace(_SH)
    if not isinstance(node, BNode):
        return node.n3()
    if (node, RDF.first, None) in graph:
        return " / ".join(_path_text(graph, item) for item in Collection(graph, node))
    for predicate, template in (
        (sh.inversePath, "^{}"),
        (sh.zeroOrMorePath, "{}*"),
        (sh.oneOrMorePath, "{}+"),
        (sh.zeroOrOnePath, "{}?"),
    ):
        inner = graph.value(node, predicate)
        if inner is not None:
            return template.format(_path_text(graph, inner))
    alternatives = graph.value(node, sh.alternativePath)
    if alternatives is not None:
        items = Collection(graph, alternatives)
        return "(" + " | ".join(_path_text(graph, item) for item in items) + ")"
    return node.n3()


def _pick_message(messages: list[rdflib.term.Node]) -> str:
    """Prefer an English message, then one without a language, then any."""
    from rdflib import Literal

    def rank(message: rdflib.term.Node) -> int:
        lang = message.language if isinstance(message, Literal) else None
        return {"en": 0, None: 1}.get(lang, 2)

    return str(sorted(messages, key=lambda m: (rank(m), str(m)))[0]) if messages else ""


def results_from_report(report: rdflib.Graph) -> list[ValidationResult]:
    """Read every ``sh:ValidationResult`` of a SHACL report graph, sorted."""
    from rdflib import RDF, Namespace

    sh = Namespace(_SH)
    results = []
    for node in report.subjects(RDF.type, sh.ValidationResult):
        path = report.value(node, sh.resultPath)
        value = report.value(node, sh.value)
        severity = report.value(node, sh.resultSeverity)
        shape = report.value(node, sh.sourceShape)
        focus = report.value(node, sh.focusNode)
        results.append(
            ValidationResult(
                focus=focus.n3() if focus is not None else "",
                path=_path_text(report, path) if path is not None else None,
                value=value.n3() if value is not None else None,
                message=_pick_message(list(report.objects(node, sh.resultMessage))),
                shape=shape.n3() if shape is not None else "",
                severity=str(severity).rpartition("#")[2] if severity else "Violation",
            )
        )
    return sorted(results, key=lambda r: (r.focus, r.path or "", r.message, r.value or ""))


def load_shapes(shapes: rdflib.Graph | PathLike | Iterable[PathLike] | None = None) -> rdflib.Graph:
    """Return the shapes graph: the bundled shapes, or the given graph or files.

    >>> len(load_shapes()) > 0
    True
    """
    import rdflib

    from csrgraph.graph import Parsed, graph_from_parsed, parse_file

    if isinstance(shapes, rdflib.Graph):
        return shapes
    if shapes is None:
        files: list[PathLike] = list(resources.shapes_files())
    elif isinstance(shapes, str | Path):
        files = [shapes]
    else:
        files = list(shapes)
    parsed = Parsed()
    for path in files:
        parsed.extend(parse_file(path))
    return graph_from_parsed(parsed)


def shapes_name(shapes: rdflib.Graph | PathLike | Iterable[PathLike] | None) -> str:
    """Return how messages name a shapes source: its file name(s), or ``shapes graph``.

    >>> shapes_name("my-shapes.ttl"), shapes_name(["a.ttl", "b.ttl"])
    ('my-shapes.ttl', 'a.ttl, b.ttl')
    """
    import rdflib

    if isinstance(shapes, rdflib.Graph):
        return "shapes graph"
    if shapes is None:
        return ", ".join(p.name for p in resources.shapes_files())
    if isinstance(shapes, str | Path):
        return str(shapes)
    return ", ".join(str(p) for p in shapes)


def has_shapes(graph: rdflib.Graph) -> bool:
    """Tell whether ``graph`` declares any SHACL shape.

    A shape is an ``sh:NodeShape`` or ``sh:PropertyShape``, or a node with a target or an
    ``sh:path`` (SHACL also takes those as shapes without the type).
    """
    from rdflib import RDF, Namespace

    sh = Namespace(_SH)
    for kind in (sh.NodeShape, sh.PropertyShape):
        if (None, RDF.type, kind) in graph:
            return True
    hints = (sh.targetClass, sh.targetNode, sh.targetSubjectsOf, sh.targetObjectsOf, sh.path)
    return any((None, hint, None) in graph for hint in hints)


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def validate(
    graph: rdflib.Graph | None = None,
    *,
    data: Iterable[PathLike] = (),
    shapes: rdflib.Graph | PathLike | Iterable[PathLike] | None = None,
) -> ValidationReport:
    """Validate a graph against SHACL shapes.

    Args:
        graph: the data graph; by default the bundled graph plus ``data`` (see
            :func:`csrgraph.load_graph`). A given graph is validated with the bundled
            ontology mixed in, so that subclasses meet their superclass's shapes.
        data: extra RDF files added to the bundled graph (only when ``graph`` is None).
        shapes: a shapes graph or shapes file(s); by default the bundled ``ontology/shapes.ttl``.

    Raises:
        InputError: a data or shapes file cannot be read or parsed, the shapes hold no
            shape, or pySHACL cannot run them (e.g. a SPARQL constraint with SERVICE).

    >>> validate().conforms
    True

    """
    from csrgraph.graph import load_graph

    ont_graph = None
    if graph is None:
        graph = load_graph(data)
    else:
        ont_graph = load_graph(include_data=False)
    shapes_graph = load_shapes(shapes)
    where = shapes_name(shapes)
    if not has_shapes(shapes_graph):
        raise InputError(f"{where}: no SHACL shapes found")

    import pyshacl
    from pyshacl.errors import ReportableRuntimeError
    from rdflib import Graph

    try:
        conforms, report_graph, _ = pyshacl.validate(
            graph,
            shacl_graph=shapes_graph,
            ont_graph=ont_graph,
            inference="none",
            advanced=True,
            abort_on_first=False,
            allow_warnings=False,
        )
    except ReportableRuntimeError as err:  # a shape pySHACL cannot load or run
        raise InputError(f"{where}: {_one_line(err.message)}") from None
    if not isinstance(report_graph, Graph):  # pySHACL returns a ValidationFailure
        message = getattr(report_graph, "message", report_graph)
        raise InputError(f"{where}: SHACL validation failed: {_one_line(message)}")
    prefixes = {name: str(iri) for name, iri in graph.namespaces() if name}
    return ValidationReport(
        conforms=bool(conforms),
        results=results_from_report(report_graph),
        graph=report_graph,
        prefixes=prefixes,
    )
