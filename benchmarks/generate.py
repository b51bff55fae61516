"""Clone the bundled instance data into N occupations: same vocabulary, new IRIs.

Every IRI of ours outside the ontology (``https://w3id.org/csrgraph/<kind>/<slug>``) gets
the clone's number appended to its slug (``.../occupation/<slug>-c7``), blank nodes get a
prefix of their own, and the ontology's terms, the vocabularies we reuse and external IRIs
(SOC, ESCO, Wikidata, ...) stay as they are. Each clone is a whole, valid copy of the
bundled occupation with its statements, concepts and mappings, so the queries, the shapes
and ``csrgraph validate`` treat it like a second occupation written in the same vocabulary.
The dataset description (``dataset.ttl``) is not cloned: a clone is more data, not another
dataset.

The output is N-Triples (written with string substitution on a template, so a million
triples take seconds).

Run: python benchmarks/generate.py --triples 100000 -o /tmp/clones-100k.nt
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

_OURS = re.compile(r"<https://w3id\.org/csrgraph/(?!ontology#)([^>#]+)>")
_BLANK = re.compile(r"_:([A-Za-z0-9]+)")

#: Bundled data files that describe the dataset rather than the occupation.
SKIPPED = frozenset({"dataset.ttl"})


def template() -> str:
    """Return the bundled instance data (dataset description left out) as N-Triples.

    >>> text = template()
    >>> text.count("\\n") > 500
    True
    """
    import pyoxigraph as ox

    from csrgraph.graph.parsing import parse_file
    from csrgraph.resources import data_files

    quads = []
    for path in data_files():
        if path.name not in SKIPPED:
            quads.extend(parse_file(path).quads)
    triples = sorted({q.triple for q in quads}, key=str)
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


def clone(text: str, number: int) -> str:
    """Return clone ``number`` of an N-Triples template.

    >>> clone('<https://w3id.org/csrgraph/task/x> <https://w3id.org/csrgraph/ontology#p> _:b1 .',
    ...       3)
    '<https://w3id.org/csrgraph/task/x-c3> <https://w3id.org/csrgraph/ontology#p> _:c3x_b1 .'
    """
    text = _OURS.sub(lambda m: f"<https://w3id.org/csrgraph/{m.group(1)}-c{number}>", text)
    return _BLANK.sub(lambda m: f"_:c{number}x_{m.group(1)}", text)


def clones_for(triples: int, per_clone: int) -> int:
    """Return how many clones come closest to ``triples`` (at least one).

    >>> clones_for(10_000, 1_300), clones_for(10, 1_300)
    (8, 1)
    """
    return max(1, round(triples / per_clone))


def generate(target: Path, triples: int) -> tuple[int, int]:
    """Write about ``triples`` triples of clones to ``target``; return (clones, triples).

    The file is written next to ``target`` and renamed when complete.
    """
    text = template()
    lines = text.count("\n")
    count = clones_for(triples, lines)
    partial = target.with_name(f".{target.name}.partial")
    with partial.open("w", encoding="utf-8") as out:
        for number in range(1, count + 1):
            out.write(clone(text, number))
    partial.replace(target)
    return count, count * lines


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=10_000, help="about this many triples")
    parser.add_argument("-o", "--output", type=Path, required=True, help="N-Triples file")
    args = parser.parse_args(argv)
    count, written = generate(args.output, args.triples)
    print(f"{args.output}: {count} occupations, {written} triples", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
