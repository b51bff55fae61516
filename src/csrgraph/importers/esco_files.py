"""The files of ESCO's CSV download, found in folders or in the zip files the portal hands out.

ESCO's portal hands out a release as two zips: the classification of one language
(``ESCO dataset - v1.1.1 - classification - en - csv.zip``: ``occupations_en.csv``,
``skills_en.csv``, ``conceptSchemes_en.csv``, the collections, ...) and the relations, the same
in every language (``... classification -  - csv.zip``: ``broaderRelationsOccPillar.csv``,
``occupationSkillRelations.csv``, ...). :func:`find_sources` takes folders, zip files, or
folders holding zip files, and returns every CSV file by kind and language (the language from
the name: ``_xx`` before ``.csv``). Each :class:`Kind` says the columns a row needs and what
becomes of every column (:data:`COLUMNS`), so that a report can list the columns not imported.

>>> from pathlib import Path
>>> download = find_sources(["tests/fixtures/esco"])
>>> [(s.name, s.lang) for s in download.of(OCCUPATIONS)]
[('occupations_en.csv', 'en')]
>>> kind_of("broaderRelationsSkillPillar.csv")
('broaderRelationsSkillPillar', None)
>>> kind_of("greenSkillsCollection_fr.csv")
('greenSkillsCollection', 'fr')
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from csrgraph.errors import InputError
from csrgraph.importers.api import ImportReport
from csrgraph.importers.tables import Row, refuse_special

_FILE_NAME = re.compile(r"^(?P<stem>[A-Za-z]+?)(?:_(?P<lang>[a-z]{2,3}(?:-[A-Za-z0-9]+)?))?\.csv$")


@dataclass(frozen=True)
class Kind:
    """One kind of file in the download: its name stem and what its rows need."""

    stem: str
    required: tuple[str, ...]
    concept_type: str | None = None  # the esco: class of its concepts, if any
    scheme: str = ""  # the concept scheme when the file has no inScheme column
    language: bool = True  # a file per language (else: the same in every language)


OCCUPATIONS = Kind("occupations", ("conceptUri", "preferredLabel"), "Occupation", "occupations")
ISCO_GROUPS = Kind("ISCOGroups", ("conceptUri", "code", "preferredLabel"), None, "isco")
SKILL_GROUPS = Kind("skillGroups", ("conceptUri", "preferredLabel"), None, "skills-hierarchy")
SKILLS = Kind("skills", ("conceptUri", "preferredLabel"), "Skill", "skills")
BROADER = Kind("broaderRelationsOccPillar", ("conceptUri", "broaderUri"), language=False)
SKILL_BROADER = Kind("broaderRelationsSkillPillar", ("conceptUri", "broaderUri"), language=False)
SKILL_RELATIONS = Kind(
    "occupationSkillRelations", ("occupationUri", "relationType", "skillUri"), language=False
)
SKILL_SKILL = Kind(
    "skillSkillRelations",
    ("originalSkillUri", "relationType", "relatedSkillUri"),
    language=False,
)
HIERARCHY = Kind("skillsHierarchy", ("Level 0 URI",), None, "skills-hierarchy")
SCHEMES = Kind("conceptSchemes", ("conceptSchemeUri",))
#: Any ``...Collection_xx.csv``: a collection of skills or occupations (transversal, green,
#: digital, DigComp, language, research); the stem of each file is its own.
COLLECTION = Kind("Collection", ("conceptUri", "preferredLabel"))
CONCEPT_KINDS = (ISCO_GROUPS, OCCUPATIONS, SKILL_GROUPS, SKILLS)
BROADER_KINDS = (BROADER, SKILL_BROADER)
KINDS = (*CONCEPT_KINDS, *BROADER_KINDS, SKILL_RELATIONS, SKILL_SKILL, HIERARCHY, SCHEMES)

_LABELS = {
    "conceptUri": "the concept's IRI",
    "preferredLabel": "skos:prefLabel",
    "altLabels": "skos:altLabel",
    "hiddenLabels": "skos:hiddenLabel",
    "description": "dcterms:description",
    "definition": "skos:definition",
    "scopeNote": "skos:scopeNote",
    "status": "iso-thes:status",
    "modifiedDate": "dcterms:modified",
    "inScheme": "skos:inScheme",
    "code": "skos:notation",
    "conceptType": "rdf:type (the file's kind)",
    "skillType": "esco:skillType",
    "reuseLevel": "esco:skillReuseLevel",
}
_RELATION = {
    "conceptType": "not imported: the concept's own file gives its type",
    "broaderType": "not imported: the broader concept's own file gives its type",
    "conceptUri": "the narrower concept",
    "broaderUri": "skos:broader",
}
#: What becomes of each column of each kind of file (a column not named: "not imported").
COLUMNS: dict[str, dict[str, str]] = {
    "occupations": {
        **_LABELS,
        "iscoGroup": "esco:memberOfISCOGroup",
        "regulatedProfessionNote": "esco:regulatedProfessionNote",
    },
    "ISCOGroups": _LABELS,
    "skillGroups": _LABELS,
    "skills": _LABELS,
    "broaderRelationsOccPillar": _RELATION,
    "broaderRelationsSkillPillar": _RELATION,
    "occupationSkillRelations": {
        "occupationUri": "the occupation",
        "relationType": "esco:relatedEssentialSkill or esco:relatedOptionalSkill",
        "skillUri": "the skill",
        "skillType": "not imported: the skill's own row gives its type",
    },
    "skillSkillRelations": {
        "originalSkillUri": "the skill",
        "relationType": "esco:relatedEssentialSkill or esco:relatedOptionalSkill",
        "relatedSkillUri": "the related skill",
        "originalSkillType": "not imported: the skill's own row gives its type",
        "relatedSkillType": "not imported: the skill's own row gives its type",
    },
    "skillsHierarchy": {
        **{
            f"Level {n} URI": "the concept at that level, skos:broader the level above"
            for n in range(4)
        },
        **{
            f"Level {n} preferred term": "skos:prefLabel, where no other file gives one"
            for n in range(4)
        },
        **{f"Level {n} code": "skos:notation, where no other file gives one" for n in range(4)},
        "Description": "dcterms:description of the row's concept, where no other file gives one",
        "Scope note": "skos:scopeNote of the row's concept, where no other file gives one",
    },
    "conceptSchemes": {
        "conceptSchemeUri": "the skos:ConceptScheme",
        "conceptType": "rdf:type skos:ConceptScheme",
        "preferredLabel": "skos:prefLabel",
        "title": "dcterms:title",
        "status": "iso-thes:status",
        "description": "dcterms:description",
        "hasTopConcept": "skos:hasTopConcept",
    },
    "Collection": {
        **_LABELS,
        "preferredLabel": "skos:prefLabel, where the concept's own file gives none",
        "altLabels": "skos:altLabel, where the concept's own file gives none",
        "description": "dcterms:description, where the concept's own file gives none",
        "conceptUri": "the member concept (the concepts' inScheme names the collection)",
        "broaderConceptUri": "skos:broader",
        "broaderConceptPT": "not imported: the broader concepts' own preferred labels",
    },
}


def kind_of(name: str) -> tuple[str, str | None] | None:
    """Return (stem, language or None) of an ESCO CSV file name; None if it is not one."""
    match = _FILE_NAME.match(name)
    return None if match is None else (match["stem"], match["lang"])


@dataclass(frozen=True)
class Source:
    """One CSV file of the download: a file of its own, or a member of a zip file."""

    name: str
    stem: str
    lang: str | None
    path: Path
    member: str | None = None

    def open(self) -> IO[bytes]:
        """Open the bytes (an InputError when the zip is damaged)."""
        if self.member is None:
            return self.path.open("rb")
        try:
            archive = zipfile.ZipFile(self.path)
            return archive.open(self.member)
        except (zipfile.BadZipFile, KeyError, OSError) as err:
            raise InputError(f"{self.path.name}: cannot read {self.member} ({err})") from None

    def rows(self, report: ImportReport, required: Sequence[str]) -> Iterator[Row]:
        """Yield the rows, counted in ``report``, and list the columns not imported there."""
        opener = self.open if self.member is not None else None
        rows = report.read(
            self.path, required, delimiter=",", quoted=True, name=self.name, opener=opener,
            pad=self.stem == HIERARCHY.stem,
        )  # fmt: skip
        fates = COLUMNS.get("Collection" if self.stem.endswith("Collection") else self.stem, {})
        for row in rows:
            for column in row.cells:
                fate = fates.get(column, "not imported: a column csrgraph does not know")
                report.column(self.name, column, fate)
            yield row
            yield from rows
            return


@dataclass
class Download:
    """The files found: kind stem -> sources, in the order found; ``other``: CSV files unknown."""

    files: dict[str, list[Source]] = field(default_factory=dict)
    other: list[str] = field(default_factory=list)

    def of(self, kind: Kind) -> list[Source]:
        """Return the sources of ``kind``, in the order found."""
        return self.files.get(kind.stem, [])

    def collections(self) -> list[Source]:
        """Return the collection files (``...Collection_xx.csv``), in the order found."""
        return [
            s for stem, found in self.files.items() if stem.endswith("Collection") for s in found
        ]


def _members(path: Path) -> Iterator[tuple[str, Path, str | None]]:
    """Yield (file name, file, zip member or None) of a CSV file, a zip, or a folder of them."""
    if path.is_dir():
        for file in sorted(path.iterdir()):
            if not file.is_dir() and file.suffix.lower() in (".csv", ".zip"):
                yield from _members(file)
        return
    refuse_special(path)  # a FIFO would wait for a writer forever
    if not path.is_file():
        return  # a broken link: skipped, as before
    if path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as archive:
                names = sorted(n for n in archive.namelist() if n.lower().endswith(".csv"))
        except (zipfile.BadZipFile, OSError) as err:
            raise InputError(f"{path}: not a readable zip file ({err})", file=str(path)) from None
        for member in names:
            yield member.rsplit("/", 1)[-1], path, member
        return
    yield path.name, path, None


def find_sources(locations: Sequence[str | Path]) -> Download:
    """Find ESCO's CSV files in ``locations`` (folders, zip files, folders of zip files).

    Raises InputError where a location is missing, a zip is damaged, a language file has no
    language in its name, two files give one kind in one language, or there is no
    occupations file. Relation files (the same in every language) may come more than once:
    the first one found is read.
    """
    download = Download()
    stems = {kind.stem: kind for kind in KINDS}
    for location in locations:
        path = Path(location)
        if not path.exists():
            raise InputError(
                f"{location}: no such folder or zip file (give ESCO's CSV download)",
                file=str(location),
            )
        for name, file, member in _members(path):
            found = kind_of(name)
            kind = stems.get(found[0]) if found else None
            if found is None or (kind is None and not found[0].endswith("Collection")):
                download.other.append(name)
                continue
            stem, lang = found
            per_language = kind.language if kind is not None else True
            if per_language and lang is None:
                raise InputError(f"{path}: {name} does not say its language (name_xx.csv)")
            sources = download.files.setdefault(stem, [])
            if per_language and any(s.lang == lang for s in sources):
                raise InputError(f"{path}: a second {stem} file for {lang!r} ({name})")
            sources.append(Source(name, stem, lang if per_language else None, file, member))
    if not download.of(OCCUPATIONS):
        where = ", ".join(str(f) for f in locations)
        raise InputError(f"{where}: no occupations_xx.csv file (ESCO's CSV download)")
    return download
