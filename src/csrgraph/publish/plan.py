"""The release plan: which files a release of version ``V`` holds, and where they are published.

A leaf of :mod:`csrgraph.publish`: the description (:mod:`~csrgraph.publish.void`) lists these
files as distributions, and :mod:`~csrgraph.publish.dist` writes them; neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from csrgraph.namespaces import BASE, W3C_FORMATS

IANA = "https://www.iana.org/assignments/media-types/"


@dataclass(frozen=True)
class GraphFormat:
    """One serialisation of the graph that ``dist`` writes."""

    key: str
    suffix: str
    media_type: str
    oxigraph_format: str
    title: str
    conforms_to: str
    gzip: bool = False


#: key -> format; ``dist`` writes one file per entry, the description one distribution each.
FORMATS: dict[str, GraphFormat] = {
    f.key: f
    for f in (
        GraphFormat("ttl", ".ttl", "text/turtle", "TURTLE", "Turtle", W3C_FORMATS + "Turtle"),
        GraphFormat(
            "nt",
            ".nt",
            "application/n-triples",
            "N_TRIPLES",
            "N-Triples",
            W3C_FORMATS + "N-Triples",
        ),
        GraphFormat(
            "nt.gz",
            ".nt.gz",
            "application/n-triples",
            "N_TRIPLES",
            "N-Triples, gzip-compressed",
            W3C_FORMATS + "N-Triples",
            gzip=True,
        ),
        GraphFormat(
            "jsonld",
            ".jsonld",
            "application/ld+json",
            "JSON_LD",
            "JSON-LD",
            W3C_FORMATS + "JSON-LD",
        ),
        GraphFormat(
            "rdf",
            ".rdf",
            "application/rdf+xml",
            "RDF_XML",
            "RDF/XML",
            W3C_FORMATS + "RDF_XML",
        ),
    )
}

SSSOM_MEDIA_TYPE = "text/tab-separated-values"
SSSOM_SPEC = "https://w3id.org/sssom/"
CHECKSUMS_FILE = "SHA256SUMS"
#: Where releases are published, one folder per version (see :func:`release_base`).
RELEASES = BASE + "releases/"


def release_base(version: str) -> str:
    """Return the versioned base IRI the files of release ``version`` are published under.

    >>> release_base("1.2.3")
    'https://w3id.org/csrgraph/releases/1.2.3/'
    """
    return f"{RELEASES}{version}/"


def download_url(version: str, file_name: str) -> str:
    """Return the ``dcat:downloadURL`` of one release file.

    >>> download_url("1.2.3", "csrgraph-1.2.3.ttl")
    'https://w3id.org/csrgraph/releases/1.2.3/csrgraph-1.2.3.ttl'
    """
    return release_base(version) + file_name


@dataclass(frozen=True)
class Distribution:
    """A file of a release, as the dataset description lists it."""

    key: str
    file_name: str
    title: str
    media_type: str
    conforms_to: str
    compressed: bool = False


def graph_file_name(fmt: GraphFormat, version: str) -> str:
    """Return the release file name of the graph in ``fmt``.

    >>> graph_file_name(FORMATS["nt.gz"], "1.2.3")
    'csrgraph-1.2.3.nt.gz'
    """
    return f"csrgraph-{version}{fmt.suffix}"


def sssom_files() -> list[Path]:
    """Return the bundled SSSOM mapping sets (``data/*.sssom.tsv``), sorted."""
    from csrgraph import resources

    return sorted(resources.data_dir().glob("*.sssom.tsv"))


def distributions(version: str) -> list[Distribution]:
    """Return every distribution of a release, in a fixed order.

    >>> [d.file_name for d in distributions("1.0.0")][:2]
    ['csrgraph-1.0.0.ttl', 'csrgraph-1.0.0.nt']
    """
    result = [
        Distribution(
            fmt.key,
            graph_file_name(fmt, version),
            fmt.title,
            fmt.media_type,
            fmt.conforms_to,
            fmt.gzip,
        )
        for fmt in FORMATS.values()
    ]
    for path in sssom_files():
        stem = path.name.removesuffix(".sssom.tsv")
        result.append(
            Distribution(
                f"sssom-{stem}", path.name, "SSSOM mapping set", SSSOM_MEDIA_TYPE, SSSOM_SPEC
            )
        )
    return result
