"""csrgraph diff: what changed between two releases, on a small vocabulary and on ESCO itself.

The small one (tests/fixtures/diff/) has one change of each kind. The real one is ESCO v1.1.0
against v1.1.1 (../shared/external/, the official downloads): occupations, ISCO groups,
skills and the occupation pillar's broader relations, read from the zips into a temporary
folder and imported once per session. The known changes were read from the CSV files.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from external import need

from csrgraph.cli import main
from csrgraph.explore.diff import CHANGES, COLUMNS, diff_releases
from csrgraph.formats import table_formats

FIXTURE = Path(__file__).parent / "fixtures" / "diff"
OLD, NEW = str(FIXTURE / "old.ttl"), str(FIXTURE / "new.ttl")
EXTERNAL = Path(__file__).parents[1].parent / "shared" / "external"
EX = "https://example.org/voc/"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["diff", "--old", OLD, "--new", NEW, *args])
    return result.exit_code, result.stdout, result.stderr


def test_each_kind_of_change_is_found_once() -> None:
    found = diff_releases([OLD], [NEW])
    assert found.counts() == dict.fromkeys(CHANGES, 1)
    rows = {row[0]: row for row in found.rows()}
    assert rows["added"][1:3] == (EX + "new", "New")
    assert rows["removed"][1:3] == (EX + "gone", "Gone")
    assert rows["relabelled"][4:] == ("en", "B", "B, renamed")
    assert rows["reparented"][5:] == (EX + "a", EX + "b")
    assert rows["relation added"][6] == EX + "new"
    assert rows["relation removed"][5] == EX + "c"


def test_a_release_against_itself_has_no_changes() -> None:
    assert diff_releases([OLD], [OLD]).rows() == []


@pytest.mark.parametrize("fmt", table_formats())
def test_every_table_format_writes_the_diff(fmt: str) -> None:
    assert len(table_formats()) >= 5
    code, out, err = run("-f", fmt)
    assert code == 0, err
    assert "B, renamed" in out and EX + "gone" in out
    code, out, err = run("-f", fmt, "--counts")
    assert code == 0, err
    assert "relation removed" in out


def test_json_counts_are_numbers() -> None:
    code, out, _ = run("-f", "json", "--counts")
    assert code == 0
    assert json.loads(out) == [{"change": kind, "count": 1} for kind in CHANGES]


def test_csv_has_the_columns() -> None:
    code, out, _ = run("-f", "csv")
    assert code == 0
    assert out.splitlines()[0] == ",".join(COLUMNS)
    assert len(out.splitlines()) == 1 + len(CHANGES)


def test_a_missing_file_is_one_error_line(tmp_path: Path) -> None:
    out = tmp_path / "d.csv"
    result = CliRunner().invoke(
        main, ["diff", "--old", str(tmp_path / "no.ttl"), "--new", NEW, "-o", str(out)]
    )
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"Error: {tmp_path / 'no.ttl'}: no such file"]
    assert not out.exists()


def test_quads_of_an_import_are_read_with_their_graph(tmp_path: Path) -> None:
    """csrgraph import -f nq writes the release's named graph; diff reads it as the release."""
    from csrgraph.importers import write_import

    fixtures = Path(__file__).parent / "fixtures" / "esco"
    quads, triples = tmp_path / "esco.nq", tmp_path / "esco.nt"
    write_import("esco", fixtures, quads, "nq", version="1.2.0")
    write_import("esco", fixtures, triples, "nt", version="1.2.0")
    graph = "<https://w3id.org/csrgraph/dataset/import/esco-1.2.0>"
    assert all(line.endswith(f"{graph} .") for line in quads.read_text().splitlines())
    assert diff_releases([quads], [triples]).rows() == []


# --- ESCO v1.1.0 against v1.1.1 ---------------------------------------------------------------

#: The files compared, as the zips name them -> the name the importer reads.
ESCO_FILES = {
    "occupations_en.csv": "occupations_en.csv",
    "ISCOGroups_en.csv": "ISCOGroups_en.csv",
    "skills_en.csv": "skills_en.csv",
    "broaderRelationsOccPillar.csv": "broaderRelationsOccPillar_en.csv",
}
#: The month of each release's latest ``modifiedDate`` (the files do not say their release
#: date): only the dataset description of the import uses it, the diff does not.
ESCO_DATES = {"1.1.0": "2022-01", "1.1.1": "2022-08"}


def _extract(version: str, folder: Path) -> Path:
    target = folder / f"esco-{version}"
    target.mkdir()
    for archive in sorted((EXTERNAL / f"esco-{version}-en").glob("*.zip")):
        with zipfile.ZipFile(archive) as zipped:
            for member in zipped.namelist():
                name = Path(member).name
                if name in ESCO_FILES:
                    (target / ESCO_FILES[name]).write_bytes(zipped.read(member))
    assert sorted(p.name for p in target.iterdir()) == sorted(ESCO_FILES.values())
    return target


@pytest.fixture(scope="session")
def esco_releases(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from csrgraph.importers import write_import

    folder = tmp_path_factory.mktemp("esco-releases")
    outputs = []
    for version in ("1.1.0", "1.1.1"):
        found = (EXTERNAL / f"esco-{version}-en").is_dir()
        need(f"ESCO v{version} ({EXTERNAL / f'esco-{version}-en'})", found, "see its README")
        out = folder / f"esco-{version}.nt"
        write_import("esco", _extract(version, folder), out, "nt", issued=ESCO_DATES[version])
        outputs.append(out)
    return outputs[0], outputs[1]


OCCUPATION = "http://data.europa.eu/esco/occupation/"
SKILL = "http://data.europa.eu/esco/skill/"


@pytest.mark.external
def test_esco_v1_1_0_to_v1_1_1(esco_releases: tuple[Path, Path]) -> None:
    old, new = esco_releases
    found = diff_releases([old], [new])
    counts = found.counts()
    assert counts["removed"] == 1 and counts["added"] == 5, counts
    assert counts["reparented"] >= 19 and counts["relabelled"] >= 2, counts
    rows = found.rows()
    removed = [r for r in rows if r[0] == "removed"]
    assert removed[0][1:3] == (
        OCCUPATION + "a9e54177-a185-404d-b6e6-15663d31137e",
        "therapeutic radiographer",
    )
    added = {r[1] for r in rows if r[0] == "added"}
    assert SKILL + "426ceaba-6867-481c-bb6b-aee3933da7d2" in added
    relabelled = {r[1]: r[5:] for r in rows if r[0] == "relabelled"}
    assert relabelled[SKILL + "cd50d616-1f8b-481e-983f-68d2674ff82d"] == (
        "promote inclusion in research",
        "integrate gender dimension in research",
    )
    reparented = {r[1]: r[5:] for r in rows if r[0] == "reparented"}
    assert reparented[OCCUPATION + "71a98a24-e02b-4ba6-b4df-6556d7ae98cc"] == (
        "http://data.europa.eu/esco/isco/C8171",
        "http://data.europa.eu/esco/isco/C8143",
    )
    # the occupation pillar's own hierarchy moves too: an occupation under another one
    assert reparented[OCCUPATION + "febd4100-9a9b-46a0-b964-8623d79d0f32"][1] == (
        "http://data.europa.eu/esco/isco/C2133"
    )
