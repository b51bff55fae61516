"""ESCO's whole download, as the portal hands it out, imports whole and conforms.

The releases are in ``../shared/external/`` beside the repository (its README): ESCO v1.1.1
and v1.1.0 in English as the two zip files each, and v1.1.1's French classification files
in a folder. Each import runs once (a session fixture) and is loaded into an Oxigraph store
for counting; the counts per record type are those of the distinct records in the files,
read here with the ``csv`` module on its own. Conformance is checked once per import with the
fastest SHACL engine installed (pyshacl-turbo).
"""

from __future__ import annotations

import csv
import io
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from external import jena_shacl, need

from csrgraph.importers.api import ImportReport
from csrgraph.importers.esco import import_esco

pytestmark = pytest.mark.external

EXTERNAL = Path(__file__).parents[1].parent / "shared" / "external"
V111, V110, V111_FR = (EXTERNAL / n for n in ("esco-1.1.1-en", "esco-1.1.0-en", "esco-1.1.1-fr"))
MODEL = "http://data.europa.eu/esco/model#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
csv.field_size_limit(2**31 - 1)


def _need(*folders: Path) -> None:
    for folder in folders:
        need(f"ESCO release files in {folder}", folder.is_dir(), "see ../shared/external/README.md")


def _files(folder: Path) -> Iterator[tuple[str, io.TextIOBase]]:
    """Yield (name, text) of every CSV file in ``folder``, in its zips or beside them."""
    for path in sorted(folder.iterdir()):
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    with archive.open(member) as raw:
                        yield member, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        elif path.suffix == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as text:
                yield path.name, text


def distinct(folders: tuple[Path, ...]) -> dict[str, int]:
    """Count the distinct records of each kind in the files, with ``csv`` alone."""
    found: dict[str, set[object]] = {}
    keys = {
        "occupations": ("conceptUri",),
        "skills": ("conceptUri",),
        "ISCOGroups": ("conceptUri",),
        "skillGroups": ("conceptUri",),
        "occupationSkillRelations": ("occupationUri", "relationType", "skillUri"),
        "skillSkillRelations": ("originalSkillUri", "relationType", "relatedSkillUri"),
        "conceptSchemes": ("conceptSchemeUri",),
    }
    for folder in folders:
        for name, text in _files(folder):
            stem = name.removesuffix(".csv").split("_")[0]
            if stem in keys:
                rows = csv.DictReader(text)
                found.setdefault(stem, set()).update(
                    tuple(row[k] for k in keys[stem]) for row in rows
                )
    return {stem: len(values) for stem, values in found.items()}


@dataclass
class Imported:
    """One whole import: its report, the output file, its store and the files' counts."""

    report: ImportReport
    output: Path
    store: ox.Store
    expected: dict[str, int]
    seconds: float

    def typed(self, cls: str) -> int:
        return sum(1 for _ in self.store.quads_for_pattern(None, RDF_TYPE, ox.NamedNode(cls)))

    def with_predicate(self, predicate: str) -> int:
        return sum(1 for _ in self.store.quads_for_pattern(None, ox.NamedNode(predicate), None))


def _import(factory: pytest.TempPathFactory, *folders: Path, issued: str) -> Imported:
    _need(*folders)
    output = factory.mktemp("esco-release") / "esco.nt"
    started = time.perf_counter()
    report = import_esco(list(folders), output, fmt="nt", issued=issued)
    seconds = time.perf_counter() - started
    store = ox.Store()
    store.bulk_load(path=str(output), format=ox.RdfFormat.N_TRIPLES)
    print(
        f"\nESCO import of {', '.join(f.name for f in folders)}: {seconds:.1f} s", file=sys.stderr
    )
    return Imported(report, output, store, distinct(folders), seconds)


