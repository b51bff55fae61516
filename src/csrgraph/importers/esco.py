"""ESCO's CSV download -> RDF in ESCO's own model (``http://data.europa.eu/esco/model#``).

Reads ESCO's CSV download as the portal hands it out: folders, the zip files themselves, or
folders holding them (:mod:`csrgraph.importers.esco_files`). Every file of the classification
package (one set per language, ``xx`` the language code from the file name):
``occupations_xx.csv`` (required), ``ISCOGroups_xx.csv``, ``skillGroups_xx.csv``,
``skills_xx.csv``, ``skillsHierarchy_xx.csv``, ``conceptSchemes_xx.csv`` and the collections
(``...Collection_xx.csv``); and of the relations package (the same in every language, with or
without ``_xx``): ``broaderRelationsOccPillar``, ``broaderRelationsSkillPillar``,
``occupationSkillRelations`` and ``skillSkillRelations``. Columns are found by their header
name; columns that are not needed may be absent; every column read is listed in the report
as mapped or not imported (with why); cells may hold quoted line breaks and be of any size.

What is written, with ESCO's own IRIs:

* occupations (``esco:Occupation``), ISCO-08 groups and skills (``esco:Skill``) as
  ``skos:Concept`` in their concept schemes, with ``skos:prefLabel``, ``altLabel`` and
  ``hiddenLabel`` per language, ``skos:definition``, ``skos:scopeNote``,
  ``dcterms:description``, ``skos:notation`` (the ESCO code such as ``4225.1``, the ISCO
  code), ``esco:memberOfISCOGroup``, ``esco:regulatedProfessionNote``, the publishing status
  and ``dcterms:modified``;
* ``skos:broader`` from the broader-relations files (both pillars), the collections and the
  skills hierarchy, once per pair; ``esco:relatedEssentialSkill`` and
  ``esco:relatedOptionalSkill`` from the occupation-skill and skill-skill relations;
* skill groups and the skills hierarchy's concepts (codes as ``skos:notation``), and the
  collections (see :mod:`csrgraph.importers.esco_structure`);
* the concept schemes, as ``skos:ConceptScheme`` with their labels, title, status,
  description and top concepts (when ``conceptSchemes_xx.csv`` is there; otherwise the schemes
  the concepts are in are only typed);
* provenance: every concept and scheme ``prov:wasDerivedFrom`` the ``csro:SourceRecord`` of
  its row (file, row key = its IRI), part of the release, attributed to the European
  Commission; a dataset description of the output carries ESCO's attribution.

Several language files of one kind merge: the labels and notes of each language go to the
same concept; what does not depend on the language (types, codes, relations) is written
once. The relation files are the same in every language of a release, so the first one found
is read. Rows are streamed: a triple is written as its row is read, and only the IRIs of the
concepts seen so far are kept (to write the language-independent triples once).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csrgraph.errors import UsageError, not_one_of
from csrgraph.importers.api import ImportReport, write_import
from csrgraph.importers.esco_files import (
    BROADER_KINDS,
    CONCEPT_KINDS,
    HIERARCHY,
    OCCUPATIONS,
    SCHEMES,
    SKILL_RELATIONS,
    SKILL_SKILL,
    Download,
    Kind,
    Source,
    find_sources,
)
from csrgraph.importers.esco_rdf import (
    PREFIXES as PREFIXES,  # the Turtle prefixes of the output (api.Import.prefixes)
)
from csrgraph.importers.esco_rdf import Selection, release
from csrgraph.importers.esco_structure import DownloadWriter
from csrgraph.importers.output import FORMATS
from csrgraph.importers.provenance import check_date, check_version
from csrgraph.importers.tables import Row, read_table

if TYPE_CHECKING:
    import pyoxigraph


def _rows(source: Source, kind: Kind) -> Iterator[Row]:
    return read_table(
        source.path, kind.required, delimiter=",", quoted=True, name=source.name,
        opener=source.open if source.member else None, pad=kind is HIERARCHY,
    )  # fmt: skip


def select(download: Download, concepts: Iterable[str]) -> Selection:
    """Return the selection for ``--concept`` IRIs: them, their ancestors, their skills.

    Reads the relation files once (a first pass) to find the broader concepts, transitively,
    and the skills of the chosen occupations. An IRI that is in no concept file is a
    UsageError.
    """
    chosen = set(concepts)
    if not chosen:
        return Selection()
    parents: dict[str, set[str]] = {}
    for kind in BROADER_KINDS:
        for source in download.of(kind)[:1]:
            for line in _rows(source, kind):
                cells = line.cells
                parents.setdefault(cells["conceptUri"], set()).add(cells["broaderUri"])
    keep, todo = set(chosen), list(chosen)
    while todo:
        for parent in parents.get(todo.pop(), ()):
            if parent not in keep:
                keep.add(parent)
                todo.append(parent)
    for source in download.of(SKILL_RELATIONS)[:1]:
        for line in _rows(source, SKILL_RELATIONS):
            if line.cells["occupationUri"] in chosen:
                keep.add(line.cells["skillUri"])
    known: set[str] = set()
    for kind in CONCEPT_KINDS:
        for source in download.of(kind):
            known.update(line.cells["conceptUri"] for line in _rows(source, kind))
    missing = sorted(chosen - known)
    if missing:
        raise UsageError(
            f"{{concepts}}: not in the ESCO files: {', '.join(missing)}",
            parameter="concepts",
            value=missing[0],
        )
    return Selection(keep, chosen)


#: Release dates of the ESCO versions csrgraph was tested with (ESCO's version list: v1.2.0
#: was released in May 2024); any other version needs ``--release-date``.
RELEASE_DATES = {"1.2.0": "2024-05"}
#: The release assumed when neither ``--release`` nor a folder name gives one: none (a
#: release nothing names is a UsageError; kept as a name for callers that pass it).
DEFAULT_VERSION: str | None = None


def release_of(
    folders: Sequence[str | Path], version: str | None, default: str | None = None
) -> str:
    """Return the release version: as given, else from a folder name, else ``default``.

    Without a default, a release nothing names is a UsageError; so are sources whose names
    give two releases (they would merge into one), and a version given that the names deny.

    >>> release_of(["/data/ESCO dataset - v1.2.0 - classification - en - csv"], None)
    '1.2.0'
    >>> release_of(["x"], "1.1.1")
    '1.1.1'
    >>> release_of(["ESCO - v1.1.0 - a.zip", "ESCO - v1.1.1 - b.zip"], None)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    csrgraph.errors.UsageError: the sources name two ESCO releases (1.1.0, 1.1.1): ...
    """
    named: list[str] = []
    for folder in folders:
        match = re.search(r"(?<![\d.])v?(\d+\.\d+\.\d+)(?![\d.])", Path(folder).resolve().name)
        if match and match[1] not in named:
            named.append(match[1])
    if len(named) > 1:
        raise UsageError(
            f"the sources name two ESCO releases ({', '.join(sorted(named))}): "
            "import each on its own"
        )
    if version is not None:
        version = check_version(version)
        if named and named[0] != version:
            raise UsageError(
                f"{{version}} {version} is not the release the sources name ({named[0]})",
                parameter="version",
            )
        return version
    if named:
        return named[0]
    if default is not None:
        return default
    raise UsageError(
        "give the ESCO release with {version} (e.g. 1.2.0): no folder name says it",
        parameter="version",
    )


def release_date(version: str, issued: str | None) -> str:
    """Return the release date (``YYYY-MM`` or ``YYYY-MM-DD``): as given, else the known one.

    >>> release_date("1.2.0", None)
    '2024-05'
    """
    if issued is None:
        issued = RELEASE_DATES.get(version)
        if issued is None:
            raise UsageError(
                f"give the release date of ESCO v{version} with {{issued}}", parameter="issued"
            )
    return check_date(issued)


def import_triples(
    folders: str | Path | Sequence[str | Path],
    *,
    concepts: Iterable[str] = (),
    version: str | None = None,
    issued: str | None = None,
    report: ImportReport | None = None,
) -> Iterator[pyoxigraph.Triple]:
    """Yield the RDF of ESCO's CSV download in ``folders`` (see the module docstring).

    ``concepts`` limits the output to those concept IRIs, their broader concepts
    (transitively: an occupation's ISCO group and its ancestors) and, for occupations, their
    skills. ``version`` is the release (default: from a folder name, else a UsageError),
    ``issued`` its date (default: known for the versions of :data:`RELEASE_DATES`). Raises
    :class:`InputError` for a file that cannot be read or a bad row (one line naming file
    and line) and :class:`UsageError` for a bad ``concepts``, ``version`` or ``issued``; the
    arguments are checked before the first triple is yielded. ``report`` counts the rows
    read and skipped as the triples are produced.

    >>> triples = list(import_triples("tests/fixtures/esco", version="1.2.0"))
    >>> len(triples) > 1000
    True
    """
    import pyoxigraph as ox

    if isinstance(folders, str | Path):
        folders = [folders]
    version = release_of(folders, version, DEFAULT_VERSION)
    issued = release_date(version, issued)
    download = find_sources(folders)
    concepts = list(concepts)
    for iri in concepts:
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise UsageError(
                f"{{concepts}}: {iri!r} is not an IRI", parameter="concepts", value=iri
            ) from None
    selection = select(download, concepts)
    languages = [source.lang or "en" for source in download.of(OCCUPATIONS)]
    rel = release(version, issued, "en" if "en" in languages else languages[0])
    part = f"concepts {', '.join(sorted(concepts))}" if concepts else ""
    report = report if report is not None else ImportReport("esco")
    for name in download.other:
        report.warnings.append(f"{name}: not an ESCO file csrgraph knows; not imported")
    for kind in (*BROADER_KINDS, SKILL_RELATIONS, SKILL_SKILL):
        found = download.of(kind)
        for source in found[1:]:
            report.warnings.append(
                f"{source.name}: not read, the same in every language as {found[0].name}"
            )
    report.record_release(rel)
    return _stream(download, DownloadWriter(rel, selection, report), rel.triples(part))


def _stream(
    download: Download, writer: DownloadWriter, description: list[pyoxigraph.Triple]
) -> Iterator[pyoxigraph.Triple]:
    """Chain the per-row lists of triples of every file (C-level iteration per triple).

    The concept files first (they give the concepts' own labels), then the relations (read
    once: the first file of each kind), then what repeats them (collections, hierarchy),
    then the schemes.
    """
    from itertools import chain

    def lists() -> Iterator[Iterable[pyoxigraph.Triple]]:
        for kind in CONCEPT_KINDS:  # a list of triples per row
            for source in download.of(kind):
                yield from writer.concepts(kind, source)
        for kind in BROADER_KINDS:  # a triple per row: the file's generator
            for source in download.of(kind)[:1]:
                yield writer.broader(source)
        columns = ("occupationUri", "relationType", "skillUri")
        for source in download.of(SKILL_RELATIONS)[:1]:
            yield writer.skill_relations(source, columns)
        columns = ("originalSkillUri", "relationType", "relatedSkillUri")
        for source in download.of(SKILL_SKILL)[:1]:
            yield writer.skill_relations(source, columns, skills=True)
        for source in download.collections():
            yield from writer.collection(source)
        for source in download.of(HIERARCHY):
            yield from writer.hierarchy(source)
        for source in download.of(SCHEMES):  # last: the schemes the concepts named
            yield from writer.concept_schemes(source)
        yield writer.unnamed_schemes()
        yield description
        writer.report.warn_flagged()

    return chain.from_iterable(lists())


def import_esco(
    folders: str | Path | Sequence[str | Path],
    output: str | Path | None = None,
    *,
    fmt: str = "ttl",
    concepts: Iterable[str] = (),
    version: str | None = None,
    issued: str | None = None,
) -> ImportReport:
    """Write ESCO's CSV download in ``folders`` as RDF to ``output`` (None or ``-``: stdout).

    A shortcut for :func:`csrgraph.importers.api.write_import` of ``"esco"`` (the file
    appears only when all is written); returns its report.
    """
    if fmt not in FORMATS:
        raise not_one_of("fmt", fmt, FORMATS)
    options: dict[str, Any] = {"concepts": concepts, "version": version, "issued": issued}
    return write_import("esco", folders, output, fmt, **options)
