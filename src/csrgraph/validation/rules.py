"""The integrity rules of ``ontology/rules/*.rq``, run by ``validate`` over the same graph.

Each rule is a SPARQL SELECT that must return no row. SHACL Core cannot say these things
(a fact ID unique within its document, a quote in its document's language, every claim
reachable from an occupation), so they are queries; ``validate`` runs them with Oxigraph over
the graph it gives the SHACL engine, and reports each row as a SHACL result: the first bound
variable is the focus node, the second the value, the rule's ``#+ summary`` the message, and
``<https://w3id.org/csrgraph/rules/NAME>`` the source shape. A rule file is the only copy of
its text: the tests run it through :func:`csrgraph.validation`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from csrgraph import resources
from csrgraph.namespaces import BASE, SH
from csrgraph.sparql.engine import evaluate
from csrgraph.validation.report import ValidationResult

if TYPE_CHECKING:
    import pyoxigraph
    import rdflib

#: The IRI namespace of the rules; a rule's IRI is this plus its file's stem.
RULES_NS = BASE + "rules/"
_SH = SH


@dataclass(frozen=True)
class Rule:
    """One integrity rule: its name (file stem), summary line and SPARQL text."""

    name: str
    summary: str
    text: str

    @property
    def iri(self) -> str:
        """The rule's IRI, used as the ``sh:sourceShape`` of its results."""
        return RULES_NS + self.name


def _summary(text: str) -> str:
    for line in text.splitlines():
        if line.startswith("#+ summary:"):
            return line.partition(":")[2].strip()
    return ""


@cache
def _rules_in(folder: Path) -> tuple[Rule, ...]:
    return tuple(
        Rule(path.stem, _summary(text), text)
        for path in sorted(folder.glob("*.rq"))
        for text in [path.read_text(encoding="utf-8")]
    )


def bundled_rules() -> tuple[Rule, ...]:
    """Return the rules of ``ontology/rules/``, sorted by name.

    >>> len(bundled_rules()) >= 9
    True
    """
    return _rules_in(resources.ontology_dir() / "rules")


def run_rules(
    store: pyoxigraph.Store, rules: tuple[Rule, ...] | None = None
) -> list[ValidationResult]:
    """Run every rule over ``store`` (its default graph and named graphs) and return its rows."""
    results = []
    for rule in bundled_rules() if rules is None else rules:
        answer = evaluate(store, rule.text, use_default_graph_as_union=True)
        names = [v.value for v in answer.variables]
        for row in answer:
            bound = [(name, row[name]) for name in names if row[name] is not None]
            if not bound:
                continue
            details = ", ".join(f"{name} {term}" for name, term in bound[2:])
            results.append(
                ValidationResult(
                    focus=str(bound[0][1]),
                    path=None,
                    value=str(bound[1][1]) if len(bound) > 1 else None,
                    message=f"{rule.summary} ({details})" if details else rule.summary,
                    shape=f"<{rule.iri}>",
                    severity="Violation",
                )
            )
    return sorted(results, key=lambda r: (r.focus, r.shape, r.message))


def add_to_report(report: rdflib.Graph, results: list[ValidationResult]) -> None:
    """Add rule results to a SHACL report graph as ``sh:ValidationResult`` nodes.

    The report's ``sh:conforms`` turns false when there is any result.
    """
    from rdflib import RDF, BNode, Literal, Namespace, URIRef
    from rdflib.term import Node
    from rdflib.util import from_n3

    def term(text: str) -> Node:
        node = from_n3(text)
        assert isinstance(node, Node), text  # N-Triples from the engine: always a term
        return node

    if not results:
        return
    sh = Namespace(_SH)
    for node in list(report.subjects(RDF.type, sh.ValidationReport)):
        report.set((node, sh.conforms, Literal(False)))
        for result in results:
            item = BNode()
            report.add((node, sh.result, item))
            report.add((item, RDF.type, sh.ValidationResult))
            report.add((item, sh.resultSeverity, sh.Violation))
            report.add((item, sh.sourceConstraintComponent, sh.SPARQLConstraintComponent))
            report.add((item, sh.sourceShape, URIRef(result.shape[1:-1])))
            report.add((item, sh.focusNode, term(result.focus)))
            report.add((item, sh.resultMessage, Literal(result.message, lang="en")))
            if result.value is not None:
                report.add((item, sh.value, term(result.value)))
