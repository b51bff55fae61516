"""ESCO's CSV download -> RDF in ESCO's own model (``http://data.europa.eu/esco/model#``).

Reads the files of the ESCO classification download (one set per language, ``xx`` the
language code): ``occupations_xx.csv`` (required), ``ISCOGroups_xx.csv``, ``skills_xx.csv``,
``broaderRelationsOccPillar_xx.csv``, ``occupationSkillRelations_xx.csv`` and
``conceptSchemes_xx.csv``. Columns are
found by their header name; columns that are not needed may be absent, unknown ones are
ignored; cells may hold quoted line breaks (ESCO lists alternative labels one a line).

What is written, with ESCO's own IRIs:

* occupations (``esco:Occupation``), ISCO-08 groups and skills (``esco:Skill``) as
  ``skos:Concept`` in their concept schemes, with ``skos:prefLabel``, ``altLabel`` and
  ``hiddenLabel`` per language, ``skos:definition``, ``skos:scopeNote``,
  ``dcterms:description``, ``skos:notation`` (the ESCO code such as ``4225.1``, the ISCO
  code), ``esco:memberOfISCOGroup``, ``esco:regulatedProfessionNote``, the publishing status
  and ``dcterms:modified``;
* ``skos:broader`` from the broader-relations file, ``esco:relatedEssentialSkill`` and
  ``esco:relatedOptionalSkill`` from the occupation-skill relations;
* the concept schemes the concepts are in, as ``skos:ConceptScheme`` with their label and
  description, when ``conceptSchemes_xx.csv`` is there (otherwise they are only named);
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csrgraph.errors import InputError, UsageError, not_one_of
from csrgraph.importers.api import ImportReport, write_import
from csrgraph.importers.esco_rdf import (
    BROADER,
    CONCEPT_KINDS,
    KINDS,
    OCCUPATIONS,
    SCHEMES,
    SKILL_RELATIONS,
    Kind,
    RowWriter,
    Selection,
    release,
)
from csrgraph.importers.esco_rdf import (
    PREFIXES as PREFIXES,  # the Turtle prefixes of the output (api.Import.prefixes)
)
from csrgraph.importers.output import FORMATS
from csrgraph.importers.provenance import check_date, check_version
from csrgraph.importers.tables import Row, read_table

if TYPE_CHECKING:
    import pyoxigraph

_FILE_NAME = re.compile(r"^(?P<stem>[A-Za-z]+)_(?P<lang>[a-z]{2,3}(?:-[A-Za-z0-9]+)?)\.csv$")


@dataclass
class Download:
    """The files found in one or more download folders: kind stem -> [(language, path)]."""

    files: dict[str, list[tuple[str, Path]]] = field(default_factory=dict)

    def of(self, kind: Kind) -> list[tuple[str, Path]]:
        """Return the (language, path) pairs of ``kind``, in the order found."""
        return self.files.get(kind.stem, [])


def find_files(folders: Sequence[str | Path]) -> Download:
    """Find the ESCO CSV files in ``folders``; raise InputError if there is no occupations file.

    A language given twice for one kind (two ``occupations_en.csv``) is refused.
    """
    download = Download()
    stems = {kind.stem for kind in KINDS}
    for folder in folders:
        path = Path(folder)
        if not path.is_dir():
            raise InputError(
                f"{folder}: not a folder (give the folder of ESCO's CSV files)", file=str(folder)
            )
        for file in sorted(path.iterdir()):
            match = _FILE_NAME.match(file.name)
            if match is None or match["stem"] not in stems or not file.is_file():
                continue
            found = download.files.setdefault(match["stem"], [])
            if any(lang == match["lang"] for lang, _ in found):
                raise InputError(f"{file}: a second {match['stem']} file for {match['lang']!r}")
            found.append((match["lang"], file))
    if not download.of(OCCUPATIONS):
        where = ", ".join(str(f) for f in folders)
        raise InputError(f"{where}: no occupations_xx.csv file (ESCO's CSV download)")
    return download


def _rows(path: Path, kind: Kind) -> Iterator[Row]:
    return read_table(path, kind.required, delimiter=",", quoted=True)


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
    for _, path in download.of(BROADER)[:1]:
        for line in _rows(path, BROADER):
            parents.setdefault(line.cells["conceptUri"], set()).add(line.cells["broaderUri"])
    keep, todo = set(chosen), list(chosen)
    while todo:
        for parent in parents.get(todo.pop(), ()):
            if parent not in keep:
                keep.add(parent)
                todo.append(parent)
    for _, path in download.of(SKILL_RELATIONS)[:1]:
        for line in _rows(path, SKILL_RELATIONS):
            if line.cells["occupationUri"] in chosen:
                keep.add(line.cells["skillUri"])
    known: set[str] = set()
    for kind in CONCEPT_KINDS:
        for _, path in download.of(kind):
            known.update(line.cells["conceptUri"] for line in _rows(path, kind))
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
#: The release assumed when neither ``--release`` nor a folder name gives one.
DEFAULT_VERSION = "1.2.0"


def release_of(
    folders: Sequence[str | Path], version: str | None, default: str | None = None
) -> str:
    """Return the release version: as given, else from a folder name, else ``default``.

    Without a default, a release nothing names is a UsageError.

    >>> release_of(["/data/ESCO dataset - v1.2.0 - classification - en - csv"], None)
    '1.2.0'
    >>> release_of(["x"], "1.1.1")
    '1.1.1'
    """
    if version is not None:
        return check_version(version)
    for folder in folders:
        match = re.search(r"(?<![\d.])v?(\d+\.\d+\.\d+)(?![\d.])", Path(folder).resolve().name)
        if match:
            return match[1]
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
    skills. ``version`` is the release (default: from a folder name, else
    :data:`DEFAULT_VERSION`), ``issued`` its date
    (default: known for the versions of :data:`RELEASE_DATES`). Raises
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
    download = find_files(folders)
    concepts = list(concepts)
    for iri in concepts:
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise UsageError(
                f"{{concepts}}: {iri!r} is not an IRI", parameter="concepts", value=iri
            ) from None
    selection = select(download, concepts)
    languages = [lang for lang, _ in download.of(OCCUPATIONS)]
    rel = release(version, issued, "en" if "en" in languages else languages[0])
    part = f"concepts {', '.join(sorted(concepts))}" if concepts else ""
    report = report if report is not None else ImportReport("esco")
    return _stream(download, RowWriter(rel, selection, report), rel.triples(part))


def _stream(
    download: Download, writer: RowWriter, description: list[pyoxigraph.Triple]
) -> Iterator[pyoxigraph.Triple]:
    """Chain the per-row lists of triples of every file (C-level iteration per triple)."""
    from itertools import chain

    def lists() -> Iterator[Iterable[pyoxigraph.Triple]]:
        for kind in CONCEPT_KINDS:  # a list of triples per row
            for lang, path in download.of(kind):
                yield from writer.concepts(kind, lang, path)
        for _, path in download.of(BROADER)[:1]:  # a triple per row: the file's generator
            yield writer.broader(path)
        for _, path in download.of(SKILL_RELATIONS)[:1]:
            yield writer.skill_relations(path)
        for lang, path in download.of(SCHEMES):  # last: the schemes the concepts named
            yield from writer.concept_schemes(lang, path)
        yield description

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
