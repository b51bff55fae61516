"""The one importer API (csrgraph.importers.api): Import, ImportReport, write_import, the registry.

Every source answers the same calls; the CLI writes what the API yields, byte for byte.
"""

from __future__ import annotations

import ast
import doctest
import shutil
from pathlib import Path

import pytest
from importer_fixtures import FIXTURES

import csrgraph.importers.api
import csrgraph.importers.crosswalk
import csrgraph.importers.esco
import csrgraph.importers.onet
from csrgraph.errors import InputError, UsageError
from csrgraph.importers import IMPORTERS, Import, ImportReport, importer, write_import

ROOT = FIXTURES.parents[1]
PACKAGE = Path(csrgraph.importers.api.__file__).resolve().parent
#: Options that make each source's fixture import small and certain.
OPTIONS: dict[str, dict[str, object]] = {
    "onet": {"version": "29.2"},
    "esco": {"version": "1.2.0"},
    "crosswalk": {},
}
#: The fixture folder of each source, and the least number of files and triples it gives.
FOLDERS = {
    "onet": ("onet", 5, 1000),
    "esco": ("esco", 5, 1000),
    "crosswalk": ("crosswalks", 2, 100),
}
#: The CLI options that say what OPTIONS say.
CLI_OPTIONS = {"onet": ["--release", "29.2"], "esco": ["--release", "1.2.0"], "crosswalk": []}
CSR_ESCO = "http://data.europa.eu/esco/occupation/13d1b2b4-99dd-44da-9734-c9f74bae18f7"
#: The warnings of each fixture: O*NET's is a sample of 21 occupations whose related
#: occupations are mostly outside it (a release relates only its own).
WARNINGS = {
    "onet": [
        "skipped 313 rows (related code not in Occupation Data.txt): Related Occupations.txt: "
        "313; first: Related Occupations.txt, line 2: '15-1252.00'"
    ]
}


@pytest.mark.parametrize(
    "module",
    [
        csrgraph.importers.api,
        csrgraph.importers.onet,
        csrgraph.importers.esco,
        csrgraph.importers.crosswalk,
    ],
)
def test_docstring_examples_run(module: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the examples read tests/fixtures/ of a checkout
    outcome = doctest.testmod(module)  # type: ignore[arg-type]
    assert outcome.attempted >= 2
    assert outcome.failed == 0


def test_every_source_has_a_fixture_and_the_same_api() -> None:
    assert set(IMPORTERS) == set(OPTIONS) and len(IMPORTERS) >= 2
    for source in IMPORTERS:
        assert callable(importer(source).import_triples)
        assert (FIXTURES / FOLDERS[source][0]).is_dir()


@pytest.mark.parametrize("source", sorted(OPTIONS))
def test_the_report_counts_what_was_read_and_yielded(source: str) -> None:
    folder, files, least = FOLDERS[source]
    job = Import(source, FIXTURES / folder, **OPTIONS[source])
    assert job.report.summary() == f"{source}: not run"
    triples = list(job.triples())
    report = job.report
    assert report.complete and report.triples == len(triples) > least
    assert len(report.files) >= files and all(rows > 0 for rows in report.files.values())
    for name in report.files:
        assert any(FIXTURES.joinpath(folder).rglob(name)), name
    assert report.rows == sum(report.files.values())
    assert report.warnings == WARNINGS.get(source, [])
    assert report.summary().startswith(f"{source}: {len(report.files)} files, {report.rows} rows")


def test_onet_rows_of_other_occupations_are_skipped_with_their_reason() -> None:
    job = Import("onet", FIXTURES / "onet", occupations=["43-4051.00"], version="29.2")
    n = sum(1 for _ in job.triples())
    report = job.report
    assert report.triples == n
    assert report.files["Occupation Data.txt"] == 21
    assert report.skipped["Occupation Data.txt"] == {"occupation not imported": 20}
    assert report.skipped["Task Statements.txt"]["occupation not imported"] > 300
    assert report.files["Task Statements.txt"] - 13 == sum(
        report.skipped["Task Statements.txt"].values()
    )


def test_onet_unknown_codes_make_the_one_warning(tmp_path: Path) -> None:
    folder = tmp_path / "onet"
    shutil.copytree(FIXTURES / "onet", folder)
    with (folder / "Job Zones.txt").open("a", encoding="utf-8") as handle:
        handle.write("99-9999.00\tNobody\t2\t08/2022\tAnalyst\n")
    job = Import("onet", folder, version="29.2")
    for _ in job.triples():
        pass
    assert job.report.skipped_for("code not in Occupation Data.txt") == {"Job Zones.txt": 1}
    assert job.report.warnings == [
        "skipped 1 rows (code not in Occupation Data.txt): Job Zones.txt: 1; first: Job "
        "Zones.txt, line 22: '99-9999.00'",
        *WARNINGS["onet"],
    ]


def test_esco_rows_outside_the_concepts_are_skipped() -> None:
    job = Import("esco", FIXTURES / "esco", version="1.2.0", concepts=[CSR_ESCO])
    kept = sum(1 for _ in job.triples())
    skipped = job.report.skipped
    assert skipped["occupations_en.csv"] == {"concept not selected": 31}
    assert skipped["occupationSkillRelations_en.csv"]["concept not selected"] > 0
    whole = Import("esco", FIXTURES / "esco", version="1.2.0")
    assert kept < sum(1 for _ in whole.triples()) / 3
    assert whole.report.skipped == {}


def test_a_stopped_import_says_so() -> None:
    job = Import("onet", FIXTURES / "onet", version="29.2")
    first = next(iter(job.triples()))
    assert first is not None
    assert not job.report.complete
    assert job.report.summary().startswith("onet: 1 files, 21 rows read, 0 rows skipped, stopped")


def test_each_run_gets_a_new_report() -> None:
    job = Import("esco", FIXTURES / "esco", version="1.2.0")
    first = sum(1 for _ in job.triples())
    report = job.report
    again = sum(1 for _ in job.triples())
    assert job.report is not report and job.report == report
    assert first == again == report.triples
    assert report.files["occupations_en.csv"] == 32  # rows, some of several lines


def test_an_unknown_source_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=r"source: 'nope' is not one of: onet, esco, crosswalk"):
        Import("nope", FIXTURES)


