"""No record is lost without a word: every row an importer drops or changes is counted in its
report and named in one ``Warning:`` line per kind, with the count and the first row.

Each case is a small sample built here from the fixtures of tests/fixtures/ with one row
added: a concept given twice in an ESCO concept file, an O*NET related occupation that is
not an occupation of the release, a crosswalk row whose code is not of the documented form.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import FIXTURES

from csrgraph.cli import main
from csrgraph.importers.api import Import

OCC = "http://data.europa.eu/esco/occupation/"
CSR = OCC + "13d1b2b4-99dd-44da-9734-c9f74bae18f7"
SKOS = "http://www.w3.org/2004/02/skos/core#"


def _run(source: str, location: Path, **options: object) -> tuple[Import, ox.Store]:
    job = Import(source, location, **options)
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in job.triples())
    return job, store


def _labels(store: ox.Store, iri: str, prop: str) -> set[str]:
    found = store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(SKOS + prop), None)
    return {q.object.value for q in found}


def _cli(*args: object) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stderr.strip().splitlines()


# --- ESCO: a concept given twice in its concept file -------------------------------------


def _esco_with(tmp_path: Path, change: dict[str, str] | None) -> Path:
    """The ESCO fixture with the CSR occupation's row again at the end (cells ``change``d)."""
    folder = tmp_path / "esco"
    shutil.copytree(FIXTURES / "esco", folder, ignore=shutil.ignore_patterns("de", "*.md"))
    path = folder / "occupations_en.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    again = dict(next(row for row in rows if row["conceptUri"] == CSR), **(change or {}))
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=list(again)).writerow(again)
    return folder


def test_esco_a_concept_again_with_another_label_keeps_it_as_an_altlabel(tmp_path: Path) -> None:
    folder = _esco_with(tmp_path, {"preferredLabel": "client service agent", "altLabels": "x1"})
    job, store = _run("esco", folder, version="1.2.0")
    # SKOS: one prefLabel per language; the first row's stays, the second's is not lost
    assert _labels(store, CSR, "prefLabel") == {"customer service representative"}
    assert {"client service agent", "x1"} <= _labels(store, CSR, "altLabel")
    report = job.report
    assert report.changed == {"occupations_en.csv": {next(iter(report.examples)): 1}}
    assert report.skipped == {}
    assert "  occupations_en.csv: 33 rows, changed 1 (concept given again, " in report.summary()
    (warning,) = report.warnings
    assert warning == (
        "changed 1 rows (concept given again, other cells: the first row kept, this row's "
        "labels added): occupations_en.csv: 1; first: occupations_en.csv, line 266: "
        f"{CSR!r}"
    )


def test_esco_a_row_given_twice_is_skipped_and_counted(tmp_path: Path) -> None:
    folder = _esco_with(tmp_path, None)
    job, store = _run("esco", folder, version="1.2.0")
    _, whole = _run("esco", FIXTURES / "esco", version="1.2.0")
    assert set(store) == set(whole)  # nothing lost, nothing added
    assert job.report.skipped == {"occupations_en.csv": {"concept's row given twice": 1}}
    assert job.report.warnings == [
        "skipped 1 rows (concept's row given twice): occupations_en.csv: 1; "
        f"first: occupations_en.csv, line 266: {CSR!r}"
    ]


def test_esco_collections_repeating_concepts_are_no_warning() -> None:
    job, _ = _run("esco", FIXTURES / "esco", version="1.2.0")
    assert job.report.warnings == [] and job.report.changed == {}


# --- O*NET: a related occupation that is not an occupation of the release -----------------


def _onet_with_related(tmp_path: Path) -> Path:
    """The O*NET fixture, its related occupations those of its own occupations, and one more."""
    folder = tmp_path / "onet"
    shutil.copytree(FIXTURES / "onet", folder)
    path = folder / "Related Occupations.txt"
    codes = {line.split("\t")[0] for line in (folder / "Occupation Data.txt").open()}
    lines = [
        line for line in path.open() if line.split("\t")[2] in codes | {"Related O*NET-SOC Code"}
    ]
    lines.append(
        "43-4051.00\tCustomer Service Representatives\t99-9999.00\tNobody\tPrimary-Short\t11\n"
    )
    path.write_text("".join(lines), encoding="utf-8")
    return folder


