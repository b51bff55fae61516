"""Bad input: one ``Error: ...`` line, the documented exit code, and no output file left."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BAD, MINI, QUERIES

PAY = "pay-by-experience"

# (id, command line, exit code, text the one error line contains); "{tmp}" is a scratch folder.
CASES = [
    (
        "malformed-sparql",
        ["query", BAD / "malformed.rq"],
        1,
        "bad/malformed.rq:4:1: malformed SPARQL",
    ),
    (
        "malformed-sparql-inline",
        ["query", "-e", "SELECT ?x WHERE {"],
        1,
        "<query>:1:18: malformed SPARQL: expected one of ",
    ),
    (
        "malformed-sparql-in-a-child",
        ["query", "-e", "SELECT ?x WHERE {", "--timeout", "30"],
        1,
        "<query>:1:18: malformed SPARQL: expected one of ",
    ),
    ("unknown-prefix", ["query", BAD / "unknown-prefix.rq"], 1, "unknown prefix 'nosuchprefix:'"),
    ("unknown-name", ["query", "pay-by-experiance"], 2, "did you mean: pay-by-experience"),
    ("bad-format", ["query", PAY, "-f", "yaml"], 2, "--format: 'yaml' is not one of"),
    ("graph-format-for-rows", ["query", PAY, "-f", "ttl"], 2, "format 'ttl' is for graphs"),
    ("param-without-equals", ["query", PAY, "-p", "oops"], 2, "-p 'oops': expected NAME=VALUE"),
    ("unknown-param", ["query", PAY, "-p", "colour=red"], 2, "has no parameter 'colour'"),
    (
        "param-of-wrong-kind",
        ["query", QUERIES / "typed-params.rq", "-p", "count=many"],
        2,
        "parameter count: 'many' is not a valid integer",
    ),
    (
        "non-utf8-data",
        ["query", PAY, "--data", BAD / "latin1.ttl"],
        2,
        "latin1.ttl:2:15: not UTF-8",
    ),
    ("non-utf8-query", ["query", "{tmp}/latin1.rq"], 2, "latin1.rq:1:25: not UTF-8"),
    ("folder-as-file", ["query", PAY, "--data", BAD], 2, "bad: is a folder, not a file"),
    ("missing-query-file", ["query", "{tmp}/missing.rq"], 2, "missing.rq: no such file"),
    (
        "missing-data-file",
        ["export", "--data", "{tmp}/missing.ttl"],
        2,
        "missing.ttl: no such file",
    ),
    (
        "malformed-turtle",
        ["validate", "--data", BAD / "malformed.ttl"],
        2,
        "malformed.ttl:4:1: A dot is expected",
    ),
    ("malformed-shapes", ["validate", "--shapes", BAD / "malformed.ttl"], 2, "malformed.ttl:4:1"),
    ("update-refused", ["query", BAD / "update.rq"], 1, "DELETE is refused"),
    ("service-blocked", ["query", BAD / "service-nested.rq"], 1, "SERVICE is refused"),
    ("escaped-service-blocked", ["query", BAD / "service-escaped.rq"], 1, "a backslash outside"),
    ("from-blocked", ["query", BAD / "from.rq"], 1, "FROM is refused"),
    ("from-named-blocked", ["query", BAD / "from-named.rq"], 1, "FROM NAMED is refused"),
    ("timeout", ["query", QUERIES / "runaway.rq", "--timeout", "1"], 1, "time limit of 1 s"),
    (
        "bad-timeout",
        ["query", PAY, "--timeout", "0"],
        2,
        "--timeout: '0' is not a positive number of seconds",
    ),
    ("entity-bomb", ["export", "--data", BAD / "bomb.rdf"], 2, "DOCTYPE/ENTITY declarations"),
    ("remote-jsonld-context", ["export", "--data", BAD / "remote-context.jsonld"], 2, "context"),
    ("target-and-expression", ["query", PAY, "-e", "ASK {}"], 2, "either TARGET or -e TEXT"),
    ("no-query", ["query"], 2, "give a query"),
    ("bad-lang", ["query", PAY, "--lang", "f r"], 2, "--lang: 'f r' is not a language tag"),
    ("bad-lang-param", ["query", PAY, "-p", "lang=FR"], 2, "parameter lang: 'FR' is not a langu"),
    (
        "lang-option-and-param-disagree",
        ["query", PAY, "--lang", "en", "-p", "lang=de"],
        2,
        "--lang en and -p lang=de disagree",
    ),
    (
        "lang-option-and-underscore-param-disagree",
        ["query", PAY, "-p", "_lang=en", "--lang", "de"],
        2,
        "--lang de and -p _lang=en disagree",
    ),
    (
        "hostile-lang-param",
        ["query", PAY, "-p", 'lang=en" } ; DROP ALL ; #'],
        2,
        "parameter lang: 'en\" } ; DROP ALL ; #' is not a language tag such as de, en or fr",
    ),
    (
        "hostile-iri-param",
        ["query", QUERIES / "typed-params.rq", "-p", "thing_iri=http://e/a> } ; DROP ALL ; #"],
        2,
        "parameter thing_iri: 'http://e/a> } ; DROP ALL ; #' is not an IRI",
    ),
    (
        "iri-param-with-a-newline",
        ["query", QUERIES / "typed-params.rq", "-p", "thing_iri=http://e/a\n} #"],
        2,
        "parameter thing_iri: 'http://e/a\\n} #' is not an IRI",
    ),
    (
        "hostile-integer-param",
        ["query", QUERIES / "typed-params.rq", "-p", "count=1 } ; DROP ALL ; #"],
        2,
        "parameter count: '1 } ; DROP ALL ; #' is not a valid integer",
    ),
    ("unknown-fact", ["explain", "F99"], 2, "no statement has the fact ID 'F99'"),
    ("unknown-node", ["explain", "https://example.org/nothing"], 2, "neither a fact ID"),
    (
        "endpoint-and-data",
        ["query", PAY, "--endpoint", "http://127.0.0.1:9/q", "--data", MINI[1]],
        2,
        "--data cannot be used with --endpoint",
    ),
    (
        "endpoint-unreachable",
        ["query", PAY, "--endpoint", "http://127.0.0.1:9/sparql"],
        2,
        "127.0.0.1",
    ),
    ("output-folder-missing", ["export", "-o", "{tmp}/no/such/dir/out.ttl"], 2, "cannot write"),
]


def test_the_list_of_bad_inputs_is_long() -> None:
    assert len(CASES) >= 41
    assert len({c[0] for c in CASES}) == len(CASES)


def assert_one_error_line(stderr: str, message: str) -> None:
    """Assert that ``stderr`` is exactly one line ``Error: ...`` that contains ``message``."""
    assert stderr.endswith("\n") and len(stderr.splitlines()) == 1, stderr
    assert stderr.startswith("Error: "), stderr
    assert message in stderr, stderr
    assert "Traceback" not in stderr


@pytest.mark.parametrize(
    ("args", "code", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input(cli, tmp_path: Path, args: list, code: int, message: str) -> None:
    (tmp_path / "latin1.rq").write_bytes(b'SELECT * WHERE { ?s ?p "\xe9" }')
    argv = [str(a).replace("{tmp}", str(tmp_path)) for a in args]
    out = tmp_path / "out" / "result.out"
    out.parent.mkdir()
    takes_output = argv[0] in ("query", "validate", "export") and "-o" not in argv
    if takes_output:
        argv += ["-o", str(out)]
    result = cli(*argv)
    assert result.exit_code == code, result.output
    assert_one_error_line(result.stderr, message)
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert list(out.parent.iterdir()) == []  # no output file, no temporary file


def test_failed_command_keeps_an_existing_output_file(cli, tmp_path: Path) -> None:
    out = tmp_path / "rows.csv"
    out.write_text("previous\n")
    result = cli("query", BAD / "update.rq", "-o", out)
    assert result.exit_code == 1
    assert out.read_text() == "previous\n"


# click's own usage errors: one line (no usage block), exit code 2.
USAGE_CASES = [
    ("query-timeout-not-a-number", ["query", PAY, "--timeout", "abc"], "--timeout: 'abc'"),
    ("query-timeout-nan", ["query", PAY, "--timeout", "nan"], "not a positive number"),
    ("load-timeout-zero", ["load", "--store", "http://127.0.0.1:9/s", "--timeout", "0"], "'0'"),
    ("load-timeout-not-a-number", ["load", "--store", "x", "--timeout", "abc"], "'abc'"),
    ("index-without-store-dir", ["index"], "Missing option '--store-dir'"),
    ("load-without-store", ["load", "--default-graph"], "Missing option '--store'"),
    ("unknown-option", ["query", "--nosuch"], "No such option"),
    ("unknown-group-option", ["--nosuch"], "No such option"),
    ("option-without-value", ["query", PAY, "--lang"], "requires an argument"),
    ("extra-argument", ["explain", "F27", "F28"], "unexpected extra argument"),
    ("unknown-command", ["nosuchcmd"], "No such command 'nosuchcmd'"),
    ("misspelt-command", ["qury"], "Did you mean: query, queries?"),
    ("empty-output", ["query", PAY, "-o", ""], "-o/--output: the file name is empty"),
    ("empty-output-export", ["export", "-o", ""], "-o/--output: the file name is empty"),
    ("empty-output-validate", ["validate", "--output", " "], "the file name is empty"),
    ("empty-output-links", ["links", "-o", ""], "the file name is empty"),
    # click's int() and float() read other scripts' digits ("\u0663" is 3) and "1_0"
    ("limit-arabic-indic", ["query", PAY, "--limit", "\u0663"], "--limit: '\u0663' is not a whole"),
    ("offset-underscore", ["query", PAY, "--offset", "1_0"], "--offset: '1_0' is not a whole"),
    ("timeout-devanagari", ["query", PAY, "--timeout", "\u0968"], "--timeout: '\u0968' is not"),
    ("load-timeout-underscore", ["load", "--store", "x", "--timeout", "1_0"], "'1_0' is not"),
    ("search-limit-superscript", ["search", "x", "--limit", "\u00b2"], "'\u00b2' is not a whole"),
    ("workers-fullwidth", ["links", "--workers", "\uff13"], "'\uff13' is not a whole number"),
    ("links-timeout-arabic", ["links", "--timeout", "\u0661"], "'\u0661' is not a number"),
]


@pytest.mark.parametrize(
    ("args", "message"), [c[1:] for c in USAGE_CASES], ids=[c[0] for c in USAGE_CASES]
)
def test_click_usage_errors_are_one_line(cli, args: list, message: str) -> None:
    assert len(USAGE_CASES) == 23
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert_one_error_line(result.stderr, message)
    assert result.stdout == ""


def test_usage_errors_are_one_line_in_a_real_process() -> None:
    import subprocess
    import sys

    for args in (["query", PAY, "--timeout", "abc"], ["nosuchcmd"]):
        done = subprocess.run(
            [sys.executable, "-c", "from csrgraph.cli import main; main()", *args],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 2, done.stderr
        assert_one_error_line(done.stderr, "Error: ")


def test_no_arguments_still_print_the_help(cli) -> None:
    result = cli()
    assert "Commands:" in result.output and "Error" not in result.output


def test_a_users_query_file_is_named_as_given(cli, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "q2.rq").write_text("SELECT ?x\nWHERE {\n ?x ?y\n}\n", encoding="utf-8")
    (tmp_path / "bad.rq").write_text("# no query here\n", encoding="utf-8")
    (tmp_path / "ask.rq").write_text("ASK { ?s ?p ?_thing }\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    cases = [
        (["query", "sub/q2.rq"], 1, "Error: sub/q2.rq:5:1: malformed SPARQL"),
        (["query", "sub/q2.rq", "--timeout", "30"], 1, "Error: sub/q2.rq:5:1: malformed SPARQL"),
        (["query", "bad.rq"], 1, "Error: bad.rq: not a SPARQL query"),
        (["query", "ask.rq", "-p", "colour=red"], 2, "Error: query ask.rq has no parameter"),
        (["query", "ask.rq"], 2, "Error: query ask.rq needs a value for parameter 'thing'"),
        (["query", PAY, "-p", "colour=red"], 2, f"Error: query {PAY} has no parameter"),
    ]
    assert len(cases) == 6
    for args, code, start in cases:
        result = cli(*args)
        assert result.exit_code == code, result.output
        assert_one_error_line(result.stderr, start)
        assert result.stderr.startswith(start), result.stderr


def test_an_unreachable_service_endpoint_exits_2_like_an_unreachable_endpoint(cli) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    endpoint = f"http://127.0.0.1:{port}/query"
    federated = ["federated-wikidata-item", "--allow-network", "-p", f"endpoint_iri={endpoint}"]
    direct = [PAY, "--endpoint", endpoint]
    for args, message in (
        (federated, f"the SERVICE endpoint {endpoint} cannot be reached"),
        ([*federated, "--timeout", "30"], f"the SERVICE endpoint {endpoint} cannot be reached"),
        (direct, f"127.0.0.1:{port}"),
    ):
        result = cli("query", *args)
        assert result.exit_code == 2, result.output
        assert_one_error_line(result.stderr, message)


def test_a_validate_timeout_is_an_error_line_with_the_documented_code(cli) -> None:
    """Exit 1 as docs/guide.md "Exit codes" says for a timeout (and query uses), no report."""
    result = cli("validate", "--timeout", "0.01")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ") and "time limit of 0.01 s" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    guide = (Path(__file__).parents[1] / "docs" / "guide.md").read_text(encoding="utf-8")
    assert "| 1 | the data does not conform" in guide and "a timeout" in guide
    helped = " ".join(cli("validate", "--help").stdout.split())
    assert "or --timeout ran out (one Error line and no report" in helped


def _file_output_commands() -> list[list[str]]:
    """Every command (path of names) whose ``-o`` names a FILE (not a folder's -o DIRECTORY)."""
    import click

    from csrgraph.cli import main

    found: list[list[str]] = []

    def walk(command: click.Command, path: list[str]) -> None:
        if isinstance(command, click.Group):
            with click.Context(command) as ctx:
                for name in command.list_commands(ctx):
                    sub = command.get_command(ctx, name)
                    if sub is not None:
                        walk(sub, [*path, name])
            return
        for param in command.params:
            if "-o" in getattr(param, "opts", ()) and param.name != "out_dir":
                found.append(path)

    walk(main, [])
    return found


FILE_OUTPUT_COMMANDS = _file_output_commands()


@pytest.mark.parametrize("spelling", ["new/", "new/.", "new/.."])
@pytest.mark.parametrize(
    "path", FILE_OUTPUT_COMMANDS, ids=[" ".join(p) for p in FILE_OUTPUT_COMMANDS]
)
def test_an_output_that_names_a_folder_is_refused(
    cli, tmp_path: Path, path: list[str], spelling: str
) -> None:
    """``-o dir/new/`` (``new`` absent) once wrote a FILE ``new``: a trailing separator, ``.``
    or ``..`` names a folder, so every command with ``-o FILE`` refuses it before any work."""
    assert len(FILE_OUTPUT_COMMANDS) >= 10, FILE_OUTPUT_COMMANDS
    target = f"{tmp_path}/{spelling}"
    result = cli(*path, "-o", target)
    assert result.exit_code == 2, result.output
    assert_one_error_line(result.stderr, f"-o/--output: {target!r} names a folder")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("option", ["--shapes", "--data"])
def test_a_validate_timeout_bounds_reading_the_files_too(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, option: str
) -> None:
    """``--timeout`` bounded the validation only: a shapes file that never ends (a FIFO no one
    writes to) ran to the parse bound (CSRGRAPH_PARSE_TIMEOUT), then exit 2. Now the limit is
    the whole job's: the same Error line and exit code 1 as any validation timeout."""
    import os

    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    fifo = tmp_path / "endless.ttl"
    os.mkfifo(fifo)
    monkeypatch.setenv("CSRGRAPH_PARSE_TIMEOUT", "20")
    result = cli("validate", option, fifo, "--timeout", "1")
    assert result.exit_code == 1, result.output
    assert_one_error_line(result.stderr, "validation stopped after the time limit of 1 s")
    assert result.stdout == ""
