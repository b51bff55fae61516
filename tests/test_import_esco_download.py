"""ESCO's download as a user has it: the zips, relation files without a language, huge cells,
the skills hierarchy's short rows, collections in another language, and what the command
tells a user on a terminal. Small files built from tests/fixtures/esco (fast; the whole
releases are tested in test_import_esco_release.py).
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import FIXTURES

from csrgraph.cli import main
from csrgraph.importers.api import Import

SAMPLE = FIXTURES / "esco"
SKOS = "http://www.w3.org/2004/02/skos/core#"
CSR = "http://data.europa.eu/esco/occupation/13d1b2b4-99dd-44da-9734-c9f74bae18f7"
SKILL = "http://data.europa.eu/esco/skill/"


def _count(location: object) -> tuple[int, Import]:
    job = Import("esco", location, version="1.2.0")  # type: ignore[arg-type]
    return sum(1 for _ in job.triples()), job


def _zips(target: Path) -> list[Path]:
    """The sample as the portal's two zips: the relations without a language in their names."""
    target.mkdir()
    classification = target / "ESCO dataset - v1.2.0 - classification - en - csv.zip"
    relations = target / "ESCO dataset - v1.2.0 - classification -  - csv.zip"
    with zipfile.ZipFile(classification, "w") as out:
        for name in ("occupations_en.csv", "skills_en.csv", "ISCOGroups_en.csv"):
            out.write(SAMPLE / name, name)
    with zipfile.ZipFile(relations, "w") as out:
        for name in ("broaderRelationsOccPillar", "occupationSkillRelations"):
            out.write(SAMPLE / f"{name}_en.csv", f"{name}.csv")
    return [classification, relations]


def test_the_zips_import_as_the_folder_does(tmp_path: Path) -> None:
    zips = _zips(tmp_path / "download")
    folder, _ = _count(SAMPLE)
    from_zips, job = _count(zips)
    assert from_zips == folder
    assert "broaderRelationsOccPillar.csv" in job.report.files
    assert _count([tmp_path / "download"])[0] == folder  # the folder holding the zips


def test_a_huge_cell_is_read(tmp_path: Path) -> None:
    """A scheme's hasTopConcept lists thousands of IRIs (651 KB in ESCO v1.1.1)."""
    folder = tmp_path / "esco"
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("de", "*.md"))
    tops = ",\n".join(f"{SKILL}{n:08d}-0000-4000-8000-000000000000" for n in range(8000))
    header = "conceptType,conceptSchemeUri,preferredLabel,title,status,description,hasTopConcept"
    row = (
        f'ConceptScheme,http://data.europa.eu/esco/concept-scheme/skills,skills,,released,,"{tops}"'
    )
    (folder / "conceptSchemes_en.csv").write_text(f"{header}\n{row}\n", encoding="utf-8")
    assert len(tops) > 131072
    _, job = _count(folder)
    assert job.report.files["conceptSchemes_en.csv"] == 1
    assert job.report.columns["conceptSchemes_en.csv"]["hasTopConcept"] == "skos:hasTopConcept"


def test_hierarchy_and_collections_in_another_language(tmp_path: Path) -> None:
    """Short hierarchy rows read as empty cells; a French collection gives French labels."""
    folder = tmp_path / "esco"
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("de", "*.md"))
    top, group = f"{SKILL}top-0000", f"{SKILL}group-0001"
    skill = f"{SKILL}a17286c5-238d-4f0b-bc24-29e9121345de"
    levels = [f"Level {n} {what}" for n in range(4) for what in ("URI", "preferred term")]
    header = ",".join(
        [*levels, "Description", "Scope note", *(f"Level {n} code" for n in range(4))]
    )
    (folder / "skillsHierarchy_en.csv").write_text(
        f"{header}\n{top},top,,,,,,,,,T\n{top},top,{group},group,,,,,a group,,T,T1\n",
        encoding="utf-8",
    )
    header = "conceptType,conceptUri,preferredLabel,status,altLabels,description,broaderConceptUri"
    (folder / "greenSkillsCollection_fr.csv").write_text(
        f"{header}\nKnowledgeSkillCompetence,{skill},compétence,released,a | b,,{group}\n",
        encoding="utf-8",
    )
    store = ox.Store()
    store.extend([ox.Quad(t.subject, t.predicate, t.object) for t in _count(folder)[1].triples()])
    node = ox.NamedNode

    def values(s: str, p: str) -> set[str]:
        return {q.object.value for q in store.quads_for_pattern(node(s), node(SKOS + p), None)}

    assert values(group, "notation") == {"T1"}
    assert values(group, "broader") == {top}
    assert values(top, "prefLabel") == {"top"}
    assert "compétence" in values(skill, "prefLabel")
    assert {"a", "b"} <= values(skill, "altLabel")
    assert group in values(skill, "broader")


def test_a_terminal_gets_progress_and_a_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import csrgraph.cli.progress as progress

    out = tmp_path / "esco.nt"
    args = ["import", "esco", str(SAMPLE), "--release", "1.2.0", "-o", str(out)]
    quiet = CliRunner().invoke(main, args)
    assert quiet.exit_code == 0 and quiet.stderr == ""  # not a terminal: nothing
    monkeypatch.setattr(progress, "on_terminal", lambda: True)
    shown = CliRunner().invoke(main, args)
    assert shown.exit_code == 0, shown.stderr
    assert "rows read" in shown.stderr
    assert "esco: 5 files, 237 rows read, 0 rows skipped" in shown.stderr
    assert "elapsed:" in shown.stderr
    assert "not imported: broaderType" in shown.stderr
    silenced = CliRunner().invoke(main, [*args, "--quiet"])
    assert silenced.exit_code == 0 and silenced.stderr == ""