def test_onet_a_related_code_outside_the_release_is_counted_and_warned(tmp_path: Path) -> None:
    job, store = _run("onet", _onet_with_related(tmp_path), version="29.2")
    report = job.report
    reason = "related code not in Occupation Data.txt"
    assert report.skipped_for(reason) == {"Related Occupations.txt": 1}
    assert report.warnings == [
        f"skipped 1 rows ({reason}): Related Occupations.txt: 1; "
        "first: Related Occupations.txt, line 89: '99-9999.00'"
    ]
    dangling = "https://w3id.org/csrgraph/onet/occupation/99-9999.00"
    assert not list(store.quads_for_pattern(None, None, ox.NamedNode(dangling)))


def test_onet_a_related_occupation_left_out_by_occupations_is_no_warning(tmp_path: Path) -> None:
    folder = _onet_with_related(tmp_path)
    job, _ = _run("onet", folder, occupations=["43-4021.00"], version="29.2")
    assert job.report.skipped_for("related occupation not imported")
    assert job.report.warnings == []


def test_onet_the_cli_prints_the_warning_and_exits_0(tmp_path: Path) -> None:
    out = tmp_path / "out.nt"
    code, lines = _cli(
        "import", "onet", _onet_with_related(tmp_path), "--release", "29.2", "-o", out, "-q"
    )
    assert code == 0, lines
    assert lines == [
        "Warning: skipped 1 rows (related code not in Occupation Data.txt): Related "
        "Occupations.txt: 1; first: Related Occupations.txt, line 89: '99-9999.00'"
    ]
    assert out.stat().st_size > 100_000


# --- Crosswalks: a code not of the form the crosswalk documents ---------------------------

BAD_ROWS = {  # file -> a row whose code is malformed, and that code
    "bls-soc2010-isco08.tsv": ("43-405\tCut Short\t\t4222\tContact centre information clerks\t\n",
                               "43-405"),
    "nesta-esco-onet-2020-11.csv": (
        f"9,bad code,4222,43-4051,customer service representatives,na,0.8,1.0,{CSR}\n",
        "43-4051",
    ),
}  # fmt: skip


def test_the_bad_rows_are_one_per_crosswalk() -> None:
    assert len(BAD_ROWS) == 2
    assert sorted(BAD_ROWS) == sorted(p.name for p in (FIXTURES / "crosswalks").glob("*.?sv"))


def test_crosswalk_rows_of_malformed_codes_are_refused_the_rest_kept(tmp_path: Path) -> None:
    folder = tmp_path / "crosswalks"
    shutil.copytree(FIXTURES / "crosswalks", folder, ignore=shutil.ignore_patterns("*.md"))
    for name, (row, _) in BAD_ROWS.items():
        with (folder / name).open("a", encoding="utf-8") as handle:
            handle.write(row)
    job, store = _run("crosswalk", folder)
    _, whole = _run("crosswalk", FIXTURES / "crosswalks")
    assert set(store) == set(whole)  # every good row kept as it was, the bad left out
    report = job.report
    assert report.skipped == {
        "bls-soc2010-isco08.tsv": {"2010 SOC Code not of the form NN-NNNN": 1},
        "nesta-esco-onet-2020-11.csv": {"onet_code not of the form NN-NNNN.NN": 1},
    }
    assert report.warnings == [
        "skipped 1 rows (2010 SOC Code not of the form NN-NNNN): bls-soc2010-isco08.tsv: 1; "
        "first: bls-soc2010-isco08.tsv, line 6: '43-405'",
        "skipped 1 rows (onet_code not of the form NN-NNNN.NN): nesta-esco-onet-2020-11.csv: "
        "1; first: nesta-esco-onet-2020-11.csv, line 6: '43-4051'",
    ]
    code, lines = _cli("import", "crosswalk", folder, "-o", tmp_path / "out.nt", "-q")
    assert code == 0 and lines == [f"Warning: {w}" for w in report.warnings]


@pytest.mark.parametrize("name", sorted(BAD_ROWS))
def test_a_crosswalk_row_without_a_code_is_warned_of(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    shutil.copy(FIXTURES / "crosswalks" / name, path)
    row, code = BAD_ROWS[name]
    with path.open("a", encoding="utf-8") as handle:
        handle.write(row.replace(code, "", 1))
    job, _ = _run("crosswalk", path)
    assert job.report.skipped == {name: {"no code on one side": 1}}
    (warning,) = job.report.warnings
    assert warning.startswith(f"skipped 1 rows (no code on one side): {name}: 1; first: {name}")
