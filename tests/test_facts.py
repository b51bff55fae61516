"""Every fact of the inventory (F01-F32, T1-T5) is in the graph: typed, hedged and traceable.

One query a fact, ``tests/facts/<ID>.rq``, finds the fact from the occupation and its
statement node; ``tests/facts/expected.json`` holds the rows each query must return, written
from the source text (numbers as numbers, with their datatypes). The queries run on the
bundled graph files in an embedded Oxigraph store, the engine ``csrgraph query`` uses.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from csrgraph.resources import graph_files

FACTS_DIR = Path(__file__).parent / "facts"
FACT_IDS = (FACTS_DIR / "fact-ids.txt").read_text(encoding="utf-8").split()
EXPECTED = json.loads(
    (FACTS_DIR / "expected.json").read_text(encoding="utf-8"), parse_float=Decimal
)
PREFIXES: dict[str, str] = EXPECTED["prefixes"]

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {
    XSD + name
    for name in (
        "decimal",
        "integer",
        "double",
        "float",
        "long",
        "int",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}
BOOLEAN = XSD + "boolean"
STRING = XSD + "string"


def test_the_inventory_is_complete() -> None:
    """37 fact IDs, each with its query file and its expected rows, and nothing else."""
    assert len(FACT_IDS) == 37
    assert len(set(FACT_IDS)) == 37
    assert sorted(EXPECTED["facts"]) == sorted(FACT_IDS)
    assert sorted(p.stem for p in FACTS_DIR.glob("[FT]*.rq")) == sorted(FACT_IDS)
    assert all(EXPECTED["facts"][fact_id] for fact_id in FACT_IDS), "a fact without rows"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    """The bundled ontology and data, as ``csrgraph query`` sees them."""
    files = graph_files()
    assert len(files) >= 2
    graph = ox.Store()
    for path in files:
        graph.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return graph


# ---------------------------------------------------------------------------------------
# One notation for query answers and expected cells, so rows compare as strings
# ---------------------------------------------------------------------------------------


def compact(iri: str) -> str:
    """Write an IRI as a CURIE of the expected file's prefixes (longest match), or <iri>."""
    best = ""
    for name, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(PREFIXES.get(best, "")):
            best = name
    return f"{best}:{iri[len(PREFIXES[best]) :]}" if best else f"<{iri}>"


def expand(curie: str) -> str:
    """Turn an expected file's CURIE into its IRI; an unknown prefix is an error there."""
    name, _, local = curie.partition(":")
    assert name in PREFIXES, f"expected.json: unknown prefix in {curie!r}"
    return PREFIXES[name] + local


def number(value: Decimal) -> str:
    """Write a number by value: 15.810 and 15.81 are the same, 28000 is not 2.8E+4."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def literal(value: str, datatype: str, lang: str | None) -> str:
    """Write a literal: numbers and booleans by value, everything else by its lexical form."""
    if lang:
        return f"{json.dumps(value, ensure_ascii=False)}@{lang}"
    if datatype in NUMERIC:
        try:
            return f"{number(Decimal(value))}^^{compact(datatype)}"
        except InvalidOperation:
            return f"{json.dumps(value)}^^{compact(datatype)} (not a number)"
    if datatype == BOOLEAN and value in ("true", "false", "1", "0"):
        return f"{'true' if value in ('true', '1') else 'false'}^^{compact(datatype)}"
    return f"{json.dumps(value, ensure_ascii=False)}^^{compact(datatype)}"


def from_term(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str:
    """Write a query answer's cell."""
    if term is None:
        return "unbound"
    if isinstance(term, ox.NamedNode):
        return compact(term.value)
    if isinstance(term, ox.Literal):
        return literal(term.value, term.datatype.value, term.language)
    return "_:blank node"


def from_expected(cell: Any) -> str:
    """Write an expected cell: a CURIE string, a literal object, or null."""
    if cell is None:
        return "unbound"
    if isinstance(cell, str):
        return compact(expand(cell))
    assert isinstance(cell, dict) and "value" in cell, f"expected.json: bad cell {cell!r}"
    value = cell["value"]
    if "lang" in cell:
        return literal(value, "", cell["lang"])
    datatype = expand(cell.get("datatype", "xsd:string"))
    if isinstance(value, bool):
        assert datatype == BOOLEAN, f"expected.json: {cell!r} needs xsd:boolean"
        return literal("true" if value else "false", datatype, None)
    if isinstance(value, int | Decimal):
        assert datatype in NUMERIC, f"expected.json: {cell!r} needs a numeric datatype"
        return literal(str(value), datatype, None)
    return literal(str(value), datatype, None)