def test_esco_checks_its_options_when_the_triples_are_asked_for() -> None:
    job = Import("esco", FIXTURES / "esco", version="1.2.0", concepts=["not an iri"])
    with pytest.raises(UsageError, match="is not an IRI"):
        job.triples()


@pytest.mark.parametrize("source", sorted(OPTIONS))
def test_the_cli_writes_what_the_api_writes(cli, tmp_path: Path, source: str) -> None:
    api_out, cli_out = tmp_path / "api.ttl", tmp_path / "cli.ttl"
    folder, _, least = FOLDERS[source]
    report = write_import(source, FIXTURES / folder, api_out, "ttl", **OPTIONS[source])
    assert report.complete and report.triples > least
    result = cli("import", source, FIXTURES / folder, "-o", cli_out, *CLI_OPTIONS[source])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [f"Warning: {w}" for w in WARNINGS.get(source, [])]
    assert cli_out.read_bytes() == api_out.read_bytes()


def test_write_import_leaves_no_file_on_a_bad_row(tmp_path: Path) -> None:
    folder = tmp_path / "onet"
    shutil.copytree(FIXTURES / "onet", folder)
    with (folder / "Job Zones.txt").open("a", encoding="utf-8") as handle:
        handle.write("43-4051.00\tCustomer Service Representatives\t9\t08/2022\tAnalyst\n")
    out = tmp_path / "out.nt"
    with pytest.raises(InputError, match=r"Job Zones\.txt, line 22: Job Zone 9 is outside 1\.\.5"):
        write_import("onet", folder, out, "nt", version="29.2")
    assert not out.exists()


def test_the_old_report_name_is_the_new_report() -> None:
    assert csrgraph.importers.onet.Report is ImportReport


def test_the_importers_import_neither_click_nor_the_cli() -> None:
    modules = sorted(PACKAGE.glob("*.py"))
    assert len(modules) >= 8
    for path in modules:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert name.split(".")[0] != "click", path.name
                assert not name.startswith("csrgraph.cli"), path.name
