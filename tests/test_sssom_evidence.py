"""The mapping set checked against its evidence: the BLS SOC-ISCO crosswalk, Nesta's ESCO-O*NET
crosswalk and the ESCO records (rows copied into tests/fixtures/, see their READMEs).

Each rule derives the predicate (or an ordering) from the crosswalk file, so a row whose
predicate, label or cited evidence disagrees with the file fails.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import FIXTURES

from csrgraph import links

CROSSWALKS = FIXTURES / "crosswalks"
ESCO = FIXTURES / "esco"
ESCO_IRI = "http://data.europa.eu/esco/"


def _read(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


@pytest.fixture(scope="module")
def mapping_set() -> links.MappingSet:
    return links.read_mapping_set()


@pytest.fixture(scope="module")
def bls() -> list[dict[str, str]]:
    rows = _read(CROSSWALKS / "bls-soc2010-isco08.tsv", "\t")
    assert len(rows) == 4
    return rows


@pytest.fixture(scope="module")
def nesta() -> dict[str, dict[str, str]]:
    rows = _read(CROSSWALKS / "nesta-esco-onet-2020-11.csv")
    assert len(rows) == 4
    return {row["concept_uri"]: row for row in rows}


@pytest.fixture(scope="module")
def occupations() -> dict[str, dict[str, str]]:
    rows = _read(ESCO / "occupations_en.csv")
    assert len(rows) == 32
    return {row["conceptUri"]: row for row in rows}


def _in_code_set(ms: links.MappingSet, version: str) -> dict[str, links.Mapping]:
    return {
        links.code_value(m): m for m in ms.mappings if m.object_source_version.startswith(version)
    }


def test_isco_predicates_follow_the_bls_crosswalk(
    mapping_set: links.MappingSet, bls: list[dict[str, str]]
) -> None:
    """The SOC 2010 code we call exact decides each ISCO predicate, by the crosswalk's rows."""
    (soc,) = [
        links.code_value(m)
        for m in mapping_set.mappings
        if m.predicate_id == "skos:exactMatch" and m.object_source_version == "SOC 2010"
    ]
    isco = _in_code_set(mapping_set, "ISCO-08")
    assert len(isco) == 2
    for code, m in isco.items():
        here = [r for r in bls if r["2010 SOC Code"] == soc and r["ISCO-08 Code"] == code]
        others = [r for r in bls if r["ISCO-08 Code"] == code and r["2010 SOC Code"] != soc]
        assert others, f"the fixture lacks the other SOC rows of ISCO {code}"
        if not here:  # no part of the SOC occupation goes to the group: it cannot contain it
            assert m.predicate_id == "skos:relatedMatch", code
            assert all(r["2010 SOC Code"] in m.comment for r in others), code
            continue
        (row,) = here
        if row["part"] == "":  # all of the SOC occupation goes to the group
            expected = "skos:broadMatch" if others else "skos:exactMatch"
        else:
            expected = "skos:relatedMatch" if others else "skos:narrowMatch"
        assert m.predicate_id == expected, code
        assert m.object_label == row["ISCO-08 Title EN"]
        cited = f"{soc} {row['2010 SOC Title']} -> {code} {row['ISCO-08 Title EN']}"
        assert cited in m.comment
        for other in others:
            assert f"{other['2010 SOC Code']} {other['2010 SOC Title']}" in m.comment
        assert m.mapping_justification == "semapv:MappingChaining"


def test_esco_rows_follow_nesta_and_the_esco_records(
    mapping_set: links.MappingSet,
    nesta: dict[str, dict[str, str]],
    occupations: dict[str, dict[str, str]],
) -> None:
    esco = _in_code_set(mapping_set, "ESCO")
    onet = set(_in_code_set(mapping_set, "O*NET-SOC"))
    isco = _in_code_set(mapping_set, "ISCO-08")
    assert len(esco) == 2 and onet == {"43-4051.00"}
    nesta_confidence = {}
    for m in esco.values():
        iri = mapping_set.expand(m.object_id)
        record, row = occupations[iri], nesta[iri]
        assert m.object_label == record["preferredLabel"]
        assert f"ESCO code {record['code']}" in m.comment
        assert record["iscoGroup"] in isco, "ESCO's ISCO group of a mapped occupation is mapped"
        assert iri in m.see_also.split("|")
        assert row["onet_code"] in onet, "Nesta maps it to the O*NET occupation we map to"
        confidence = float(row["confidence"])
        assert f"row {row['id']}, confidence {confidence:g} of 0.5/1/2" in m.comment
        nesta_confidence[m.object_id] = confidence
    ours = sorted(esco.values(), key=lambda m: m.confidence or 0.0)
    assert [nesta_confidence[m.object_id] for m in ours] == sorted(nesta_confidence.values())
    assert len(set(nesta_confidence.values())) == 2, "the test needs two different ratings"


def test_onet_row_cites_nesta_rows(
    mapping_set: links.MappingSet, nesta: dict[str, dict[str, str]]
) -> None:
    (onet,) = _in_code_set(mapping_set, "O*NET-SOC").values()
    targets = {mapping_set.expand(m.object_id) for m in _in_code_set(mapping_set, "ESCO").values()}
    cited = [row for iri, row in nesta.items() if iri in targets]
    assert len(cited) == 2
    for row in cited:
        assert row["onet_code"] == links.code_value(onet)
        assert row["id"] in onet.comment


def test_isco_rows_citing_an_esco_record_match_its_broader_group(
    mapping_set: links.MappingSet, occupations: dict[str, dict[str, str]]
) -> None:
    broader = {
        (r["conceptUri"], r["broaderUri"]) for r in _read(ESCO / "broaderRelationsOccPillar_en.csv")
    }
    checked = 0
    for m in _in_code_set(mapping_set, "ISCO-08").values():
        for iri in filter(None, m.see_also.split("|")):
            if not iri.startswith(ESCO_IRI + "occupation/"):
                continue
            record = occupations[iri]
            assert (iri, mapping_set.expand(m.object_id)) in broader
            assert f"ESCO code {record['code']}" in m.comment
            assert iri.rsplit("/", 1)[1] in m.comment
            checked += 1
    assert checked == 1
