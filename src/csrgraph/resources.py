"""Find the bundled files (ontology, shapes, data, queries) in a wheel or in a checkout.

In an installed wheel they live in ``csrgraph/_resources/``; in a source checkout (or an
editable install) they are the top-level ``ontology/``, ``data/`` and ``queries/`` folders.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_KINDS = ("ontology", "data", "queries")


@cache
def root() -> Path:
    """Return the folder holding ``ontology/``, ``data/`` and ``queries/``.

    >>> (root() / "ontology").is_dir()
    True
    """
    for candidate in (_PACKAGE_DIR / "_resources", _PACKAGE_DIR.parent.parent):
        if all((candidate / kind).is_dir() for kind in _KINDS):
            return candidate
    raise FileNotFoundError(
        "csrgraph cannot find its bundled ontology/, data/ and queries/ folders; "
        "reinstall the package"
    )


def ontology_dir() -> Path:
    """Return the folder of the ontology and the SHACL shapes."""
    return root() / "ontology"


def data_dir() -> Path:
    """Return the folder of the instance data."""
    return root() / "data"


def queries_dir() -> Path:
    """Return the folder of the bundled SPARQL queries."""
    return root() / "queries"


def ontology_files() -> list[Path]:
    """Return the ontology's Turtle files (the SHACL shapes excluded), sorted."""
    return sorted(p for p in ontology_dir().glob("*.ttl") if not p.name.endswith("shapes.ttl"))


def shapes_files() -> list[Path]:
    """Return the SHACL shapes files, sorted."""
    return sorted(ontology_dir().glob("*shapes.ttl"))


def data_files() -> list[Path]:
    """Return the instance data's Turtle files, sorted."""
    return sorted(data_dir().glob("*.ttl"))


def graph_files() -> list[Path]:
    """Return every file of the bundled graph: ontology then data (shapes excluded)."""
    return ontology_files() + data_files()
