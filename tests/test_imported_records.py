"""imported-records: the document's occupation joined to its O*NET and ESCO records by codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from importer_fixtures import imported_ntriples

from csrgraph.sparql import run_query
from csrgraph.sparql.catalog import get_query

BASE = "https://w3id.org/csrgraph/"
CSR = BASE + "occupation/customer-service-representative"
SCHEMA = "https://schema.org/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ESCO = "http://data.europa.eu/esco/model#"


@pytest.fixture(scope="module")
def imports(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("imports")
    paths = []
    for source in ("onet", "esco", "crosswalk"):
        path = folder / f"{source}.nt"
        path.write_bytes(imported_ntriples(source))
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def found(imports: list[Path]) -> list[dict[str, str | None]]:
    return run_query("imported-records", data=imports).records()


def by(rows: list[dict[str, str | None]], predicate: str) -> set[tuple[str | None, ...]]:
    return {
        (r["record_iri"], r["shared_code"], r["record_code"])
        for r in rows
        if r["predicate"] == predicate
    }


def test_without_imports_there_is_nothing_to_find() -> None:
    assert run_query("imported-records").records() == []


def test_the_onet_record_is_found_by_its_onet_soc_code(
    found: list[dict[str, str | None]],
) -> None:
    assert by(found, SCHEMA + "occupationalCategory") == {
        (BASE + "onet/occupation/43-4051.00", "43-4051.00", "43-4051.00")
    }
    assert all(r["occupation_iri"] == CSR for r in found)


def test_the_esco_records_are_found_by_mapping_and_by_isco_group(
    found: list[dict[str, str | None]],
) -> None:
    mapped = by(found, SKOS + "closeMatch") | by(found, SKOS + "narrowMatch")
    grouped = by(found, ESCO + "memberOfISCOGroup")
    assert mapped, found
    assert grouped, found
    assert {code for _, code, _ in grouped} <= {"4222", "4225"}
    assert all(
        iri and iri.startswith("http://data.europa.eu/esco/occupation/")
        for iri, _, _ in mapped | grouped
    )
    assert all(r["record_label"] for r in found)


def test_one_occupation_is_chosen_by_its_iri(imports: list[Path]) -> None:
    other = run_query(
        "imported-records", {"occupation_iri": BASE + "onet/occupation/43-4051.00"}, data=imports
    )
    assert other.records() == []  # an imported occupation is not joined to itself


def test_the_query_names_no_data() -> None:
    text = get_query("imported-records").text
    assert "w3id.org/csrgraph/occupation/" not in text
    assert "w3id.org/csrgraph/code/" not in text
    assert "esco/occupation/" not in text and "esco/isco/" not in text
