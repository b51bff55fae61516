"""SHACL validation results and reports: objects, and their text, JSON and Turtle.

A report holds the results of the SHACL engine and of the integrity rules
(:mod:`csrgraph.validation.rules`) side by side, in the same form.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from csrgraph.formats import Record, Report, render
from csrgraph.namespaces import SH, compact

if TYPE_CHECKING:
    import rdflib

_SH = SH


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

    def as_report(self) -> Report:
        """Return the report in the registry's neutral form: a summary line, a line a result.

        Lines use prefixed names where possible; the JSON form is ``{"conforms", "results"}``.

        >>> render(ValidationReport(True, []).as_report(), "text")
        b'Conforms: 0 results.\\n'
        """
        head = "Conforms" if self.conforms else "Does not conform"
        count = len(self.results)
        records = [Record(f"{head}: {count} result{'s' * (count != 1)}.")]
        records += [Record(result.to_line(self.prefixes)) for result in self.results]
        data = {"conforms": self.conforms, "results": [asdict(r) for r in self.results]}
        return Report(records, data=data)

    def to_text(self) -> str:
        r"""Return a summary line and one line per result (``validate``'s text report).

        >>> ValidationReport(True, []).to_text()
        'Conforms: 0 results.\n'
        """
        return render(self.as_report(), "text").decode()

    def to_json(self) -> str:
        """Return ``{"conforms": bool, "results": [...]}`` as indented JSON.

        >>> import json
        >>> json.loads(ValidationReport(False, []).to_json())["conforms"]
        False
        """
        return render(self.as_report(), "json").decode()

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
    short = compact(text[1:-1], prefixes)
    return text if short is None or short.endswith(":") else short


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


def _term(node: rdflib.term.Node) -> str:
    """N-Triples form of a term; ``"x"^^xsd:string`` is ``"x"`` (the same literal in RDF 1.1).

    >>> from rdflib import XSD, Literal
    >>> _term(Literal("P1", datatype=XSD.string))
    '"P1"'
    """
    from rdflib import XSD, Literal

    if isinstance(node, Literal) and node.datatype == XSD.string:
        return Literal(str(node)).n3()
    return node.n3()


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
                focus=_term(focus) if focus is not None else "",
                path=_path_text(report, path) if path is not None else None,
                value=_term(value) if value is not None else None,
                message=_pick_message(list(report.objects(node, sh.resultMessage))),
                shape=shape.n3() if shape is not None else "",
                severity=str(severity).rpartition("#")[2] if severity else "Violation",
            )
        )
    return sorted(results, key=lambda r: (r.focus, r.path or "", r.message, r.value or ""))
