"""The SHACL engines ``validate`` can run: oxigraph, pySHACL, pyshacl-turbo, Jena.

``oxigraph`` is csrgraph's own (:mod:`csrgraph.validation.compiled`): SHACL Core shapes
compiled to SPARQL and run on the data's pyoxigraph Store. ``auto`` (the default) runs it
whenever it can compile the shapes, because it measured fastest everywhere (2 shared cores,
the bundled shapes, ``validate --data``, wall time and peak memory): the first 100k lines of
the O*NET import oxigraph 4.1 s (154 MB), turbo 7.5 s (266 MB), pySHACL stopped at 240 s
(350 MB); the whole O*NET import (1.88M triples) oxigraph 78.5 s (995 MiB) against Jena's
``shacl validate`` 117.8 s (3,355 MiB) and ``--engine jena`` 76.0 s (3,429 MiB) in the same
run; O*NET + ESCO (2.49M) oxigraph 98.3 s, Jena 124.2 s, ``--engine jena`` 401 s; the
bundled graph alone oxigraph 1.3 s, pySHACL 1.6 s (``benchmarks/validation_release.py``).
Shapes outside SHACL Core (SPARQL constraints,
custom components, rules, recursion) raise :class:`~csrgraph.errors.NotCompilable` before
any query runs, and ``auto`` goes on as before: pyshacl-turbo (the ``[fast]`` extra; Rust,
pySHACL's API) when it is importable on Python 3.11 or later, and pySHACL otherwise or when
turbo raises. Turbo gets
data *and* shapes as pyoxigraph Stores: with the shapes as an rdflib Graph next to a Store of
data it compares ``"P1"^^xsd:string`` with ``"P1"`` and reports false ``sh:in`` results.

Both run with ``inference="none"``: SHACL defines ``sh:targetClass`` and ``sh:class`` through
``rdf:type/rdfs:subClassOf*`` in the data graph, and the ontology is part of it. RDFS
inference would be wrong, not only slow: ``rdfs:range`` would type any dangling link as an
instance of the range class, so ``sh:class`` could never catch it.
"""

from __future__ import annotations

import logging
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, cast

from csrgraph.errors import InputError, UsageError, not_one_of
from csrgraph.namespaces import SH

if TYPE_CHECKING:
    import pyoxigraph
    import rdflib

#: The ``--engine`` choices of ``validate`` (``jena``: :mod:`csrgraph.validation.jena`).
ENGINES = ("auto", "pyshacl", "turbo", "oxigraph", "jena")


