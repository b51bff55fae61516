"""The shapes graph: the bundled shapes or the user's, read strictly, checked to hold shapes."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from csrgraph import resources
from csrgraph._typing import PathLike
from csrgraph.namespaces import SH

if TYPE_CHECKING:
    import rdflib


_SH = SH


def load_shapes(shapes: rdflib.Graph | PathLike | Iterable[PathLike] | None = None) -> rdflib.Graph:
    """Return the shapes graph: the bundled shapes, or the given graph or files.

    >>> len(load_shapes()) > 0
    True
    """
    import rdflib

    from csrgraph.graph.isolated import parse_file  # a user's file: in a bounded child
    from csrgraph.graph.load import graph_from_parsed
    from csrgraph.graph.parsing import Parsed

    if isinstance(shapes, rdflib.Graph):
        return shapes
    if shapes is None:
        files: list[PathLike] = list(resources.shapes_files())
    elif isinstance(shapes, str | os.PathLike):
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
    if isinstance(shapes, str | os.PathLike):
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
