"""Crosswalks as data: SSSOM mapping sets and SKOS links, with their evidence, as RDF.

``csrgraph import crosswalk FILE...`` reads the crosswalk files
:mod:`csrgraph.importers.crosswalk_files` knows (the BLS 2010 SOC to ISCO-08 crosswalk,
Nesta's ESCO to O*NET crosswalk, SSSOM TSV files such as csrgraph's own; a folder stands
for the files in it) and writes, for each row:

* the SKOS mapping triple ``subject skos:xxxMatch object``, so that a query can follow it;
* the mapping with its evidence, in SSSOM's RDF form: an ``owl:Axiom`` naming the triple
  (``owl:annotatedSource``, ``owl:annotatedProperty``, ``owl:annotatedTarget``) with
  ``sssom:mapping_justification``, ``sssom:confidence``, ``sssom:similarity_score``,
  ``sssom:subject_label``, ``sssom:object_label``, ``sssom:comment`` and ``rdfs:seeAlso``
  where the row has them, part of its mapping set (``sssom:MappingSet`` with title, licence,
  version and source, linked by ``sssom:mappings``);
* ``skos:notation`` on the codes the crosswalk names (SOC, ISCO-08, O*NET-SOC codes), so a
  query can find a code without knowing its IRI.

Labels stay on the mapping (``sssom:subject_label``): the crosswalk's spelling of a title
does not become a second preferred label of a concept another import describes.

>>> from csrgraph.importers.api import Import
>>> job = Import("crosswalk", "tests/fixtures/crosswalks")
>>> triples = list(job.triples())
>>> sorted(job.report.files.items())
[('bls-soc2010-isco08.tsv', 4), ('nesta-esco-onet-2020-11.csv', 4)]
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from csrgraph.errors import InputError
from csrgraph.importers.api import ImportReport
from csrgraph.importers.crosswalk_files import kind_of
from csrgraph.importers.output import PREFIXES as RECORD_PREFIXES
from csrgraph.importers.provenance import text, triple, typed
from csrgraph.links.rdf import slug
from csrgraph.namespaces import BASE, DCTERMS, OWL, RDF_TYPE, RDFS, SKOS

if TYPE_CHECKING:
    import pyoxigraph

    from csrgraph.links import Mapping, MappingSet

SSSOM = "https://w3id.org/sssom/"
#: The prefixes of the Turtle output.
PREFIXES = {**RECORD_PREFIXES, "owl": OWL, "rdfs": RDFS, "sssom": SSSOM}


def files_of(location: str | Path | Sequence[str | Path]) -> list[Path]:
    """Return the files of ``location``: each file given, and the files of each folder."""
    items = [location] if isinstance(location, str | Path) else list(location)
    found: list[Path] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix in (".tsv", ".csv"))
        elif path.is_file():
            found.append(path)
        else:
            raise InputError(f"{item}: no such file or folder", file=str(item))
    if not found:
        raise InputError(f"{', '.join(map(str, items))}: no crosswalk file (.tsv, .csv)")
    return found


def mapping_iri(ms: MappingSet, m: Mapping) -> str:
    """Return the IRI of one mapping: its set's, then subject, predicate and object."""
    name = slug(str(ms.metadata.get("mapping_set_id", "")).rpartition("/")[2])
    key = slug(f"{m.subject_id} {m.predicate_id.partition(':')[2]} {m.object_id}")
    return f"{BASE}mapping/{name}/{key}"


def set_triples(ms: MappingSet) -> tuple[str, list[pyoxigraph.Triple]]:
    """Return the IRI of the mapping set and its description."""
    meta = ms.metadata
    iri = str(meta.get("mapping_set_id") or f"{BASE}mapping-set/{slug(str(ms.path))}")
    found = [triple(iri, RDF_TYPE, SSSOM + "MappingSet")]
    for key, prop in (
        ("mapping_set_title", DCTERMS + "title"),
        ("mapping_set_description", DCTERMS + "description"),
        ("mapping_set_version", SSSOM + "mapping_set_version"),
    ):
        if meta.get(key):
            found.append(triple(iri, prop, text(str(meta[key]))))
    for key, prop in (("license", DCTERMS + "license"), ("mapping_set_source", DCTERMS + "source")):
        if meta.get(key):
            found.append(triple(iri, prop, str(meta[key])))
    return iri, found


def mapping_triples(ms: MappingSet, m: Mapping, set_iri: str) -> list[pyoxigraph.Triple]:
    """Return a row's SKOS triple, its SSSOM mapping with the evidence, and code notations."""
    s, p, o = ms.expand(m.subject_id), ms.expand(m.predicate_id), ms.expand(m.object_id)
    iri = mapping_iri(ms, m)
    found = [
        triple(s, p, o),
        triple(set_iri, SSSOM + "mappings", iri),
        triple(iri, RDF_TYPE, OWL + "Axiom"),
        triple(iri, OWL + "annotatedSource", s),
        triple(iri, OWL + "annotatedProperty", p),
        triple(iri, OWL + "annotatedTarget", o),
        triple(iri, SSSOM + "mapping_justification", ms.expand(m.mapping_justification)),
        triple(iri, DCTERMS + "isPartOf", set_iri),
    ]
    if m.confidence is not None:
        found.append(triple(iri, SSSOM + "confidence", typed(m.confidence, "decimal")))
    score = m.extra.get("similarity_score")
    if score:  # as written: a double would round differently on different engines
        found.append(triple(iri, SSSOM + "similarity_score", typed(score, "decimal")))
    for value, prop in (
        (m.subject_label, "subject_label"),
        (m.object_label, "object_label"),
        (m.comment, "comment"),
        (m.object_source_version, "object_source_version"),
    ):
        if value:
            found.append(triple(iri, SSSOM + prop, text(value)))
    for link in filter(None, m.see_also.split("|")):
        found.append(triple(iri, RDFS + "seeAlso", link))
    for node, column in ((s, "subject_notation"), (o, "object_notation")):
        code = m.extra.get(column)
        if code:
            found.append(triple(node, SKOS + "notation", text(code)))
    return found


def import_triples(
    location: str | Path | Sequence[str | Path],
    *,
    report: ImportReport | None = None,
) -> Iterator[pyoxigraph.Triple]:
    """Yield the RDF of the crosswalk files at ``location`` (see the module docstring).

    Raises :class:`InputError` for a file that is not a crosswalk csrgraph reads, or a bad
    row (naming file and line); a row without a code or with a malformed one is skipped and
    warned of in ``report`` (see :mod:`csrgraph.importers.crosswalk_files`).
    """
    from csrgraph.links.rules import ensure_valid

    report = report if report is not None else ImportReport("crosswalk")
    paths = files_of(location)
    kinds = [(path, kind_of(path)) for path in paths]  # every file checked before the first
    for path, kind in kinds:
        ms = ensure_valid(kind.read(path, report))
        set_iri, description = set_triples(ms)
        yield from description
        for m in ms.mappings:
            yield from mapping_triples(ms, m, set_iri)
    report.warn_flagged()
