"""compare-tasks and onet-occupation on the bundled graph plus the imported O*NET sample."""

from __future__ import annotations

from pathlib import Path

import pytest
from importer_fixtures import imported_ntriples

from csrgraph.links import problems, read_mapping_set
from csrgraph.resources import data_dir
from csrgraph.sparql import run_query

BASE = "https://w3id.org/csrgraph/"
CSR = BASE + "occupation/customer-service-representative"
ONET_CSR = BASE + "onet/occupation/43-4051.00"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SSSOM = data_dir() / "onet" / "csr-onet-tasks.sssom.tsv"


@pytest.fixture(scope="module")
def onet_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("onet") / "onet.nt"
    path.write_bytes(imported_ntriples("onet"))
    return path


def rows(name: str, data: Path, **params: str) -> list[dict[str, str | None]]:
    return run_query(name, params=params, data=[data], lang="en").records()


def curated() -> dict[tuple[str, str], str]:
    """(document task IRI, O*NET task IRI) -> SKOS predicate IRI, from the SSSOM file."""
    ms = read_mapping_set(SSSOM)
    return {
        (ms.expand(m.subject_id), ms.expand(m.object_id)): ms.expand(m.predicate_id)
        for m in ms.mappings
    }


def test_the_task_mapping_set_follows_the_sssom_rules() -> None:
    ms = read_mapping_set(SSSOM)
    assert problems(ms) == []
    assert len(ms.mappings) == 9
    assert all(m.mapping_justification == "semapv:ManualMappingCuration" for m in ms.mappings)
    assert all(len(m.comment) > 40 for m in ms.mappings)
    assert {m.predicate_id.partition(":")[0] for m in ms.mappings} == {"skos"}


def test_compare_tasks_pairs_the_linked_tasks(onet_file: Path) -> None:
    result = rows("compare-tasks", onet_file, occupation_iri=CSR)
    links = curated()
    paired = {
        (r["task_iri"], r["onet_task_iri"]): r["predicate"]
        for r in result
        if r["task_iri"] and r["onet_task_iri"]
    }
    assert paired == links
    unmapped_tasks = {r["task_iri"] for r in result if r["task_iri"] and not r["onet_task_iri"]}
    assert unmapped_tasks == {
        BASE + "task/" + slug
        for slug in (
            "build-customer-relationships",
            "work-directly-with-customers",
            "represent-employer",
            "communicate-about-customer-experience",
        )
    }
    unlinked = sorted(r["onet_task_id"] for r in result if not r["task_iri"])
    assert unlinked == ["2578", "2581", "2582", "2583", "2584", "2585", "2587", "2589", "2591"]
    assert len(result) == 9 + 4 + 9
    row = next(r for r in result if r["onet_task_id"] == "2586")
    assert row["task"] == "suggest additional products and services"
    assert row["predicate"] == SKOS + "closeMatch"
    assert row["onet_task"] == "Solicit sales of new or additional services or products."
    assert row["onet_task_type"] == "Supplemental"


def test_onet_occupation_summary_and_education(onet_file: Path) -> None:
    result = rows("onet-occupation", onet_file, occupation_iri=ONET_CSR)
    assert len(result) == 12
    first = result[0]
    assert (first["code"], first["title"], first["job_zone"]) == (
        "43-4051.00",
        "Customer Service Representatives",
        "2",
    )
    assert (first["tasks"], first["titles"]) == ("13", "62")
    assert first["education"] == (
        "Required Level of Education: High School Diploma - or the equivalent (for example, GED)"
    )
    assert first["share"] == "54.76"
    shares = [float(r["share"] or 0) for r in result]
    assert shares == sorted(shares, reverse=True)
    assert abs(sum(shares) - 100) < 0.1


def test_onet_occupation_lists_every_imported_occupation(onet_file: Path) -> None:
    result = rows("onet-occupation", onet_file)
    codes = {r["code"] for r in result}
    assert len(codes) == 21
    other = [r for r in result if r["code"] == "43-4199.00"]
    assert len(other) == 1
    assert other[0]["job_zone"] is None and other[0]["education"] is None