@contextmanager
def quiet() -> Iterator[None]:
    """Keep rdflib's and pySHACL's warnings and log records (with tracebacks) off stderr.

    rdflib logs a traceback for every ill-typed literal (``"abc"^^xsd:integer``) and warns
    on odd booleans; the shapes report those literals as results, so the noise says nothing.
    """
    previous = logging.root.manager.disable
    logging.disable(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logging.disable(previous)


@contextmanager
def verbatim() -> Iterator[None]:
    """Parse RDF text into rdflib keeping every literal's lexical form (and quiet).

    rdflib normalises a typed literal it can read (``"ja"^^xsd:boolean`` becomes ``"false"``),
    so a report or a shapes graph crossing from the validation child as text would no longer
    name the value the data holds.

    >>> from rdflib import Graph
    >>> text = '<urn:a> <urn:b> "ja"^^<http://www.w3.org/2001/XMLSchema#boolean> .'
    >>> with verbatim():
    ...     [o.n3() for o in Graph().parse(data=text, format="nt").objects()]
    ['"ja"^^<http://www.w3.org/2001/XMLSchema#boolean>']
    """
    import rdflib

    before = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        with quiet():
            yield
    finally:
        rdflib.NORMALIZE_LITERALS = before


def turbo_available() -> bool:
    """Tell whether pyshacl-turbo can run here (installed, Python 3.11 or later)."""
    if sys.version_info < (3, 11):
        return False
    try:
        import pyshacl_turbo  # noqa: F401
    except ImportError:
        return False
    return True


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def to_store(graph: rdflib.Graph) -> pyoxigraph.Store:
    """Copy an rdflib Graph into a new in-memory pyoxigraph Store (through N-Triples)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def _pyshacl(data: rdflib.Graph, shapes: rdflib.Graph, where: str) -> tuple[bool, rdflib.Graph]:
    import pyshacl
    from pyshacl.errors import ReportableRuntimeError
    from rdflib import Graph

    try:
        conforms, report, _ = pyshacl.validate(
            data,
            shacl_graph=shapes,
            inference="none",
            advanced=True,
            abort_on_first=False,
            allow_warnings=False,
        )
    except ReportableRuntimeError as err:  # a shape pySHACL cannot load or run
        raise InputError(f"{where}: {_one_line(err.message)}") from None
    except Exception as err:  # a broken user shape (e.g. a malformed sh:select)
        raise InputError(f"{where}: pySHACL cannot use these shapes: {_one_line(err)}") from None
    if not isinstance(report, Graph):  # pySHACL returns a ValidationFailure
        message = getattr(report, "message", report)
        raise InputError(f"{where}: SHACL validation failed: {_one_line(message)}")
    return bool(conforms), report


def _turbo(data: pyoxigraph.Store, shapes: pyoxigraph.Store) -> tuple[bool, rdflib.Graph]:
    import pyshacl_turbo
    from rdflib import Graph

    conforms, report, _ = pyshacl_turbo.validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=False
    )
    if not isinstance(report, Graph):
        graph = Graph()
        graph.parse(data=str(report), format="turtle")
        report = graph
    return bool(conforms), report


def _jena(
    data: pyoxigraph.Store | list[pyoxigraph.Quad],
    shapes: rdflib.Graph,
    where: str,
    timeout: float | None,
) -> tuple[bool, rdflib.Graph]:
    from rdflib import Graph, Literal, Namespace

    from csrgraph.validation.jena import run_jena

    report = Graph()
    with verbatim():
        report.parse(data=run_jena(data, shapes, where, timeout), format="turtle")
    conforms = next(report.objects(None, Namespace(SH).conforms), None)
    if not isinstance(conforms, Literal):
        raise InputError(f"{where}: Jena shacl wrote no validation report")
    return str(conforms) in ("true", "1"), report


def run_shacl(
    engine: str,
    where: str,
    shapes: rdflib.Graph,
    graph: Callable[[], rdflib.Graph],
    store: Callable[[], pyoxigraph.Store],
    fallback: bool = True,
    timeout: float | None = None,
    faithful: list[pyoxigraph.Quad] | None = None,
) -> tuple[bool, rdflib.Graph, str]:
    """Validate with ``engine``; return conforms, the report graph and the engine that ran.

    ``faithful``, where given, holds the data as parsed (literals as written): Jena reads
    it instead of the store, which keeps some typed literals in a form of its own.

    ``graph`` and ``store`` give the same data as an rdflib Graph (for pySHACL) and as a
    Store (for turbo); each is only called when its engine runs, so turbo never pays for
    the rdflib copy. Under ``auto``, a turbo failure falls back to pySHACL; under ``turbo``
    it is an error, as is asking for turbo where it is not installed. Without ``fallback``
    (shapes holding SPARQL text) a turbo failure is an error under ``auto`` too: pySHACL
    runs SPARQL that turbo refuses (``SERVICE``), so falling back would open what turbo
    closed (fail closed). ``jena`` runs Apache Jena in a Java process of its own, stopped
    after ``timeout`` seconds (the other engines take their time limit from their child).

    Raises:
        UsageError: an unknown engine, ``turbo`` or ``jena`` where it cannot run.
        InputError: the shapes cannot be used.
        QueryTimeout: ``jena`` ran past ``timeout``.

    """
    if engine not in ENGINES:
        raise not_one_of("engine", engine, ENGINES)
    if engine == "jena":
        return (*_jena(store() if faithful is None else faithful, shapes, where, timeout), "jena")
    if engine == "turbo" and not turbo_available():
        raise UsageError(
            "the turbo engine needs pyshacl-turbo on Python 3.11+: pip install 'csrgraph[fast]'"
        )
    with quiet():
        if engine in ("auto", "oxigraph"):
            from csrgraph.validation.compiled import NotCompilable, validate_store

            try:
                conforms, report = validate_store(store(), shapes)
                return conforms, report, "oxigraph"
            except NotCompilable as err:  # outside SHACL Core: another engine decides
                if engine == "oxigraph":
                    raise InputError(
                        f"{where}: the oxigraph engine cannot run these shapes: {err}"
                        " (choose another with {engine})",
                        parameter="engine",
                    ) from None
        if engine not in ("pyshacl", "oxigraph") and turbo_available():
            try:
                conforms, report = _turbo(store(), to_store(shapes))
                return conforms, report, "turbo"
            except Exception as err:  # any turbo failure: pySHACL decides
                if engine == "turbo" or not fallback:
                    hint = "" if engine == "turbo" else " (choose pySHACL with --engine pyshacl)"
                    raise InputError(
                        f"{where}: pyshacl-turbo failed: {_one_line(err)}{hint}"
                    ) from None
        conforms, report = _pyshacl(graph(), shapes, where)
        return conforms, report, "pyshacl"


def _isolated_task(
    engine: str,
    where: str,
    shapes: bytes,
    data: bytes | pyoxigraph.Store | list[pyoxigraph.Quad],
    fallback: bool,
) -> bytes:  # pragma: no cover - in the child
    """Validate in the child: N-Triples shapes, the data (a Store, or N-Quads where spawned).

    A list of quads (the data as parsed) is read as it is, never through a store (pySHACL).
    Answers ``T|F`` + engine + the report as N-Triples.
    """
    import pyoxigraph as ox
    from rdflib import Graph

    from csrgraph.graph.load import graph_from_quads

    store: pyoxigraph.Store | list[pyoxigraph.Quad]
    if isinstance(data, bytes) and engine == "pyshacl":  # spawned: kept as written
        store = list(ox.parse(data, ox.RdfFormat.N_QUADS))
    elif isinstance(data, bytes):  # spawned: the data came as N-Quads
        store = ox.Store()
        store.bulk_load(data, ox.RdfFormat.N_QUADS)
    else:  # forked: the parent's store or quads, as they were at the fork
        store = data

    with verbatim():
        shapes_graph = Graph().parse(data=shapes.decode(), format="nt")
        as_graph = lambda: graph_from_quads(store)  # noqa: E731
    as_store = lambda: cast("pyoxigraph.Store", store)  # noqa: E731 - quads: pyshacl only
    conforms, report, ran = run_shacl(engine, where, shapes_graph, as_graph, as_store, fallback)
    head = f"{'T' if conforms else 'F'}{ran}\n".encode()
    return head + report.serialize(format="nt", encoding="utf-8")


def run_isolated(
    engine: str,
    where: str,
    shapes: rdflib.Graph,
    data: pyoxigraph.Store | list[pyoxigraph.Quad],
    *,
    fallback: bool,
    timeout: float | None,
) -> tuple[bool, rdflib.Graph, str]:
    """Run :func:`run_shacl` in the query path's sandboxed child (no network, killed on time).

    ``data`` is the data graph (a list of quads as parsed: pySHACL reads it as written). A
    forked child reads the parent's store or quads as they are (no copy is made before the
    fork); a spawned one (where there is no fork) gets them as N-Quads. Raises what
    :func:`run_shacl` raises, and :class:`~csrgraph.errors.QueryTimeout` when ``timeout``
    seconds have passed.
    """
    import functools
    import os
    import time

    import pyoxigraph as ox
    from rdflib import Graph

    from csrgraph.errors import QueryTimeout
    from csrgraph.sparql import child

    if engine not in ENGINES:  # a usage error here, before any child
        raise not_one_of("engine", engine, ENGINES)
    task = functools.partial(
        _isolated_task,
        engine,
        where,
        shapes.serialize(format="nt", encoding="utf-8"),
        data if hasattr(os, "fork") else ox.serialize(data, format=ox.RdfFormat.N_QUADS) or b"",
        fallback,
    )
    payload = child.run(
        task,
        deadline=None if timeout is None else time.monotonic() + timeout,
        expired=QueryTimeout(
            f"{where}: validation stopped after the time limit of {timeout or 0:g} s"
        ),
        name=where,
        what="validation",
    )
    head, _, body = payload.partition(b"\n")
    report = Graph()
    with verbatim():
        report.parse(data=body.decode(), format="nt")
    return head[:1] == b"T", report, head[1:].decode()
