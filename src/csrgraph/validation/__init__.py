"""Validation in one place: the SHACL shapes, the integrity rules and the report.

:func:`validate` is what the CLI's ``validate`` calls, once: it runs the shapes with a SHACL
engine (:mod:`~csrgraph.validation.engines`) and the integrity rules
(:mod:`~csrgraph.validation.rules`) over the same graph, and returns one
:class:`~csrgraph.validation.report.ValidationReport` holding both kinds of result.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

from csrgraph._typing import PathLike
from csrgraph.errors import InputError
from csrgraph.validation.report import ValidationReport, ValidationResult, results_from_report
from csrgraph.validation.shapes import has_shapes, load_shapes, shapes_name

if TYPE_CHECKING:
    import rdflib


__all__ = [
    "ValidationReport",
    "ValidationResult",
    "load_shapes",
    "results_from_report",
    "shapes_name",
    "validate",
]


def validate(
    graph: rdflib.Graph | None = None,
    *,
    data: Iterable[PathLike] = (),
    shapes: rdflib.Graph | PathLike | Iterable[PathLike] | None = None,
    rules: bool | None = None,
    engine: str = "auto",
) -> ValidationReport:
    """Validate a graph against SHACL shapes and the integrity rules.

    Args:
        graph: the data graph; by default the bundled graph plus ``data`` (see
            :func:`csrgraph.load_graph`). A given graph is validated with the bundled
            ontology mixed in, so that subclasses meet their superclass's shapes.
        data: extra RDF files added to the bundled graph (only when ``graph`` is None).
        shapes: a shapes graph or shapes file(s); by default the bundled ``ontology/shapes.ttl``.
        rules: run the integrity rules of ``ontology/rules/`` too; by default only with the
            bundled shapes (the rules are about csrgraph's vocabulary, as those shapes are).
        engine: ``auto`` (pyshacl-turbo where installed, else pySHACL), ``pyshacl`` or
            ``turbo``; see :mod:`csrgraph.validation.engines`.

    Raises:
        InputError: a data or shapes file cannot be read or parsed, the shapes hold no
            shape, or the engine cannot run them (e.g. a SPARQL constraint with SERVICE or
            a malformed ``sh:select``).
        UsageError: an unknown engine, or ``turbo`` where it is not installed.

    >>> validate().conforms
    True

    """
    import pyoxigraph as ox

    from csrgraph.graph.load import graph_from_parsed, load_graph, load_parsed
    from csrgraph.validation.engines import quiet, run_shacl, to_store
    from csrgraph.validation.rules import add_to_report, run_rules

    with quiet():  # rdflib logs a traceback for each ill-typed literal it copies
        if graph is None:
            parsed = load_parsed(data)
            prefixes = dict(parsed.prefixes)
            as_graph = cache(lambda: graph_from_parsed(parsed))

            def as_store() -> ox.Store:
                store = ox.Store()
                store.extend(parsed.quads)
                return store

        else:
            merged = load_graph(include_data=False)
            merged += graph
            for name, iri in graph.namespaces():
                merged.bind(name, iri, override=True, replace=True)
            prefixes = {name: str(iri) for name, iri in merged.namespaces() if name}
            as_graph = cache(lambda: merged)

            def as_store() -> ox.Store:
                return to_store(merged)

    as_store = cache(as_store)
    shapes_graph = load_shapes(shapes)
    where = shapes_name(shapes)
    if not has_shapes(shapes_graph):
        raise InputError(f"{where}: no SHACL shapes found")
    conforms, report_graph, _ = run_shacl(engine, where, shapes_graph, as_graph, as_store)
    results = results_from_report(report_graph)
    if shapes is None if rules is None else rules:
        broken = run_rules(as_store())
        add_to_report(report_graph, broken)
        results = sorted(
            results + broken, key=lambda r: (r.focus, r.path or "", r.message, r.value or "")
        )
        conforms = conforms and not broken
    return ValidationReport(conforms, results, graph=report_graph, prefixes=prefixes)
