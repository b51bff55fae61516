"""Validation in one place: the SHACL shapes, the integrity rules and the report.

:func:`validate` is what the CLI's ``validate`` calls, once: it runs the shapes with a SHACL
engine (:mod:`~csrgraph.validation.engines`) and the integrity rules
(:mod:`~csrgraph.validation.rules`) over the same graph, and returns one
:class:`~csrgraph.validation.report.ValidationReport` holding both kinds of result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING

from csrgraph._typing import PathLike
from csrgraph.errors import InputError, QueryTimeout, UsageError
from csrgraph.validation.report import ValidationReport, ValidationResult, results_from_report
from csrgraph.validation.shapes import has_shapes, load_shapes, shapes_name

if TYPE_CHECKING:
    import rdflib

    from csrgraph.graph.literals import LiteralWatch


__all__ = [
    "ValidationReport",
    "ValidationResult",
    "load_shapes",
    "results_from_report",
    "shapes_name",
    "validate",
]


def _engine_for(engine: str, watch: LiteralWatch) -> str:
    """Return the engine to run, given whether the data holds literals the store rewrites.

    Oxigraph's store keeps some typed literals in a form of its own (``"05"^^xsd:int`` as
    ``"5"^^xsd:integer``): the engines reading it (oxigraph, turbo) would judge values the
    data does not hold, so they refuse such data, and ``auto`` runs pySHACL instead.
    """
    changed = watch.rewritten()
    if changed is None:
        return engine
    if engine in ("oxigraph", "turbo"):
        raise InputError(
            f"the {engine} engine would judge {str(changed)[:200]} as its store"
            " rewrites it, not as written (choose {engine} pyshacl or jena)",
            parameter="engine",
        )
    return "pyshacl" if engine == "auto" else engine


class _TimeLimit:
    """The time limit of one validation, over every step of it (reading included).

    A step that parses user files ends their parse at the deadline (the parsing child is
    killed); a step that runs in this process (N-Triples read here, the gate, the bundled
    rules) cannot be stopped, so the deadline is checked before and after it. Either way a
    step past the deadline is :class:`~csrgraph.errors.QueryTimeout` naming the user's limit.
    """

    def __init__(self, where: str, timeout: float | None) -> None:
        import time

        self.where = where
        self.timeout = timeout
        self.deadline = None if timeout is None else time.monotonic() + timeout

    def expired(self) -> QueryTimeout:
        """Return the error of a validation that ran out of time."""
        return QueryTimeout(
            f"{self.where}: validation stopped after the time limit of {self.timeout or 0:g} s"
        )

    def left(self) -> float | None:
        """Return the seconds left (None: no limit); raise QueryTimeout when none are."""
        import time

        if self.deadline is None:
            return None
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise self.expired()
        return left

    @contextmanager
    def step(self) -> Iterator[None]:
        """Run a step within the time left: parses end at the deadline, which is checked after."""
        from csrgraph.graph.isolated import limited

        self.left()
        try:
            with limited(deadline=self.deadline):
                yield
        except (InputError, QueryTimeout):
            self.left()  # past the deadline: the time limit, whatever the step said
            raise
        self.left()


def validate(
    graph: rdflib.Graph | None = None,
    *,
    data: Iterable[PathLike] = (),
    shapes: rdflib.Graph | PathLike | Iterable[PathLike] | None = None,
    rules: bool | None = None,
    engine: str = "auto",
    timeout: float | None = None,
    progress: Callable[[str], None] | None = None,
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
        engine: ``auto`` (``oxigraph`` wherever the shapes compile to SPARQL, i.e. SHACL
            Core, as the bundled shapes do; otherwise pyshacl-turbo where installed, else
            pySHACL), ``oxigraph`` (csrgraph's own: the shapes compiled to SPARQL and run
            on the data's Oxigraph store; an error for shapes outside SHACL Core),
            ``pyshacl``, ``turbo`` or ``jena`` (Apache Jena, where Java and Jena are
            installed); see :mod:`csrgraph.validation.engines`.
        timeout: seconds after which validation is stopped (QueryTimeout); None for no
            limit. With a timeout, or with shapes that are not the bundled ones, the SHACL
            engine runs in the query path's sandboxed child (no network, killed on time);
            every SPARQL text of such shapes is checked first (:mod:`~csrgraph.validation.gate`).
            ``jena`` runs in a sandboxed Java process of its own, stopped after ``timeout``.
        progress: called with a short line as each step begins (reading, shapes, rules).

    Raises:
        InputError: a data or shapes file cannot be read or parsed, the shapes hold no
            shape, or the engine cannot run them (e.g. a SPARQL text with SERVICE or an
            update, or a malformed ``sh:select``).
        QueryTimeout: the time limit passed.
        UsageError: an unknown engine, ``turbo`` where it is not installed, or a timeout
            that is not a positive, finite number.

    >>> validate().conforms
    True

    """
    import math

    import pyoxigraph as ox
    import rdflib

    from csrgraph.arguments import as_paths, check_flag
    from csrgraph.graph.literals import LiteralWatch
    from csrgraph.graph.load import (
        graph_from_quads,
        load_graph,
        load_parsed,
        load_store_and_prefixes,
    )
    from csrgraph.validation.engines import quiet, run_isolated, run_shacl
    from csrgraph.validation.gate import check_shapes

    if graph is not None and not isinstance(graph, rdflib.Graph):
        raise UsageError(
            f"{{graph}} must be an rdflib.Graph or None, got {type(graph).__name__}",
            parameter="graph",
        )
    if rules is not None:
        check_flag(rules, "rules")
    if shapes is not None and not isinstance(shapes, rdflib.Graph):
        as_paths(shapes, "shapes")
    if timeout is not None and not (
        isinstance(timeout, int | float) and math.isfinite(timeout) and timeout > 0
    ):
        raise UsageError(
            "the timeout must be a positive number of seconds", parameter="timeout", value=timeout
        )
    from csrgraph.validation.rules import add_to_report, run_rules

    where = shapes_name(shapes)
    job = _TimeLimit(where, timeout)
    say = progress or (lambda step: None)
    say("reading the data")
    faithful: list[ox.Quad] | None = None  # the data as parsed, where the store will not do
    with quiet():  # rdflib logs a traceback for each ill-typed literal it copies
        if graph is None:
            # Parsed once, held once: streamed into Oxigraph (the Oxigraph-based engines and
            # the rules read it there); an rdflib copy is made from it only if pySHACL runs.
            watch = LiteralWatch()
            with job.step():  # each user file parsed within the time left
                data_store, prefixes = load_store_and_prefixes(data, watch=watch)
            # The store keeps some typed literals in a form of its own ("05"^^xsd:int as
            # "5"^^xsd:integer): then only pySHACL or Jena, on a copy parsed again from the
            # files, judge the data as written; they always get such a copy.
            engine = _engine_for(engine, watch)
            if engine in ("pyshacl", "jena"):
                with job.step():
                    parsed = load_parsed(data)
                faithful = parsed.quads
                as_graph = cache(lambda: graph_from_quads(parsed.quads, prefixes))
            else:
                as_graph = cache(lambda: graph_from_quads(data_store, prefixes))

            def as_store() -> ox.Store:
                return data_store

        else:
            merged = load_graph(include_data=False)
            merged += graph
            for name, iri in graph.namespaces():
                merged.bind(name, iri, override=True, replace=True)
            prefixes = {name: str(iri) for name, iri in merged.namespaces() if name}
            as_graph = cache(lambda: merged)
            text = merged.serialize(format="nt", encoding="utf-8")
            watch = LiteralWatch()
            given = list(watch.quads(ox.parse(text, ox.RdfFormat.N_TRIPLES)))
            engine = _engine_for(engine, watch)
            faithful = given if engine in ("pyshacl", "jena") else None

            def as_store() -> ox.Store:
                store = ox.Store()
                store.bulk_extend(given)
                return store

    as_store = cache(as_store)
    with job.step():  # the user's shapes files parsed within the time left
        shapes_graph = load_shapes(shapes)
        if not has_shapes(shapes_graph):
            raise InputError(f"{where}: no SHACL shapes found")
        # The gate: no SPARQL text of the user's shapes reaches an engine unchecked, and those
        # shapes (whatever else they hold) run where they can reach no network, within time.
        sparql = check_shapes(shapes_graph, where) if shapes is not None else 0
    say("checking the shapes")
    with job.step():
        if engine != "jena" and (shapes is not None or timeout is not None):
            conforms, report_graph, _ = run_isolated(
                engine,
                where,
                shapes_graph,
                as_store() if faithful is None else faithful,
                fallback=not sparql,
                timeout=job.left(),
            )
        else:
            conforms, report_graph, _ = run_shacl(
                engine,
                where,
                shapes_graph,
                as_graph,
                as_store,
                timeout=job.left(),
                faithful=faithful,
            )
    results = results_from_report(report_graph)
    if shapes is None if rules is None else rules:
        say("checking the integrity rules")
        with job.step():  # the bundled rules, in this process: the time is checked after
            broken = run_rules(as_store())
        add_to_report(report_graph, broken)
        results = sorted(
            results + broken, key=lambda r: (r.focus, r.path or "", r.message, r.value or "")
        )
        conforms = conforms and not broken
    return ValidationReport(conforms, results, graph=report_graph, prefixes=prefixes)
