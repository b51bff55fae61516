"""Release artefacts: the graph in every format, the mappings, the description and checksums.

``csrgraph dist -o DIR`` writes, for version ``V``:

* ``csrgraph-V.ttl``, ``csrgraph-V.nt``, ``csrgraph-V.nt.gz``, ``csrgraph-V.jsonld``,
  ``csrgraph-V.rdf``: the dataset's content (see :func:`csrgraph.publish.describe.content`: the
  ontology and the instance data, the description itself excluded);
* every SSSOM mapping set of ``data/`` (``*.sssom.tsv``), copied byte for byte;
* ``dataset.ttl``: the committed description plus the byte size of every distribution;
* ``SHA256SUMS``: ``sha256sum``-compatible checksums of all the files above.

``DIR`` is published as ``https://w3id.org/csrgraph/releases/V/`` (:func:`release_base`): the
description gives each distribution that folder as its ``dcat:accessURL`` and the file in it
as its ``dcat:downloadURL`` (:func:`download_url`), so a catalogue that harvests the
description finds every file of that version.

The output is reproducible: the same version gives byte-identical files. Blank nodes get
RDFC-1.0 canonical labels, triples are sorted by their N-Triples form before serialising
(pyoxigraph writes them in the order given), and the gzip header carries no file name and
mtime 0. Nothing is written to ``DIR`` until every file has been built.
"""

from __future__ import annotations

import gzip
import hashlib
import io
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyoxigraph

from csrgraph.namespaces import used_prefixes
from csrgraph.publish.plan import (  # noqa: F401 - the plan's names, read here by dist's users
    CHECKSUMS_FILE,
    FORMATS,
    IANA,
    RELEASES,
    SSSOM_MEDIA_TYPE,
    SSSOM_SPEC,
    Distribution,
    GraphFormat,
    distributions,
    download_url,
    graph_file_name,
    release_base,
    sssom_files,
)


def canonical_triples(quads: list[pyoxigraph.Quad]) -> list[pyoxigraph.Triple]:
    """Return the distinct triples of ``quads`` with canonical blank nodes, sorted.

    Blank nodes are relabelled by RDFC-1.0, so the labels depend on the graph only, never
    on parse order; the sort key is the triple's N-Triples form.

    >>> import pyoxigraph as ox
    >>> q = ox.Quad(ox.BlankNode(), ox.NamedNode("http://e/p"), ox.Literal("x"))
    >>> [str(t) for t in canonical_triples([q])]
    ['_:c14n0 <http://e/p> "x"']
    """
    import pyoxigraph as ox

    dataset = ox.Dataset(
        ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads
    )
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in dataset]
    return sorted(triples, key=str)


def serialize(
    triples: list[pyoxigraph.Triple], fmt: GraphFormat, prefixes: dict[str, str]
) -> bytes:
    r"""Serialise sorted triples in ``fmt`` (gzip with no name and mtime 0 where asked).

    >>> import pyoxigraph as ox
    >>> t = ox.Triple(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("x"))
    >>> serialize([t], FORMATS["nt"], {})
    b'<http://e/s> <http://e/p> "x" .\n'
    """
    import pyoxigraph as ox

    rdf_format = getattr(ox.RdfFormat, fmt.oxigraph_format)
    uses_prefixes = fmt.oxigraph_format in ("TURTLE", "RDF_XML")
    serialised = io.BytesIO()
    ox.serialize(triples, serialised, rdf_format, prefixes=prefixes if uses_prefixes else None)
    data = serialised.getvalue()
    if not fmt.gzip:
        return data
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        gz.write(data)
    return buffer.getvalue()


def _used_prefixes(triples: list[pyoxigraph.Triple], prefixes: dict[str, str]) -> dict[str, str]:
    """Keep the prefixes some IRI of ``triples`` starts with, sorted by name."""
    import pyoxigraph as ox

    iris = {
        term.value
        for t in triples
        for term in (t.subject, t.predicate, t.object)
        if isinstance(term, ox.NamedNode)
    }
    return dict(sorted(used_prefixes(iris, prefixes).items()))


def sha256sums(files: dict[str, bytes]) -> bytes:
    """Return a ``sha256sum``-compatible listing of ``files``, sorted by name.

    >>> sha256sums({"a": b""}).decode()[:16]
    'e3b0c44298fc1c14'
    """
    lines = [
        f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items())
    ]
    return "".join(lines).encode("ascii")


def build(
    version: str | None = None, progress: Callable[[str], None] | None = None
) -> dict[str, bytes]:
    """Return the release artefacts as ``{file name: bytes}``, without writing anything.

    ``progress`` is called with a short line as each step begins.

    Raises:
        InputError: a bundled file cannot be read or parsed.

    """
    from csrgraph._version import version as package_version
    from csrgraph.publish import describe

    say = progress or (lambda step: None)
    version = version or package_version()
    say("reading the graph")
    parsed = describe.content()
    triples = canonical_triples(parsed.quads)
    prefixes = _used_prefixes(triples, parsed.prefixes)
    files: dict[str, bytes] = {}
    for fmt in FORMATS.values():
        name = graph_file_name(fmt, version)
        say(f"writing {name}")
        files[name] = serialize(triples, fmt, prefixes)
    for path in sssom_files():
        files[path.name] = path.read_bytes()
    sizes = {d.key: len(files[d.file_name]) for d in distributions(version)}
    description = describe.description_path()
    files[description.name] = describe.with_byte_sizes(sizes).encode("utf-8")
    files[CHECKSUMS_FILE] = sha256sums(files)
    return files


def write(
    out_dir: str | Path,
    version: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Build the release and write it into ``out_dir``; return ``{file name: size}``.

    Every file is built in memory, then written to a temporary file beside its target; only
    when all are written are they renamed into place (:func:`csrgraph.writing.atomic_write_many`),
    so a failure leaves no half-written artefact and no temporary file (nor ``out_dir``,
    when this call created it).

    Raises:
        InputError: a bundled file cannot be read, or ``out_dir`` cannot be written.

    """
    from csrgraph.writing import atomic_write_many, output_folder

    files = build(version, progress)
    with output_folder(out_dir) as target:
        atomic_write_many((target / name, data) for name, data in files.items())
    return {name: len(data) for name, data in sorted(files.items())}


def summary(sizes: dict[str, int]) -> list[str]:
    """Return one ``size  name`` line per artefact, sizes right-aligned.

    >>> summary({"a.ttl": 12, "SHA256SUMS": 3})
    ['   12  a.ttl', '    3  SHA256SUMS']
    """
    width = max([5, *(len(str(s)) for s in sizes.values())])
    return [f"{size:>{width}}  {name}" for name, size in sizes.items()]


__all__ = [
    "FORMATS",
    "Distribution",
    "GraphFormat",
    "build",
    "canonical_triples",
    "distributions",
    "serialize",
    "sha256sums",
    "write",
]