@pytest.fixture(scope="session")
def v111(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    return _import(tmp_path_factory, V111, issued="2022-09")


@pytest.fixture(scope="session")
def v111_fr(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    return _import(tmp_path_factory, V111, V111_FR, issued="2022-09")


@pytest.fixture(scope="session")
def v110(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    return _import(tmp_path_factory, V110, issued="2022-01")


RELEASES = ("v111", "v111_fr", "v110")


@pytest.fixture(params=RELEASES)
def release(request: pytest.FixtureRequest) -> Imported:
    found: Imported = request.getfixturevalue(request.param)
    return found


def test_the_releases_are_all_tested() -> None:
    assert len(RELEASES) == 3


def test_v111_has_the_counts_esco_publishes(v111: Imported) -> None:
    assert v111.expected["occupations"] == 3007
    assert v111.expected["skills"] == 13896
    assert v111.expected["occupationSkillRelations"] == 123855
    assert v111.report.files["occupationSkillRelations.csv"] == 123855
    assert v111.report.complete


def test_every_record_becomes_one_node(release: Imported) -> None:
    expected = release.expected
    assert release.typed(MODEL + "Occupation") == expected["occupations"]
    assert release.typed(MODEL + "Skill") == expected["skills"]
    assert release.typed(SKOS + "ConceptScheme") >= expected["conceptSchemes"]
    relations = release.with_predicate(MODEL + "relatedEssentialSkill")
    relations += release.with_predicate(MODEL + "relatedOptionalSkill")
    assert relations == expected["occupationSkillRelations"] + expected["skillSkillRelations"]
    concepts = sum(expected[k] for k in ("occupations", "skills", "ISCOGroups", "skillGroups"))
    # the skills hierarchy's top concepts are in no other file
    assert concepts <= release.typed(SKOS + "Concept") <= concepts + 20


def test_every_file_of_both_packages_is_read(release: Imported) -> None:
    names = set(release.report.files)
    for stem in (
        "broaderRelationsOccPillar",
        "broaderRelationsSkillPillar",
        "occupationSkillRelations",
        "skillSkillRelations",
    ):
        assert f"{stem}.csv" in names
    for stem in ("occupations", "skills", "ISCOGroups", "skillGroups", "skillsHierarchy"):
        assert f"{stem}_en.csv" in names
    assert "conceptSchemes_en.csv" in names
    assert sum(1 for n in names if "Collection_" in n) >= 6
    # the French folder repeats the occupation pillar's relations: read once, said so
    assert all(", the same in every language as " in w for w in release.report.warnings)
    # and no row is left out or changed: no concept comes twice in its file
    assert release.report.skipped == {} and release.report.changed == {}


def test_every_column_is_mapped_or_listed(release: Imported) -> None:
    report = release.report
    for name in report.files:
        assert name in report.columns, name
    assert report.not_imported("occupationSkillRelations.csv") == {
        "skillType": "the skill's own row gives its type"
    }
    assert "broaderConceptPT" in report.not_imported("greenSkillsCollection_en.csv")
    assert "    not imported: broaderConceptPT (" in report.summary()


def test_french_and_english_labels_merge(v111_fr: Imported, v111: Imported) -> None:
    csr = ox.NamedNode("http://data.europa.eu/esco/occupation/13d1b2b4-99dd-44da-9734-c9f74bae18f7")
    labels = {
        q.object.language  # type: ignore[union-attr]
        for q in v111_fr.store.quads_for_pattern(csr, ox.NamedNode(SKOS + "prefLabel"), None)
    }
    assert labels == {"en", "fr"}
    assert v111_fr.typed(MODEL + "Occupation") == v111.typed(MODEL + "Occupation")
    assert "occupations_fr.csv" in v111_fr.report.files
    # the French relations file is the English one again: read once
    assert "broaderRelationsOccPillar_fr.csv" not in v111_fr.report.files


# v1.1.1 in English and French holds every node and label of the English import, so one run
# of the validator covers both (each run costs about 45 s of CPU).
@pytest.mark.parametrize("name", ["v111_fr", "v110"])
def test_the_import_conforms(name: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """Jena's SHACL validator (the fastest at this size) on the import with the ontology.

    pyshacl-turbo takes over 15 minutes on the 610,000 triples of v1.1.1 on 2 busy
    cores; Jena's ``shacl validate`` about a minute.
    """
    release: Imported = request.getfixturevalue(name)
    done = jena_shacl(release.output, tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "sh:conforms  true" in done.stdout, done.stdout[:5000]
