"""One error taxonomy: every class in csrgraph.errors, an exit code on each, library words.

The library names parameters by their Python names and keeps what it knows (file, line,
column, value, parameter) in fields; the CLI renders the same message with its flags.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from csrgraph import errors
from csrgraph.cli import main
from csrgraph.errors import CsrgraphError, InputError, QueryError, UsageError

SRC = Path(errors.__file__).parent
#: The error classes' names (the source read with ast, so a class defined elsewhere shows).
ERROR_NAMES = {cls.__name__ for cls in errors.error_classes()}


def _sources() -> list[Path]:
    files = sorted(SRC.rglob("*.py"))
    assert len(files) >= 60, "the glob found too few modules"
    return files


def test_every_class_has_an_exit_code() -> None:
    classes = list(errors.error_classes())
    assert len(classes) >= 10
    for cls in classes:
        assert cls.exit_code in (1, 2), cls.__name__
    assert errors.BrokenLinks.exit_code == 1
    assert errors.OutOfDate.exit_code == 1
    assert errors.UsageError.exit_code == errors.InputError.exit_code == 2


def test_no_error_class_defined_outside_errors() -> None:
    found = []
    for path in _sources():
        if path == SRC / "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            bases = {
                b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases
            }
            if bases & (ERROR_NAMES | {"Exception"}):
                found.append(f"{path.relative_to(SRC)}: {node.name}")
    assert found == []


#: A word starting with ``--`` (a flag), and a csrgraph command line (allowed: a fix to run).
FLAG = re.compile(r"(?<![\w-])--[a-z]")
COMMAND_LINE = re.compile(r"csrgraph [a-z]+[^`)]*")


def _message_strings(tree: ast.AST) -> list[str]:
    """The literal text of every string handed to an error class (or a helper that makes one)."""
    texts = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name not in ERROR_NAMES and name not in {"fail", "refuse"}:
            continue
        for arg in node.args:
            for part in ast.walk(arg):
                if isinstance(part, ast.JoinedStr):
                    texts.append(
                        "".join(
                            v.value if isinstance(v, ast.Constant) else "{}" for v in part.values
                        )
                    )
                elif isinstance(part, ast.Constant) and isinstance(part.value, str):
                    texts.append(part.value)
    return texts


def test_library_messages_name_no_flags() -> None:
    messages: list[str] = []
    offending = []
    for path in _sources():
        if path.is_relative_to(SRC / "cli"):
            continue
        for text in _message_strings(ast.parse(path.read_text(encoding="utf-8"))):
            messages.append(text)
            if FLAG.search(COMMAND_LINE.sub("", text)):
                offending.append(f"{path.relative_to(SRC)}: {text}")
    assert len(messages) >= 150, "the scan found too few messages"
    assert offending == []


def test_the_template_names_parameters_the_cli_renders_flags() -> None:
    from csrgraph.sparql import run_query

    with pytest.raises(UsageError) as caught:
        run_query("ASK {}", data=["x.ttl"], endpoint="http://127.0.0.1:1/sparql")
    err = caught.value
    assert str(err) == "data cannot be used with endpoint (the endpoint has its own data)"
    assert (err.parameter, err.other) == ("data", "endpoint")
    result = CliRunner().invoke(
        main, ["query", "-e", "ASK {}", "--data", "x.ttl", "--endpoint", "http://127.0.0.1:1/"]
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --data cannot be used with --endpoint (the endpoint has its own data)\n"
    )


def test_an_option_named_otherwise_is_rendered_by_its_flag(tmp_path: Path) -> None:
    # the library's parameter is `occupations`; the command's option is --occupation
    (tmp_path / "Occupation Data.txt").write_text(
        "O*NET-SOC Code\tTitle\tDescription\n43-4051.00\tCSR\tAnswers.\n", encoding="utf-8"
    )
    result = CliRunner().invoke(
        main, ["import", "onet", str(tmp_path), "--release", "29.2", "--occupation", "12"]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --occupation '12' is not an O*NET-SOC code")


def test_parse_error_carries_file_line_column(tmp_path: Path) -> None:
    from csrgraph.graph.load import load_parsed

    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> .\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_parsed([bad])
    err = caught.value
    assert err.file is not None and err.file.endswith("bad.ttl")
    assert err.line == 2
    assert err.column is not None
    assert str(err).startswith(f"{err.file}:2:")


def test_not_utf8_carries_line_and_column() -> None:
    from csrgraph.graph.reading import decode_utf8

    with pytest.raises(InputError) as caught:
        decode_utf8(b"ok\nab\xff", "f.ttl")
    assert (caught.value.file, caught.value.line, caught.value.column) == ("f.ttl", 2, 3)


def test_refused_query_carries_line_column_and_parameter() -> None:
    from csrgraph.sparql.policy import check

    with pytest.raises(QueryError) as caught:
        check("SELECT *\nWHERE { SERVICE <http://x/> { ?s ?p ?o } }")
    err = caught.value
    assert (err.line, err.column, err.parameter) == (2, 9, "allow_network")
    assert str(err).endswith("(allow it with allow_network)")
    assert err.render({"allow_network": "--allow-network"}).endswith(
        "(allow it with --allow-network)"
    )


def test_table_row_error_carries_file_and_line(tmp_path: Path) -> None:
    from csrgraph.importers.tables import read_table

    table = tmp_path / "t.txt"
    table.write_text("a\tb\n1\t2\n3\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        list(read_table(table, ["a"]))
    assert (caught.value.file, caught.value.line) == ("t.txt", 3)


def test_a_bad_value_has_one_shape_for_every_option() -> None:
    for args, flag in [
        (["validate", "--engine", "x"], "--engine"),
        (["query", "pay-by-experience", "-f", "x"], "--format"),
        (["query", "pay-by-experience", "--auth", "x"], "--auth"),
    ]:
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, args
        assert re.fullmatch(rf"Error: {flag}: 'x' is not one of: [a-z, -]+\n", result.stderr)


def test_errors_survive_pickling_with_their_fields() -> None:
    import pickle

    err = UsageError("{graph} needs {endpoint}", parameter="graph", other="endpoint", value=1)
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is UsageError
    assert (str(again), again.fields()) == (str(err), err.fields())


def test_braces_of_other_text_stay() -> None:
    err = CsrgraphError("{data} is { ?s ?p ?o } and {other}", parameter="data")
    assert str(err) == "data is { ?s ?p ?o } and {other}"
    assert CsrgraphError("no {data} here").render(str.upper) == "no {data} here"