def select(store: ox.Store, path: Path) -> tuple[list[str], list[tuple[str, ...]]]:
    """Run a SELECT query file; return its variables and its rows as ``var=cell`` strings."""
    solutions = store.query(path.read_text(encoding="utf-8"))
    assert isinstance(solutions, ox.QuerySolutions), f"{path.name} is not a SELECT query"
    variables = [variable.value for variable in solutions.variables]
    rows = [
        tuple(f"{name}={from_term(solution[name])}" for name in variables) for solution in solutions
    ]
    return variables, rows


def expected_rows(variables: list[str], rows: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    """Write expected rows in the query's column order; every row names every column."""
    for row in rows:
        assert sorted(row) == sorted(variables), (
            f"expected.json columns {sorted(row)} differ from the query's {sorted(variables)}"
        )
    return [tuple(f"{name}={from_expected(row[name])}" for name in variables) for row in rows]


def assert_same_rows(actual: list[tuple[str, ...]], expected: list[tuple[str, ...]]) -> None:
    """Compare rows as multisets; on a difference name the rows missing and the rows extra."""
    missing = list((Counter(expected) - Counter(actual)).elements())
    extra = list((Counter(actual) - Counter(expected)).elements())
    assert not missing and not extra, (
        "rows differ from expected.json\n"
        + "".join(f"  missing: {', '.join(row)}\n" for row in missing)
        + "".join(f"  extra:   {', '.join(row)}\n" for row in extra)
    )


def test_the_notation_tells_values_apart() -> None:
    """The comparison is by value within a datatype, and never across datatypes."""
    decimal = ox.NamedNode(XSD + "decimal")
    assert from_term(ox.Literal("15.810", datatype=decimal)) == from_expected(
        {"value": Decimal("15.81"), "datatype": "xsd:decimal"}
    )
    assert from_term(ox.Literal("28000", datatype=decimal)) == "28000^^xsd:decimal"
    assert from_term(ox.Literal("15.81")) != from_expected(
        {"value": Decimal("15.81"), "datatype": "xsd:decimal"}
    )
    assert from_term(ox.Literal("15, 81", datatype=decimal)).endswith("(not a number)")
    assert from_term(ox.Literal("2017-05", datatype=ox.NamedNode(XSD + "gYearMonth"))) != (
        from_expected({"value": "2017-05"})
    )
    assert from_term(ox.Literal("USD", language="de")) != from_expected({"value": "USD"})
    assert from_term(None) == from_expected(None) != from_expected("org:bls")
    assert from_term(ox.NamedNode(PREFIXES["org"] + "bls")) == from_expected("org:bls")


# ---------------------------------------------------------------------------------------
# The facts
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fact_id", FACT_IDS)
def test_fact(store: ox.Store, fact_id: str) -> None:
    """The fact's query returns exactly the rows the source text gives."""
    variables, actual = select(store, FACTS_DIR / f"{fact_id}.rq")
    assert_same_rows(actual, expected_rows(variables, EXPECTED["facts"][fact_id]))


def test_the_document(store: ox.Store) -> None:
    """The source document: title, German, URL, a machine translation of an English original
    whose author and date are unknown, and related to the BLS handbook its figures match."""
    variables, actual = select(store, FACTS_DIR / "document.rq")
    assert_same_rows(actual, expected_rows(variables, EXPECTED["document"]))


def test_authorities(store: ox.Store) -> None:
    """The BLS figures are the BLS's, PayScale's are PayScale's, F32 the industry observers'."""
    variables, rows = select(store, FACTS_DIR / "authorities.rq")
    assert variables == ["id", "authority"]
    by_authority: dict[str, list[str]] = defaultdict(list)
    for fact_id, authority in rows:
        by_authority[authority.removeprefix("authority=")].append(fact_id.removeprefix("id="))
    expected = {
        from_expected(authority): sorted(json.dumps(fact_id) + "^^xsd:string" for fact_id in ids)
        for authority, ids in EXPECTED["authorities"].items()
    }
    assert sum(len(ids) for ids in expected.values()) == 37
    assert {name: sorted(ids) for name, ids in by_authority.items()} == expected
