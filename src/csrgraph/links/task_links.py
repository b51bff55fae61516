"""The curated links from the document's tasks to O*NET task statements, as SKOS triples.

``data/onet/csr-onet-tasks.sssom.tsv`` is the source (in a folder of its own: ``data/*.sssom.tsv``
is the occupation's one mapping set, :func:`csrgraph.links.default_path`) (read and checked by
:func:`csrgraph.links.read_mapping_set` and :func:`csrgraph.links.problems`); each row
becomes ``subject <predicate> object`` in ``data/onet-task-links.ttl``, which a drift test
keeps in step. Regenerate with ``python -m csrgraph.links.task_links``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from csrgraph.errors import InputError
from csrgraph.resources import data_dir

if TYPE_CHECKING:
    import rdflib

SSSOM_FILE = "onet/csr-onet-tasks.sssom.tsv"
TURTLE_FILE = "onet-task-links.ttl"
#: The command that regenerates the Turtle file (named by the drift test's message).
REGENERATE_COMMAND = "python -m csrgraph.links.task_links"


def task_links_graph(path: str | Path | None = None) -> rdflib.Graph:
    """Return the SKOS mapping triples of the task mapping set (default: the bundled one)."""
    import rdflib
    from rdflib.namespace import SKOS

    from csrgraph.links.rules import problems
    from csrgraph.links.sssom import read_mapping_set

    ms = read_mapping_set(path if path is not None else data_dir() / SSSOM_FILE)
    found = problems(ms)
    if found:
        raise InputError(f"{ms.path}: breaks the SSSOM rules: " + "; ".join(found))
    graph = rdflib.Graph()
    graph.bind("skos", SKOS)
    for m in ms.mappings:
        graph.add(
            (
                rdflib.URIRef(ms.expand(m.subject_id)),
                rdflib.URIRef(ms.expand(m.predicate_id)),
                rdflib.URIRef(ms.expand(m.object_id)),
            )
        )
    return graph


def task_links_turtle(path: str | Path | None = None) -> str:
    """Return ``data/onet-task-links.ttl`` as text: a header comment, then sorted Turtle."""
    body = task_links_graph(path).serialize(format="turtle")
    header = (
        f"# Generated from {SSSOM_FILE} by `{REGENERATE_COMMAND}`; do not edit by hand.\n"
        "# The SSSOM file is the source: it gives each link its justification and comment.\n"
        "# The objects are O*NET 29.2 task statements as `csrgraph import onet` names them.\n"
        "# Licence of this file: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).\n"
    )
    return header + body


def main() -> None:
    """Rewrite ``data/onet-task-links.ttl`` from the SSSOM file."""
    from csrgraph.writing import atomic_write

    target = data_dir() / TURTLE_FILE
    atomic_write(target, task_links_turtle())
    print(f"{target}: written", file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover - the command of REGENERATE_COMMAND
    main()
