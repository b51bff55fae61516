"""The CLI: every command and every format, in-process and as a real subprocess."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import ECHO, FIXTURES, HOSTILE, MINI, QUERIES

from csrgraph.cli import COMMANDS
from csrgraph.formats import REGISTRY, graph_formats, result_formats, row_formats

CSRGRAPH = Path(sys.executable).parent / "csrgraph"
PAY = "pay-by-experience"


def test_the_cli_has_all_its_commands() -> None:
    from csrgraph.cli import COMMANDS

    assert len(COMMANDS) >= 13


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help_with_an_example(cli, command: str) -> None:
    result = cli(command, "--help")
    assert result.exit_code == 0, result.output
    usage = result.stdout.splitlines()[0]
    assert usage.startswith("Usage: ") and f" {command} [OPTIONS]" in usage, usage
    # an example section that runs this very command (the usage line does not count)
    _, marker, examples = result.stdout.partition("Example")
    assert marker, f"csrgraph {command} --help shows no example"
    assert f"csrgraph {command}" in examples.split("Options:", 1)[0]


def test_format_choices_come_from_the_registry(cli) -> None:
    help_text = cli("query", "--help").stdout
    choices = help_text.split("-f, --format [", 1)[1].split("]", 1)[0]
    assert choices.replace("\n", "").replace(" ", "").split("|") == result_formats()
    assert result_formats() == [name for name in REGISTRY if name != "text"]


@pytest.mark.parametrize("fmt", ["table", "json", "md"])
def test_queries_lists_the_bundled_queries(cli, fmt: str) -> None:
    result = cli("queries", "-f", fmt)
    assert result.exit_code == 0
    assert PAY in result.stdout
    if fmt == "json":
        items = json.loads(result.stdout)
        assert len(items) >= 8
        assert all(item["name"] and item["summary"] for item in items)


def test_the_format_lists_are_complete() -> None:
    assert row_formats() == ["table", "csv", "tsv", "json", "xml", "md"]
    assert sorted(graph_formats()) == ["jsonld", "nt", "trig", "ttl", "xml"]


@pytest.mark.parametrize("fmt", row_formats())
def test_query_every_row_format(cli, fmt: str) -> None:
    result = cli("query", PAY, "-f", fmt)
    assert result.exit_code == 0, result.output
    assert "28000" in result.stdout
    assert result.stderr == ""


def test_query_csv_rows_and_german_labels(cli) -> None:
    result = cli("query", PAY, "-f", "csv", "--lang", "de")
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert [row["pay"] for row in rows] == ["28000", "30000", "32000", "34000"]
    assert rows[0]["experience"] == "0\u20135 Jahre"  # with an en dash


def test_query_lang_given_twice_alike_or_by_parameter_alone(cli) -> None:
    german = cli("query", PAY, "-f", "csv", "--lang", "de").stdout
    assert "Jahre" in german
    for args in (["--lang", "de", "-p", "lang=de"], ["-p", "lang=de"]):
        result = cli("query", PAY, "-f", "csv", *args)
        assert result.exit_code == 0, result.stderr
        assert result.stdout == german


def test_query_default_format_off_a_terminal_is_csv(cli) -> None:
    assert cli("query", PAY).stdout.startswith("occupation,")


@pytest.mark.parametrize("fmt", graph_formats())
def test_query_construct_in_every_graph_format(cli, fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"graph.{fmt}"
    result = cli("query", QUERIES / "construct-things.rq", "--data", MINI[1], "-f", fmt, "-o", out)
    assert result.exit_code == 0, result.output
    rdf_format = {
        "ttl": ox.RdfFormat.TURTLE,
        "nt": ox.RdfFormat.N_TRIPLES,
        "xml": ox.RdfFormat.RDF_XML,
        "trig": ox.RdfFormat.TRIG,
        "jsonld": ox.RdfFormat.JSON_LD,
    }[fmt]
    assert len(list(ox.parse(out.read_bytes(), rdf_format))) == 2


def test_query_text_from_option_and_stdin(cli) -> None:
    query = (QUERIES / "ask-thing.rq").read_text()
    by_option = cli("query", "-e", query, "--data", MINI[1], "-f", "json")
    by_stdin = cli("query", "-", "--data", MINI[1], "-f", "json", input=query)
    assert (
        json.loads(by_option.stdout)
        == json.loads(by_stdin.stdout)
        == {
            "head": {},
            "boolean": True,
        }
    )


def test_query_parameters_and_output_file(cli, tmp_path: Path) -> None:
    out = tmp_path / "rows.json"
    result = cli(
        "query", QUERIES / "typed-params.rq", "--data", MINI[1], "-p", "count=9", "-o", out
    )
    assert result.exit_code == 0 and result.stdout == ""
    bindings = json.loads(out.read_text())["results"]["bindings"]  # format from the suffix
    assert bindings[0]["n"]["value"] == "10"


ECHOED = ("_shown", "text", "other")


def test_the_hostile_values_are_there() -> None:
    assert len(HOSTILE) >= 26


@pytest.mark.parametrize("value", HOSTILE, ids=[repr(v) for v in HOSTILE])
def test_query_p_binds_a_hostile_value_as_one_literal(cli, value: str) -> None:
    params = [arg for name in ECHOED for arg in ("-p", f"{name.lstrip('_')}={value}")]
    result = cli("query", ECHO, *params, "-f", "json")
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)["results"]["bindings"]
    assert {var: (cell["type"], cell["value"]) for var, cell in row.items()} == {
        var: ("literal", value) for var in ECHOED
    }


def test_query_with_timeout_that_is_not_reached(cli) -> None:
    result = cli("query", PAY, "-f", "csv", "--timeout", "60")
    assert result.exit_code == 0 and "34000" in result.stdout


@pytest.mark.parametrize("fmt", ["text", "json", "ttl"])
def test_validate_conforming_bundled_graph(cli, fmt: str) -> None:
    result = cli("validate", "-f", fmt)
    assert result.exit_code == 0, result.stdout
    if fmt == "json":
        assert json.loads(result.stdout)["conforms"] is True
    elif fmt == "text":
        assert result.stdout.startswith("Conforms")
    else:
        assert "sh:conforms true" in result.stdout


def test_validate_not_conforming_exits_1_with_one_line_per_result(cli, tmp_path: Path) -> None:
    out = tmp_path / "report.txt"
    args = ["--data", MINI[0], "--data", MINI[1], "--shapes", FIXTURES / "mini-shapes.ttl"]
    result = cli("validate", *args, "-o", out)
    assert result.exit_code == 1
    assert out.read_text().splitlines() == [
        "Does not conform: 2 results.",
        "Violation: ex:b ex:part value ex:dangling: A part must be a thing",
        "Violation: ex:b skos:prefLabel: Every thing needs a label",
    ]


@pytest.mark.parametrize("fmt", graph_formats())
def test_export_every_format(cli, fmt: str) -> None:
    full = cli("export", "-f", fmt)
    data_only = cli("export", "-f", fmt, "--data-only")
    assert full.exit_code == data_only.exit_code == 0
    assert len(data_only.stdout_bytes) < len(full.stdout_bytes)


def test_export_is_the_whole_graph_and_adds_user_data(cli) -> None:
    from csrgraph.graph.load import load_store

    exported = cli("export", "-f", "nt", "--data", MINI[1]).stdout_bytes
    triples = list(ox.parse(exported, ox.RdfFormat.N_TRIPLES))
    assert len(triples) == len(load_store(MINI[1:]))


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_info(cli, fmt: str) -> None:
    result = cli("info", "-f", fmt)
    assert result.exit_code == 0
    if fmt == "json":
        details = json.loads(result.stdout)
        assert details["triples"] > 1000
        assert details["facts"] >= 37
        assert details["languages"] == ["de", "en"]
        assert details["licence"] == ["https://creativecommons.org/licenses/by/4.0/"]
    else:
        assert "facts (statements)" in result.stdout


def test_explain_fact_and_node(cli) -> None:
    text = cli("explain", "F27", "--lang", "de").stdout
    assert "15, 81 USD" in text  # the German quote, verbatim with its typo
    assert "USD 15.81" in text  # the English rendering
    assert "Statistikbüro" in text  # the authority's German label
    by_node = json.loads(
        cli("explain", "https://w3id.org/csrgraph/claim/pay-by-experience", "-f", "json").stdout
    )
    assert [e["fact_id"] for e in by_node] == ["F28"]
    assert by_node[0]["authority"] == "PayScale"


def test_explain_labels_the_quote_with_its_own_language(cli) -> None:
    """An English-source document: the quote is labelled (en), from the literal's tag."""
    english = FIXTURES / "second" / "english-source.ttl"
    lines = cli("explain", "L1", "--data", english).stdout.splitlines()
    assert "  quote (en): Library assistants shelve returned books." in lines
    assert "  rendering (en): Library assistants shelve returned books." in lines
    assert not any(line.startswith("  quote (de)") for line in lines)
    german = cli("explain", "F23").stdout.splitlines()
    assert german[1] == "  quote (de): Einige sind sogar 24 Stunden am Tag für die Arbeit geöffnet."


