"""The bundled Turtle files: each parses, each quote is verbatim, each resource is labelled.

The checks that span the graph are SPARQL files in ``tests/facts/integrity/``; the per-statement
checks read the triples directly. The fact IDs are the committed list
``tests/facts/fact-ids.txt`` (the inventory's F01-F32 and T1-T5), so the tests also run from an
installed package without the shared notes beside the checkout.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from csrgraph.resources import data_dir, graph_files, ontology_dir, root

TESTS = Path(__file__).parent
FACT_IDS = (TESTS / "facts" / "fact-ids.txt").read_text(encoding="utf-8").split()
INTEGRITY = TESTS / "facts" / "integrity"
SOURCE_TEXT = (TESTS / "fixtures" / "seed" / "000_1663a2efe21f219b.txt").read_text(encoding="utf-8")
TURTLE_FILES = sorted(ontology_dir().glob("*.ttl")) + sorted(data_dir().glob("*.ttl"))

BASE = "https://w3id.org/csrgraph/"
CSRO = BASE + "ontology#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
PROV = "http://www.w3.org/ns/prov#"
SKOS_PREF_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
SUBCLASS_OF = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
STATEMENT = ox.NamedNode(CSRO + "Statement")


def statement(fact_id: str) -> ox.NamedNode:
    return ox.NamedNode(f"{BASE}statement/{fact_id}")


def relative(path: Path) -> str:
    return path.relative_to(root()).as_posix()


def test_the_lists_are_not_empty() -> None:
    assert len(TURTLE_FILES) >= 5
    assert len(FACT_IDS) == 37
    assert len(set(FACT_IDS)) == 37
    assert SOURCE_TEXT.startswith("Pflichten und Verantwortlichkeiten")
    assert len(SOURCE_TEXT) > 4000
    assert set(graph_files()) <= set(TURTLE_FILES)


@pytest.mark.parametrize("path", TURTLE_FILES, ids=relative)
def test_turtle_file_parses(path: Path) -> None:
    """Both parsers read the file (Oxigraph strictly) and agree on its triples."""
    triples = set(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    assert triples, f"{relative(path)} holds no triples"
    graph = rdflib.Graph().parse(path, format="turtle")
    assert len(graph) == len(triples)


@pytest.fixture(scope="module")
def store() -> ox.Store:
    """The bundled ontology and data in one embedded store."""
    graph = ox.Store()
    for path in graph_files():
        graph.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return graph


def objects(store: ox.Store, subject: ox.NamedNode, predicate: str) -> list[ox.Term]:
    return [q.object for q in store.quads_for_pattern(subject, ox.NamedNode(predicate), None)]


def is_a(store: ox.Store, node: ox.Term, cls: str) -> bool:
    """Whether ``node`` has the type ``cls`` or a subclass of it (per rdfs:subClassOf)."""
    seen: set[ox.Term] = set()
    todo = [q.object for q in store.quads_for_pattern(node, RDF_TYPE, None)]
    while todo:
        current = todo.pop()
        if current == ox.NamedNode(cls):
            return True
        if current not in seen:
            seen.add(current)
            todo.extend(q.object for q in store.quads_for_pattern(current, SUBCLASS_OF, None))
    return False


def select(store: ox.Store, name: str) -> list[dict[str, ox.Term | None]]:
    solutions = store.query((INTEGRITY / name).read_text(encoding="utf-8"))
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return [{n: solution[n] for n in names} for solution in solutions]


# ---------------------------------------------------------------------------------------
# Statements: one per fact ID, each quoting the source verbatim
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fact_id", FACT_IDS)
def test_fact_id_has_exactly_one_statement(store: ox.Store, fact_id: str) -> None:
    """stmt:<ID> is the one node with that fact ID, and it is a csro:Statement."""
    holders = [
        q.subject
        for q in store.quads_for_pattern(None, ox.NamedNode(CSRO + "factId"), ox.Literal(fact_id))
    ]
    assert holders == [statement(fact_id)], f"nodes with csro:factId {fact_id!r}: {holders}"
    assert is_a(store, statement(fact_id), CSRO + "Statement")


def test_no_statement_outside_the_inventory(store: ox.Store) -> None:
    nodes = {q.subject for q in store.quads_for_pattern(None, RDF_TYPE, STATEMENT)}
    assert len(nodes) >= 37
    ids = sorted(term.value for node in nodes for term in objects(store, node, CSRO + "factId"))
    assert ids == sorted(FACT_IDS)


@pytest.mark.parametrize("fact_id", FACT_IDS)
def test_quote_is_verbatim(store: ox.Store, fact_id: str) -> None:
    """The statement's one German quote is an exact substring of the source text."""
    quotes = objects(store, statement(fact_id), CSRO + "quote")
    assert len(quotes) == 1, f"{fact_id}: {len(quotes)} quotes"
    (quote,) = quotes
    assert isinstance(quote, ox.Literal)
    assert quote.language == "de"
    assert quote.value.strip(), f"{fact_id}: empty quote"
    assert quote.value in SOURCE_TEXT, f"{fact_id}: not verbatim in the source: {quote.value!r}"


@pytest.mark.parametrize("fact_id", FACT_IDS)
def test_statement_is_traceable(store: ox.Store, fact_id: str) -> None:
    """One English rendering, one section, one authority, quoted from the source document."""
    node = statement(fact_id)
    renderings = objects(store, node, CSRO + "rendering")
    assert [r.language for r in renderings if isinstance(r, ox.Literal)] == ["en"]
    assert renderings[0].value.strip()
    sections = objects(store, node, CSRO + "section")
    assert len(sections) == 1 and is_a(store, sections[0], CSRO + "Section")
    authorities = objects(store, node, PROV + "wasAttributedTo")
    assert len(authorities) == 1 and is_a(store, authorities[0], PROV + "Agent")
    documents = objects(store, node, PROV + "wasQuotedFrom")
    assert len(documents) == 1 and is_a(store, documents[0], CSRO + "SourceDocument")


# ---------------------------------------------------------------------------------------
# Rules that span the graph
# ---------------------------------------------------------------------------------------


def test_every_resource_has_one_label_per_language(store: ox.Store) -> None:
    """Every IRI under the base (the ontology's terms aside): one @de, one @en prefLabel."""
    rows = select(store, "labels.rq")
    assert len(rows) >= 150, "the query found too few resources to be checking the graph"
    wrong = [
        f"{row['resource'].value}: de={row['de_labels'].value} en={row['en_labels'].value} "
        f"other={row['other_labels'].value}"
        for row in rows
        if (row["de_labels"].value, row["en_labels"].value, row["other_labels"].value)
        != ("1", "1", "0")
    ]
    assert not wrong, "resources without exactly one @de and one @en skos:prefLabel:\n" + (
        "\n".join(wrong)
    )


def test_modelled_nodes_derive_from_statements(store: ox.Store) -> None:
    """Every modelled node reachable from the occupation points to a statement."""
    rows = select(store, "provenance.rq")
    nodes = {row["node"] for row in rows}
    assert len(nodes) >= 60, "the query found too few modelled nodes to be checking the graph"
    assert ox.NamedNode(BASE + "occupation/customer-service-representative") in nodes
    orphans = sorted(row["node"].value for row in rows if row["statement"] is None)
    assert not orphans, "modelled nodes without prov:wasDerivedFrom a statement:\n" + (
        "\n".join(orphans)
    )
