"""The SSSOM mapping set: SSSOM rules, broken copies rejected, and the RDF kept in step."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from conftest import CATEGORY_CODES

from csrgraph import links
from csrgraph.errors import InputError
from csrgraph.resources import data_dir

SSSOM = data_dir() / "csr.sssom.tsv"
MAPPINGS_TTL = data_dir() / "mappings.ttl"
OCCUPATION = "https://w3id.org/csrgraph/occupation/customer-service-representative"
SDO = rdflib.Namespace("https://schema.org/")
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
MATCH_PREDICATES = [SKOS[p.partition(":")[2]] for p in sorted(links.SKOS_MAPPING_PREDICATES)]


@pytest.fixture(scope="module")
def mapping_set() -> links.MappingSet:
    return links.read_mapping_set(SSSOM)


def test_bundled_file_is_the_default() -> None:
    assert links.default_path() == SSSOM


def test_bundled_mapping_set_follows_the_sssom_rules(mapping_set: links.MappingSet) -> None:
    assert links.problems(mapping_set) == []
    assert len(mapping_set.mappings) == 8
    for slot in ("mapping_set_id", "license", "curie_map", "comment"):
        assert mapping_set.metadata[slot]


def test_every_target_the_issue_names_is_mapped(mapping_set: links.MappingSet) -> None:
    targets = {mapping_set.expand(m.object_id): m.predicate_id for m in mapping_set.mappings}
    expected = {
        "https://www.bls.gov/soc/2010/soc434051.htm": "skos:exactMatch",
        "https://www.bls.gov/soc/2018/major_groups.htm#43-4051": "skos:closeMatch",
        "https://www.onetonline.org/link/summary/43-4051.00": "skos:closeMatch",
        "http://data.europa.eu/esco/isco/C4222": "skos:broadMatch",
        "http://data.europa.eu/esco/isco/C4225": "skos:relatedMatch",
        "http://data.europa.eu/esco/occupation/13d1b2b4-99dd-44da-9734-c9f74bae18f7": (
            "skos:closeMatch"
        ),
        "http://data.europa.eu/esco/occupation/b7b75eb6-34bc-462d-b412-eed393cc1397": (
            "skos:narrowMatch"
        ),
        "https://w3id.org/csrgraph/code/kldb-2010-92122": "skos:closeMatch",
    }
    assert targets == expected
    assert {mapping_set.expand(m.subject_id) for m in mapping_set.mappings} == {OCCUPATION}
    assert all("wikidata" not in iri for iri in targets)


def test_every_row_is_justified(mapping_set: links.MappingSet) -> None:
    justifications = {m.object_id: m.mapping_justification for m in mapping_set.mappings}
    # ISCO 4222 is derived by chaining the SOC 2010 exactMatch with the BLS crosswalk row
    assert justifications.pop("ISCO:4222") == "semapv:MappingChaining"
    assert set(justifications.values()) == {"semapv:ManualMappingCuration"}
    for m in mapping_set.mappings:
        assert m.comment.startswith(m.predicate_id.partition(":")[2]), m.object_id
        assert m.confidence is not None and 0.5 <= m.confidence <= 1.0
        assert m.object_source and m.object_source_version


def _mutate(text: str, old: str, new: str) -> str:
    assert old in text, f"mutation anchor {old!r} is not in the file"
    return text.replace(old, new, 1)


# (id, old text, new text, a fragment of the expected problem or InputError message)
MUTATIONS = [
    ("undeclared-prefix", "ISCO:4222\t", "ILO:4222\t", "prefix 'ILO' is not declared"),
    (
        "unused-prefix",
        "#curie_map:\n",
        '#curie_map:\n#  unused: "https://e.org/"\n',
        "unused is declared but never used",
    ),
    ("owl-predicate", "skos:relatedMatch", "owl:sameAs", "prefix 'owl' is not declared"),
    ("bad-predicate", "skos:relatedMatch", "skos:related", "not a SKOS mapping property"),
    (
        "bad-justification",
        "semapv:ManualMappingCuration",
        "semapv:GutFeeling",
        "is not a semapv: term",
    ),
    ("confidence-too-high", "\t0.95\t", "\t1.5\t", "outside 0..1"),
    ("confidence-text", "\t0.95\t", "\thigh\t", "confidence is not a number"),
    (
        "no-license",
        '#license: "https://creativecommons.org/licenses/by/4.0/"\n',
        "",
        "license is missing",
    ),
    (
        "no-set-id",
        '#mapping_set_id: "https://w3id.org/csrgraph/mappings/csr.sssom.tsv"\n',
        "",
        "mapping_set_id is missing",
    ),
    ("empty-object", "\tISCO:4222\t", "\t\t", "object_id is empty"),
    ("no-object-label", "\tEnquiry clerks\t", "\t\t", "object_label must be given"),
    ("unknown-column", "\tsee_also\n", "\tremark\n", "unknown column(s) remark"),
    ("short-row", "\tISCO-08\t", "\t", "cells, the header"),
    ("bad-yaml", "#mapping_date:", "#mapping date:", "expected 'slot: value'"),
    ("bad-quote", '#mapping_date: "2026-12-01"', '#mapping_date: "2026-12-01', "bad double-quoted"),
]


def test_mutation_list_is_complete() -> None:
    assert len(MUTATIONS) == 15
    assert len({m[0] for m in MUTATIONS}) == len(MUTATIONS)


@pytest.mark.parametrize(
    ("old", "new", "expected"), [m[1:] for m in MUTATIONS], ids=[m[0] for m in MUTATIONS]
)
def test_broken_copy_is_rejected(tmp_path: Path, old: str, new: str, expected: str) -> None:
    broken = tmp_path / "broken.sssom.tsv"
    broken.write_text(_mutate(SSSOM.read_text(encoding="utf-8"), old, new), encoding="utf-8")
    try:
        found = links.problems(links.read_mapping_set(broken))
    except InputError as err:
        found = [str(err)]
    assert any(expected in problem for problem in found), found


def test_duplicate_row_is_rejected(tmp_path: Path) -> None:
    text = SSSOM.read_text(encoding="utf-8")
    last_row = text.rstrip("\n").rsplit("\n", 1)[1]
    broken = tmp_path / "dup.sssom.tsv"
    broken.write_text(text + last_row + "\n", encoding="utf-8")
    assert any("duplicate" in p for p in links.problems(links.read_mapping_set(broken)))


def test_ensure_valid_raises_one_line_error(tmp_path: Path) -> None:
    broken = tmp_path / "b.sssom.tsv"
    broken.write_text(
        _mutate(SSSOM.read_text(encoding="utf-8"), "skos:relatedMatch", "skos:x"), encoding="utf-8"
    )
    with pytest.raises(InputError, match=r"breaks the SSSOM rules: .*skos:x") as info:
        links.ensure_valid(links.read_mapping_set(broken))
    assert "\n" not in str(info.value)


def test_mappings_ttl_is_generated_from_the_sssom_file(mapping_set: links.MappingSet) -> None:
    expected = links.mappings_turtle(mapping_set)
    actual = MAPPINGS_TTL.read_text(encoding="utf-8")
    assert actual == expected, (
        f"data/mappings.ttl is out of date with {SSSOM.name}; regenerate it with "
        f"`{links.REGENERATE_COMMAND}`"
    )


def _match_triples(graph: rdflib.Graph) -> set[tuple[str, str, str]]:
    return {(str(s), str(p), str(o)) for p in MATCH_PREDICATES for s, o in graph.subject_objects(p)}


def test_links_in_the_bundled_graph_equal_the_sssom_rows(mapping_set: links.MappingSet) -> None:
    from csrgraph.graph.load import load_graph

    rows = {
        (
            mapping_set.expand(m.subject_id),
            mapping_set.expand(m.predicate_id),
            mapping_set.expand(m.object_id),
        )
        for m in mapping_set.mappings
    }
    assert len(rows) == 8
    # the other bundled mapping set: the document's tasks to O*NET task statements
    from csrgraph.links.task_links import task_links_graph

    task_links = {(str(s), str(p), str(o)) for s, p, o in task_links_graph()}
    assert len(task_links) == 9
    assert _match_triples(load_graph()) == rows | task_links


def test_category_codes(mapping_set: links.MappingSet) -> None:
    graph = rdflib.Graph().parse(MAPPINGS_TTL)
    codes = set(graph.objects(rdflib.URIRef(OCCUPATION), SDO.occupationalCategory))
    category_rows = [m for m in mapping_set.mappings if m.predicate_id in links.CATEGORY_PREDICATES]
    assert len(codes) == len(category_rows) == 6
    values = {}
    for code in codes:
        assert (code, rdflib.RDF.type, SDO.CategoryCode) in graph
        code_set = graph.value(code, SDO.inCodeSet)
        assert (code_set, rdflib.RDF.type, SDO.CategoryCodeSet) in graph
        assert {lit.language for lit in graph.objects(code, SKOS.prefLabel)} == {"de", "en"}
        values[str(graph.value(code_set, SDO.name))] = str(graph.value(code, SDO.codeValue))
    assert values == CATEGORY_CODES


def test_void_linksets(mapping_set: links.MappingSet) -> None:
    dataset = "https://w3id.org/csrgraph/dataset"
    graph = links.void_linksets(mapping_set, dataset)
    linksets = set(graph.subjects(rdflib.RDF.type, VOID.Linkset))
    assert len(linksets) == 8
    assert sum(int(graph.value(ls, VOID.triples)) for ls in linksets) == 8
    assert {graph.value(ls, VOID.subjectsTarget) for ls in linksets} == {rdflib.URIRef(dataset)}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("  a: b", "indented line outside a block"),
        ("x: 1\nx: 2", "given twice"),
        ("m:\n  - a\n  b: c", "expected 'name: value'"),
        ("k: 'open", "unterminated"),
    ],
    ids=["orphan-indent", "duplicate-key", "mixed-block", "open-quote"],
)
def test_metadata_parser_refuses(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        links.parse_metadata(text.splitlines())