def test_second_occupation_in_the_same_vocabulary(cli, tmp_path: Path) -> None:
    extra = tmp_path / "second.ttl"
    extra.write_text(
        """
        @prefix csro: <https://w3id.org/csrgraph/ontology#> .
        @prefix schema: <https://schema.org/> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix prov: <http://www.w3.org/ns/prov#> .
        <https://example.org/occupation/barista> a schema:Occupation ;
            skos:prefLabel "Barista"@de , "barista"@en ;
            prov:wasDerivedFrom <https://example.org/statement/B1> .
        <https://example.org/statement/B1> a csro:Statement ;
            csro:factId "B1" ;
            csro:quote "Baristas bereiten Kaffee zu."@de ;
            csro:rendering "Baristas make coffee."@en .
        """,
        encoding="utf-8",
    )
    explained = cli("explain", "B1", "--data", extra).stdout
    assert "Baristas bereiten Kaffee zu." in explained
    assert "barista" in explained
    occupations = cli("query", "occupation", "--data", extra, "-f", "csv").stdout
    assert "barista" in occupations
    info = json.loads(cli("info", "-f", "json", "--data", extra).stdout)
    assert info["facts"] == json.loads(cli("info", "-f", "json").stdout)["facts"] + 1


def test_version(cli) -> None:
    from csrgraph import __version__

    assert cli("--version").stdout.strip().endswith(__version__)


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CSRGRAPH), *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_real_subprocess_success_and_failure() -> None:
    ok = _run("query", PAY, "-f", "tsv")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.splitlines()[0].startswith("?occupation\t")
    bad = _run("query", "-e", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert bad.returncode == 1
    assert bad.stderr.startswith("Error: <query>:1:18: SERVICE is refused")
    assert len(bad.stderr.splitlines()) == 1 and "Traceback" not in bad.stderr


@pytest.mark.slow
def test_real_subprocess_malformed_sparql_and_a_hostile_value() -> None:
    bad = _run("query", "-e", "SELECT ?x WHERE {")
    assert bad.returncode == 1
    assert bad.stderr.startswith("Error: <query>:1:18: malformed SPARQL: expected one of ")
    assert bad.stderr.count("\n") == 1 and bad.stderr.endswith("\n"), bad.stderr
    value = '" } ; DROP ALL ; #\n\\u0022 SERVICE <http://127.0.0.1:9/> { }'
    ok = _run("query", str(ECHO), "-p", f"text={value}", "-f", "json")
    assert ok.returncode == 0, ok.stderr
    (row,) = json.loads(ok.stdout)["results"]["bindings"]
    assert row["text"] == {"type": "literal", "value": value}


_PROBE = """
import sys
from csrgraph.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = [m for m in ("rdflib", "pyshacl", "pyoxigraph") if m in sys.modules]
sys.stderr.write("LOADED:" + ",".join(heavy))
"""


def _loaded(*args: str) -> list[str]:
    probe = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    marker = probe.stderr.rsplit("LOADED:", 1)[1]
    return [name for name in marker.strip().split(",") if name]


@pytest.mark.slow
def test_help_imports_no_heavy_library_and_query_no_pyshacl_or_rdflib() -> None:
    assert _loaded("--help") == []
    assert _loaded("query", "--help") == []
    assert _loaded("query", PAY, "-f", "csv") == ["pyoxigraph"]
    assert "pyshacl" in _loaded(
        "validate", "--engine", "pyshacl"
    )  # the probe itself can see a heavy import


def test_help_summaries_match_the_commands() -> None:
    """The summaries ``--help`` lists without importing a command equal click's own."""
    import click

    from csrgraph.cli import COMMANDS, main, shorten

    assert len(COMMANDS) >= 13
    with click.Context(main, info_name="csrgraph") as ctx:
        for name, lazy in COMMANDS.items():
            command = main.get_command(ctx, name)
            assert command is not None, name
            assert lazy.summary == command.get_short_help_str(10_000), name
            for limit in (30, 45, 66, 86):  # narrow terminals shorten them alike
                assert shorten(lazy.summary, limit) == command.get_short_help_str(limit), name


_HELP_PROBE = """
import sys
from csrgraph.cli import main
try:
    main(["--help"])
except SystemExit:
    pass
names = sorted(m for m in sys.modules if m.startswith(("csrgraph", "importlib.metadata")))
sys.stderr.write("MODULES:" + ",".join(names))
"""


def test_help_imports_no_command_module_and_no_metadata() -> None:
    probe = subprocess.run(
        [sys.executable, "-c", _HELP_PROBE], capture_output=True, text=True, timeout=60
    )
    modules = probe.stderr.rsplit("MODULES:", 1)[1].split(",")
    assert "csrgraph.cli" in modules
    assert [m for m in modules if m.startswith("csrgraph.cli.")] == []
    assert "importlib.metadata" not in modules  # the version is read only for --version
    assert "Commands:" in probe.stdout and "query" in probe.stdout


def test_every_command_reports_errors_in_its_own_flags() -> None:
    """Each command is a csrgraph Command, which spells library parameter names as its flags."""
    import click

    from csrgraph.cli import main
    from csrgraph.cli.common import Command

    commands: list[click.Command] = []
    with click.Context(main) as ctx:
        for name in main.list_commands(ctx):
            command = main.get_command(ctx, name)
            assert command is not None
            if isinstance(command, click.Group):
                commands += [command.commands[sub] for sub in command.commands]
            else:
                commands.append(command)
    assert len(commands) >= 15
    assert [c.name for c in commands if not isinstance(c, Command)] == []
