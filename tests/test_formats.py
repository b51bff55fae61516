"""formats: every format writes what its standard says and reads back to the same answer."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from conftest import MINI, QUERIES

from csrgraph import run_query
from csrgraph.errors import UsageError
from csrgraph.formats import (
    REGISTRY,
    Record,
    Report,
    Table,
    graph_formats,
    render,
    result_formats,
    row_formats,
    serialize,
)
from csrgraph.sparql import QueryResult

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def rows() -> QueryResult:
    """A SELECT result with an IRI, a language-tagged literal, a typed literal, a blank node,
    a plain string with awkward characters, and an unbound cell."""
    return QueryResult(
        "select",
        variables=["iri", "label", "number", "blank", "text", "unbound"],
        rows=[
            (
                ox.NamedNode("http://example.org/mini#a"),
                ox.Literal("Kundendienst", language="de"),
                ox.Literal("15.81", datatype=ox.NamedNode(XSD + "decimal")),
                ox.BlankNode("b0"),
                ox.Literal('a, "b" | c\nd\te <&>'),
                None,
            )
        ],
        prefixes={"ex": "http://example.org/mini#"},
    )


@pytest.fixture(scope="module")
def graph() -> QueryResult:
    return run_query(str(QUERIES / "construct-things.rq"), data=MINI)


def test_registry_splits_into_row_and_graph_formats() -> None:
    assert row_formats() == ["table", "csv", "tsv", "json", "xml", "md"]
    assert graph_formats() == ["xml", "ttl", "nt", "jsonld", "trig"]
    assert result_formats() == [name for name in REGISTRY if name != "text"]
    assert set(REGISTRY) == set(row_formats()) | set(graph_formats()) | {"text"}


@pytest.mark.parametrize(
    ("name", "results_format"),
    [
        ("json", ox.QueryResultsFormat.JSON),
        ("xml", ox.QueryResultsFormat.XML),
        ("tsv", ox.QueryResultsFormat.TSV),
    ],
)
def test_standard_result_formats_read_back_identically(
    rows: QueryResult, name: str, results_format: ox.QueryResultsFormat
) -> None:
    parsed = ox.parse_query_results(serialize(rows, name), results_format)
    assert [v.value for v in parsed.variables] == rows.variables
    back = [tuple(solution[v] for v in rows.variables) for solution in parsed]
    assert [tuple(map(str, [t for t in r if not isinstance(t, ox.BlankNode)])) for r in back] == [
        tuple(map(str, [t for t in r if not isinstance(t, ox.BlankNode)])) for r in rows.rows
    ]
    assert isinstance(back[0][3], ox.BlankNode)


def test_csv_is_plain_values_with_crlf(rows: QueryResult) -> None:
    data = serialize(rows, "csv").decode()
    assert data.count("\r\n") == 2  # after the header and the row; the cell's \n is quoted
    read = list(csv.reader(io.StringIO(data, newline="")))
    assert read[0] == rows.variables
    assert read[1] == [
        "http://example.org/mini#a",
        "Kundendienst",
        "15.81",
        "_:b0",
        'a, "b" | c\nd\te <&>',
        "",
    ]


def test_table_and_markdown_for_people(rows: QueryResult) -> None:
    table = serialize(rows, "table").decode().splitlines()
    assert table[0].split() == rows.variables
    assert table[2].split()[:4] == ["ex:a", "Kundendienst", "15.81", "_:b0"]
    assert len(table) == 4  # the newline inside a cell does not break the table
    assert table[-1] == "(1 row)"
    markdown = serialize(rows, "md").decode().splitlines()
    assert markdown[0] == "| iri | label | number | blank | text | unbound |"
    assert markdown[2] == '| ex:a | Kundendienst | 15.81 | _:b0 | a, "b" \\| c d\te <&> |  |'


@pytest.mark.parametrize("name", ["table", "csv", "tsv", "json", "xml", "md"])
def test_ask_in_every_row_format(name: str) -> None:
    yes = serialize(QueryResult("ask", boolean=True), name).decode()
    no = serialize(QueryResult("ask", boolean=False), name).decode()
    assert "true" in yes and "false" in no
    if name in ("json", "xml", "tsv"):
        fmt = {"json": "JSON", "xml": "XML", "tsv": "TSV"}[name]
        assert bool(ox.parse_query_results(yes, getattr(ox.QueryResultsFormat, fmt))) is True


@pytest.mark.parametrize(
    ("name", "rdf_format"),
    [
        ("ttl", ox.RdfFormat.TURTLE),
        ("nt", ox.RdfFormat.N_TRIPLES),
        ("xml", ox.RdfFormat.RDF_XML),
        ("trig", ox.RdfFormat.TRIG),
        ("jsonld", ox.RdfFormat.JSON_LD),
    ],
)
def test_graph_formats_read_back_identically(
    graph: QueryResult, name: str, rdf_format: ox.RdfFormat
) -> None:
    assert len(graph.triples) == 2
    data = serialize(graph, name)
    back = {str(q.triple) for q in ox.parse(data, rdf_format)}  # no network: inline context
    assert back == {str(t) for t in graph.triples}


def test_jsonld_uses_a_compact_inline_context(graph: QueryResult) -> None:
    payload = json.loads(serialize(graph, "jsonld"))
    assert isinstance(payload["@context"], dict)
    ids = {node["@id"] for node in payload["@graph"]}
    assert ids == {"ex:a"}


def test_turtle_uses_the_prefixes(graph: QueryResult) -> None:
    assert b"ex:a" in serialize(graph, "ttl")


def test_wrong_kind_of_format_is_a_usage_error(rows: QueryResult, graph: QueryResult) -> None:
    with pytest.raises(UsageError, match="format 'ttl' is for graphs"):
        serialize(rows, "ttl")
    with pytest.raises(UsageError, match="format 'csv' is for SELECT and ASK results"):
        serialize(graph, "csv")
    with pytest.raises(UsageError, match="unknown format 'yaml'"):
        serialize(rows, "yaml")


TABLE = Table(("name", "note"), [("a", "x|y"), ("bb", "z")])


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("table", "name  note\n----  ----\na     x|y\nbb    z\n(2 rows)\n"),
        ("csv", "name,note\r\na,x|y\r\nbb,z\r\n"),
        ("tsv", "name\tnote\na\tx|y\nbb\tz\n"),
        ("md", "| name | note |\n|---|---|\n| a | x\\|y |\n| bb | z |\n"),
    ],
)
def test_a_table_of_text_in_every_table_format(fmt: str, expected: str) -> None:
    assert render(TABLE, fmt).decode() == expected


def test_a_table_without_header_and_count_and_its_json() -> None:
    bare = Table(("label", "value"), [("k", "v"), ("longer", "")], header=False, count=False)
    assert render(bare, "table") == b"k       v\nlonger\n"
    assert json.loads(render(TABLE, "json")) == [
        {"name": "a", "note": "x|y"},
        {"name": "bb", "note": "z"},
    ]
    assert json.loads(render(Table(("a",), [], data={"n": 1}), "json")) == {"n": 1}


def test_a_report_as_text_and_json() -> None:
    report = Report([Record("A", [("quote (en)", "Hi.")]), Record("B")], data=[1, 2])
    assert render(report, "text") == b"A\n  quote (en): Hi.\nB\n"
    spaced = Report(report.records, spaced=True)
    assert render(spaced, "text") == b"A\n  quote (en): Hi.\n\nB\n"
    assert json.loads(render(report, "json")) == [1, 2]
    with pytest.raises(UsageError, match="format 'table' cannot write a report"):
        render(report, "table")
    with pytest.raises(UsageError, match="format 'text' cannot write a table"):
        render(TABLE, "text")


def test_importing_formats_is_cheap() -> None:
    """The CLI imports this module for its --format choices: no engine, no XML helpers."""
    import subprocess
    import sys

    probe = (
        "import sys, csrgraph.formats; "
        "print(','.join(m for m in ('csrgraph.sparql', 'xml.sax.saxutils', 'pyoxigraph', 'csv') "
        "if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert loaded.stdout.strip() == ""
