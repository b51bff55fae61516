"""csrgraph import crosswalk: the BLS and Nesta crosswalks and SSSOM files as mapping sets.

And the two bundled queries that read them: onet-occupations-in-isco (with an O*NET import)
and esco-occupations-for-onet. The rows of tests/fixtures/crosswalks/ are checked here; the
whole crosswalks of ../shared/external/crosswalks/ once, as an external test. ``check_*``
are also the expectations of tests/test_queries.py (the bundled graph alone: no rows).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from external import need
from importer_fixtures import imported_ntriples

from csrgraph.cli import main
from csrgraph.errors import InputError
from csrgraph.importers import Import, write_import
from csrgraph.sparql import run_query

Rows = list[dict[str, str | None]]
SKOS = "http://www.w3.org/2004/02/skos/core#"
OCC = "http://data.europa.eu/esco/occupation/"
BLS_SET = "https://www.bls.gov/soc/soccrosswalks.htm#soc2010-isco08"
EXTERNAL = Path(__file__).parents[1].parent / "shared" / "external" / "crosswalks"
#: The four ESCO occupations Nesta maps to 43-4051.00, highest confidence first (then IRI).
NESTA_4051 = [
    ("b7b75eb6-34bc-462d-b412-eed393cc1397", "customer contact centre information clerk", 1.0),
    ("13d1b2b4-99dd-44da-9734-c9f74bae18f7", "customer service representative", 0.5),
    ("725090a7-9943-4dae-8079-a6999d21ddba", "client relations manager", 0.25),
    ("9c9752b7-3e3b-4a08-8553-b63a013f8072", "customer experience manager", 0.25),
]


def check_onet_occupations_in_isco(rows: Rows) -> None:
    """The bundled graph alone has no crosswalk and no O*NET import: no rows."""
    assert rows == []


def check_esco_occupations_for_onet(rows: Rows) -> None:
    """The bundled graph alone has no crosswalk: no rows."""
    assert rows == []


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("crosswalk")
    crosswalk, onet = folder / "crosswalk.nt", folder / "onet.nt"
    crosswalk.write_bytes(imported_ntriples("crosswalk"))
    onet.write_bytes(imported_ntriples("onet"))
    return [crosswalk, onet]


def test_onet_occupations_in_isco_4222(data: list[Path]) -> None:
    rows = run_query("onet-occupations-in-isco", data=data).records()
    assert [(r["onet_code"], r["predicate"], r["soc_code"], r["title_lang"]) for r in rows] == [
        ("43-4051.00", SKOS + "broadMatch", "43-4051", "en"),  # all of it, 4222 takes more
        ("43-4171.00", SKOS + "relatedMatch", "43-4171", "en"),  # part flag: they overlap
    ]
    assert rows[0]["onet_title"] == "Customer Service Representatives"
    assert {r["mapping_set"] for r in rows} == {BLS_SET}


def test_the_isco_code_is_a_parameter(data: list[Path]) -> None:
    rows = run_query("onet-occupations-in-isco", data=data, params={"isco_code": "4225"})
    assert [r["onet_code"] for r in rows.records()] == ["43-4021.00", "43-4171.00"]


def test_esco_occupations_for_43_4051(data: list[Path]) -> None:
    rows = run_query("esco-occupations-for-onet", data=data).records()
    found = [(r["esco_occupation"], r["label"], float(r["confidence"] or 0)) for r in rows]
    assert found == [(OCC + uuid, label, c) for uuid, label, c in NESTA_4051]
    assert {r["predicate"] for r in rows} == {SKOS + "broadMatch"}  # four share 43-4051.00
    assert {r["label_lang"] for r in rows} == {"en"}
    assert "confidence 2 of 0.5/1/2" in (rows[0]["comment"] or "")


def test_german_labels_fall_back_to_english_and_say_so(data: list[Path]) -> None:
    rows = run_query("esco-occupations-for-onet", data=data, lang="de").records()
    assert len(rows) == 4 and {r["label_lang"] for r in rows} == {"en"}


def test_the_bundled_sssom_file_imports_as_a_mapping_set() -> None:
    job = Import("crosswalk", "data/csr.sssom.tsv")
    triples = list(job.triples())
    assert job.report.files == {"csr.sssom.tsv": 8}
    axioms = [t for t in triples if t.object.value == "http://www.w3.org/2002/07/owl#Axiom"]
    assert len(axioms) == 8


def test_a_file_that_is_no_crosswalk_is_one_error_line(tmp_path: Path) -> None:
    bad = tmp_path / "x.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    out = tmp_path / "out.nt"
    result = CliRunner().invoke(main, ["import", "crosswalk", str(bad), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"Error: {bad}: not a crosswalk csrgraph reads")
    assert not out.exists()
    with pytest.raises(InputError, match="no such file"):
        list(Import("crosswalk", tmp_path / "missing.tsv").triples())


@pytest.mark.external
def test_the_whole_crosswalks(tmp_path: Path) -> None:
    need(f"the crosswalks ({EXTERNAL})", EXTERNAL.is_dir(), "see ../shared/external/README.md")
    out = tmp_path / "cw.nt"
    report = write_import("crosswalk", EXTERNAL, out, "nt")
    assert report.files == {"bls-soc2010-isco08.tsv": 1125, "nesta-esco-onet-2020-11.csv": 1680}
    assert report.skipped == {} and report.warnings == []  # every row's codes of their form
    rows = run_query("esco-occupations-for-onet", data=[out]).records()
    assert [r["esco_occupation"] for r in rows] == [OCC + uuid for uuid, _, _ in NESTA_4051]
    onet = tmp_path / "onet.nt"
    onet.write_bytes(imported_ntriples("onet"))
    in_4222 = run_query("onet-occupations-in-isco", data=[out, onet]).records()
    assert [(r["onet_code"], r["predicate"]) for r in in_4222] == [
        ("43-4051.00", SKOS + "broadMatch"),
        ("43-4171.00", SKOS + "relatedMatch"),
    ]
