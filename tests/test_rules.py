"""Integrity rules: every ontology/rules/*.rq returns zero rows on the bundled graph.

Each rule also has a broken snippet that must make it return rows, so no rule can pass by
matching nothing.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from csrgraph import resources
from csrgraph.graph import load_store

RULES = sorted((resources.ontology_dir() / "rules").glob("*.rq"))
PREFIXES = """
@prefix csro: <https://w3id.org/csrgraph/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix schema: <https://schema.org/> .
@prefix ex: <https://example.org/broken/> .
"""
# rule file stem -> Turtle that breaks it when added to the bundled graph
BREAKERS = {
    "claim-unreachable": "ex:c a csro:WageStatistic .",
    "claim-without-statement": "ex:t a csro:Task .",
    "derived-from-unknown": "ex:t prov:wasDerivedFrom ex:nowhere .",
    "fact-id-duplicate": 'ex:s1 csro:factId "X1" . ex:s2 csro:factId "X1" .',
    "mapping-clash": "ex:o <http://www.w3.org/2004/02/skos/core#exactMatch> ex:t ;"
    " <http://www.w3.org/2004/02/skos/core#relatedMatch> ex:t .",
    "negated-with-positive-value": "ex:c csro:negated true ; schema:value 20 .",
    "statement-incomplete": 'ex:s a csro:Statement ; csro:factId "X2" .',
    "statement-unused": "ex:s a csro:Statement .",
}


def test_rule_files_found() -> None:
    assert len(RULES) >= 8, RULES
    assert {p.stem for p in RULES} == set(BREAKERS), "every rule needs a breaker snippet"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return load_store()


def _rows(store: ox.Store, rule: Path) -> list[str]:
    return [" | ".join(str(v) for v in row) for row in store.query(rule.read_text("utf-8"))]


@pytest.mark.parametrize("rule", RULES, ids=lambda p: p.name)
def test_rule_holds(store: ox.Store, rule: Path) -> None:
    rows = _rows(store, rule)
    assert rows == [], f"{rule.name} found {len(rows)} offending rows:\n" + "\n".join(rows)


@pytest.mark.parametrize("rule", RULES, ids=lambda p: p.name)
def test_rule_catches_its_breaker(rule: Path) -> None:
    broken = load_store()
    broken.load((PREFIXES + BREAKERS[rule.stem]).encode(), format=ox.RdfFormat.TURTLE)
    assert _rows(broken, rule), f"{rule.name} does not notice: {BREAKERS[rule.stem]}"


def test_fact_ids_may_repeat_across_source_documents() -> None:
    """A second occupation from another document may number its facts F01... again."""
    rule = resources.ontology_dir() / "rules" / "fact-id-duplicate.rq"
    store = load_store()
    store.load(
        (
            PREFIXES
            + 'ex:s1 csro:factId "F01" ; prov:wasQuotedFrom ex:doc1 .'
            + 'ex:s2 csro:factId "F01" ; prov:wasQuotedFrom ex:doc2 .'
        ).encode(),
        format=ox.RdfFormat.TURTLE,
    )
    assert _rows(store, rule) == []
    store.load(
        (PREFIXES + 'ex:s3 csro:factId "F01" ; prov:wasQuotedFrom ex:doc1 .').encode(),
        format=ox.RdfFormat.TURTLE,
    )
    assert len(_rows(store, rule)) == 1
