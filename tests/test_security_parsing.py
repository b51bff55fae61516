"""Hostile RDF files through every command that reads user files: one line, never a crash.

Each command runs in a subprocess with a memory limit (``RLIMIT_AS``) and a wall-clock
limit, so a regression fails the test instead of taking the machine down.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

#: Memory (bytes of address space) and seconds each command may use.
MEMORY = 2 * 1024**3
SECONDS = 60


def _deep_jsonld(depth: int) -> str:
    return '{"@id": "http://e/a", "http://e/p": ' * depth + '"x"' + "}" * depth


def _deep_jsonld_keys(depth: int) -> str:
    return '{"@id": "http://e/a", "http://e/q": ' + '{"x": ' * depth + "1" + "}" * depth + "}"


def _deep_rdfxml(depth: int) -> str:
    return (
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:e="http://e/">\n'
        + "<rdf:Description><e:p>" * depth
        + "</e:p></rdf:Description>" * depth
        + "</rdf:RDF>\n"
    )


def _deep_list(depth: int) -> str:
    return "<http://e/a> <http://e/p> " + "(" * depth + "1" + ")" * depth + " .\n"


def _deep_bnodes(depth: int) -> str:
    return "<http://e/a> <http://e/p> " + "[ <http://e/p> " * depth + "1" + " ]" * depth + " .\n"


#: name -> (file name, content, text the one error line must hold)
HOSTILE: dict[str, tuple[str, Callable[[], str], str]] = {
    "deep-jsonld": ("deep.jsonld", lambda: _deep_jsonld(4000), "nested deeper than"),
    "deep-jsonld-ignored-keys": ("keys.jsonld", lambda: _deep_jsonld_keys(4000), "nested"),
    "deep-rdfxml": ("deep.rdf", lambda: _deep_rdfxml(40000), "nested deeper than"),
    "deep-turtle-collections": ("list.ttl", lambda: _deep_list(200000), "nested deeper than"),
    "deep-turtle-bnodes": ("bnodes.ttl", lambda: _deep_bnodes(100000), "nested deeper than"),
    "huge-literal": ("huge.ttl", lambda: '<http://e/a> <http://e/p> "' + "x" * (20 << 20), ""),
    "many-prefixes": (
        "prefixes.ttl",
        lambda: "".join(f"@prefix p{i}: <http://e/{i}/> .\n" for i in range(50000)) + "p1:a p1:b 1",
        "",
    ),
}
assert len(HOSTILE) == 7

#: Every command that parses user files, with ``{file}`` for the hostile one.
COMMANDS: dict[str, list[str]] = {
    "export": ["export", "-f", "nt", "-o", "{out}", "--data", "{file}"],
    "export-jsonld": ["export", "-f", "jsonld", "-o", "{out}", "--data", "{file}"],
    "validate": ["validate", "--data", "{file}"],
    "info": ["info", "--data", "{file}"],
    "explain": ["explain", "F01", "--data", "{file}"],
    "load": ["load", "--store", "http://127.0.0.1:9/store", "--default-graph", "--data", "{file}"],
    "index": ["index", "--store-dir", "{out}", "--data", "{file}"],
    "query": ["query", "pay-by-experience", "--data", "{file}"],
    "diff": ["diff", "--old", "{file}", "--new", "{file}"],
}
assert len(COMMANDS) == 9


def _limited() -> None:  # pragma: no cover - in the child, before exec
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_limited(
    args: list[str], **kwargs: object
) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run the CLI in a subprocess bounded in memory and time; return it and its seconds."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", "from csrgraph.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=SECONDS,
        preexec_fn=_limited,
        **{"env": dict(os.environ), **kwargs},  # type: ignore[call-overload]
    )
    return done, time.monotonic() - started


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Write each hostile file once for the module."""
    folder = tmp_path_factory.mktemp("hostile")
    files = {}
    for key, (name, content, _) in HOSTILE.items():
        files[key] = folder / name
        files[key].write_text(content(), encoding="utf-8")
    return files


#: Every hostile file through every command, but the size cases (slow, not deep) through two.
PAIRS = [
    (case, command)
    for case in HOSTILE
    for command in COMMANDS
    if case not in {"huge-literal", "many-prefixes"} or command in {"info", "validate"}
]


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_AS is POSIX")
@pytest.mark.parametrize(("case", "command"), PAIRS, ids=[f"{c}-{m}" for c, m in PAIRS])
def test_a_hostile_file_gives_one_error_line_naming_it(
    case: str, command: str, hostile_files: dict[str, Path], tmp_path: Path
) -> None:
    assert len(PAIRS) >= 45
    path = hostile_files[case]
    args = [a.format(file=path, out=tmp_path / "out") for a in COMMANDS[command]]
    done, _ = run_limited(args)
    lines = done.stderr.strip().splitlines()
    assert done.returncode in {1, 2}, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert len(lines) == 1 and lines[0].startswith("Error: "), done.stderr[-2000:]
    assert str(path) in lines[0]
    assert HOSTILE[case][2] in lines[0]


def test_the_nesting_bound_can_be_raised(tmp_path: Path) -> None:
    path = tmp_path / "list.ttl"
    path.write_text(_deep_list(200), encoding="utf-8")
    refused, _ = run_limited(["info", "--data", str(path)])
    assert refused.returncode == 2 and "nested deeper than 128" in refused.stderr
    env = {**os.environ, "CSRGRAPH_MAX_NESTING": "300"}
    allowed, _ = run_limited(["info", "--data", str(path)], env=env)
    assert allowed.returncode == 0, allowed.stderr


def test_a_nesting_bound_out_of_range_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "list.ttl"
    path.write_text(_deep_list(2), encoding="utf-8")
    env = {**os.environ, "CSRGRAPH_MAX_NESTING": "100000"}
    done, _ = run_limited(["info", "--data", str(path)], env=env)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "Error: CSRGRAPH_MAX_NESTING=100000: give a whole number from 1 to 1000 in ASCII digits"
    ]


#: Numbers Python's int() and float() read but a person did not type as one: other scripts'
#: digits (Arabic-Indic three, Devanagari two), superscripts, underscores, words.
NOT_ASCII_NUMBERS = ["\u0663", "+\u0663", "\u0968.5", "\u00b2", "1_0", "infinity", "3\u0663"]


@pytest.mark.parametrize("value", NOT_ASCII_NUMBERS)
@pytest.mark.parametrize(
    ("variable", "read"),
    [
        ("CSRGRAPH_MAX_NESTING", "csrgraph.graph.nesting:max_nesting"),
        ("CSRGRAPH_PARSE_TIMEOUT", "csrgraph.graph.isolated:parse_limits"),
        ("CSRGRAPH_PARSE_MEMORY", "csrgraph.graph.isolated:parse_limits"),
    ],
)
def test_a_bound_in_the_environment_takes_ascii_digits_only(
    monkeypatch: pytest.MonkeyPatch, variable: str, read: str, value: str
) -> None:
    """``int("\u0663")`` is 3 in Python: the variables took any script's digits."""
    import importlib

    from csrgraph.errors import UsageError

    assert len(NOT_ASCII_NUMBERS) == 7
    module, _, name = read.partition(":")
    reader = getattr(importlib.import_module(module), name)
    monkeypatch.setenv(variable, "3" if variable != "CSRGRAPH_PARSE_MEMORY" else "64")
    reader()  # the ASCII spelling is taken
    monkeypatch.setenv(variable, value + ("G" if variable == "CSRGRAPH_PARSE_MEMORY" else ""))
    with pytest.raises(UsageError, match=f"^{variable}=.*in ASCII digits"):
        reader()


def test_stdin_is_read_within_the_time_limit() -> None:
    """``sleep 25 | csrgraph query --data - --timeout 2`` used to take the whole 25 s."""
    sleeper = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(30)"], stdout=subprocess.PIPE
    )
    try:
        done, seconds = run_limited(
            ["query", "pay-by-experience", "--data", "-", "--timeout", "2"], stdin=sleeper.stdout
        )
    finally:
        sleeper.kill()
        sleeper.wait()
    assert seconds < 15
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "Error: <stdin>: no end of the input within the time limit"
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_read_within_the_time_limit(tmp_path: Path) -> None:
    fifo = tmp_path / "in.ttl"
    os.mkfifo(fifo)
    done, seconds = run_limited(
        ["query", "pay-by-experience", "--data", str(fifo), "--timeout", "2"]
    )
    assert seconds < 15
    assert done.returncode == 1 and "no end of the input" in done.stderr


#: The command forms that parse user files in the parent process: each must start the
#: parsing child. ``query`` parses in its own evaluation child (tested above), so it is not here.
PARENT_PARSERS = [name for name in COMMANDS if name != "query"]
assert len(PARENT_PARSERS) == 8

#: What the parser is made to do in the child, beyond what the nesting pre-scan catches:
#: a crash (the test hook of csrgraph.graph.isolated, as a native parser's SIGSEGV would be),
#: or a file nested deep but within a raised nesting bound, under a low memory bound.
ESCAPES: dict[str, dict[str, str]] = {
    "crash": {"CSRGRAPH_TEST_PARSE_CRASH": "segv"},
    "memory": {"CSRGRAPH_MAX_NESTING": "1000", "CSRGRAPH_PARSE_MEMORY": "32M"},
}
assert len(ESCAPES) == 2


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the crash and RLIMIT_AS cases need POSIX")
@pytest.mark.parametrize("command", PARENT_PARSERS)
@pytest.mark.parametrize("escape", list(ESCAPES))
def test_a_parser_crash_or_blow_up_is_one_error_line(
    escape: str, command: str, tmp_path: Path
) -> None:
    path = tmp_path / "deep.jsonld"
    path.write_text(_deep_jsonld(1000), encoding="utf-8")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {**os.environ, "TMPDIR": str(temporary), **ESCAPES[escape]}
    args = [a.format(file=path, out=tmp_path / "out") for a in COMMANDS[command]]
    done, _ = run_limited(args, env=env)
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2, done.stderr[-2000:]
    assert len(lines) == 1 and lines[0].startswith(f"Error: {path}: the parser crashed"), lines
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()
    assert list(temporary.iterdir()) == []


def test_the_memory_bound_lets_an_ordinary_file_through(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonld"
    path.write_text(_deep_jsonld(100), encoding="utf-8")
    env = {**os.environ, "CSRGRAPH_PARSE_MEMORY": "32M"}
    done, _ = run_limited(["info", "--data", str(path)], env=env)
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_the_parse_time_bound_holds_for_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "in.ttl"
    os.mkfifo(fifo)
    env = {**os.environ, "CSRGRAPH_PARSE_TIMEOUT": "2"}
    done, seconds = run_limited(["info", "--data", str(fifo)], env=env)
    assert seconds < 15
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"Error: {fifo}: no end of the input within the time limit"
    ]


@pytest.mark.parametrize(
    ("variable", "value"),
    [("CSRGRAPH_PARSE_MEMORY", "1M"), ("CSRGRAPH_PARSE_TIMEOUT", "nan")],
)
def test_a_parse_bound_out_of_range_is_a_usage_error(
    tmp_path: Path, variable: str, value: str
) -> None:
    path = tmp_path / "a.ttl"
    path.write_text("<http://e/a> <http://e/p> 1 .\n", encoding="utf-8")
    done, _ = run_limited(["info", "--data", str(path)], env={**os.environ, variable: value})
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {variable}={value}: give"), lines


def test_diff_refuses_an_entity_expansion_bomb(tmp_path: Path) -> None:
    old = tmp_path / "old.ttl"
    old.write_text("<http://e/a> <http://e/p> 1 .\n", encoding="utf-8")
    bomb = tmp_path / "bomb.rdf"
    bomb.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:e="http://e/"><rdf:Description rdf:about="http://e/a"><e:p>&b;</e:p>'
        "</rdf:Description></rdf:RDF>\n",
        encoding="utf-8",
    )
    done, _ = run_limited(["diff", "--old", str(old), "--new", str(bomb)])
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"Error: {bomb}:2:1: DOCTYPE/ENTITY declarations are refused "
        "(entity expansion can blow up memory)"
    ]


_DEEP_BNODES = "[ ex:p " * 200 + '"x"' + " ]" * 200
#: Turtle whose escapes or quads hid the nesting from the scan: name -> (format, text).
ESCAPED_NESTING: dict[str, tuple[str, str]] = {
    "hash-in-local-name": ("TURTLE", f"ex:a\\#b ex:p {_DEEP_BNODES} ."),
    "hash-ending-a-local-name": ("TURTLE", f"ex:a\\# ex:p {_DEEP_BNODES} ."),
    "quote-in-local-name": ("TURTLE", f"ex:a\\'b ex:p {_DEEP_BNODES}, ex:c ."),
    "trig-graph": ("TRIG", f"ex:g {{ ex:a\\#b ex:p {_DEEP_BNODES} . }}"),
}
assert len(ESCAPED_NESTING) == 4


@pytest.mark.parametrize("case", list(ESCAPED_NESTING))
def test_an_escape_outside_strings_hides_no_nesting(case: str) -> None:
    """``ex:a\\#b`` is a local name, not the start of a comment that hides the line."""
    from csrgraph.errors import InputError
    from csrgraph.graph.nesting import check_bytes

    fmt, text = ESCAPED_NESTING[case]
    data = f"@prefix ex: <http://e/> .\n{text}\n".encode()
    with pytest.raises(InputError, match=r"x\.ttl:2: nested deeper than 128"):
        check_bytes(data, fmt, "x.ttl")


def test_escapes_that_close_no_token_still_count_what_follows() -> None:
    from csrgraph.graph.nesting import check_bytes

    # the escaped ( and ) are part of the names, not nesting
    check_bytes(b"@prefix ex: <http://e/> .\nex:a\\( ex:p ex:b\\) .\n" * 300, "TURTLE", "y.ttl")


def test_a_local_name_escape_through_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "t.ttl"
    deep = "[ ex:p " * 5000 + '"x"' + " ]" * 5000
    path.write_text(f"@prefix ex: <http://e/> .\nex:a\\#b ex:p {deep} .\n", encoding="utf-8")
    done, _ = run_limited(["info", "--data", str(path)])
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"Error: {path}:2: nested deeper than 128 levels (raise the bound with "
        "CSRGRAPH_MAX_NESTING)"
    ]


#: Commands reading a FIFO nobody writes to: each gives up within the parse time bound (2 s
#: here), with a child (a .ttl) or without (an .nt, parsed in the process), or with --timeout.
FIFO_READERS: dict[str, list[str]] = {
    "info-ntriples": ["info", "--data", "{fifo}.nt"],
    "validate-timeout": ["validate", "--data", "{fifo}.ttl", "--timeout", "2"],
    "validate-timeout-ntriples": ["validate", "--data", "{fifo}.nt", "--timeout", "2"],
    "diff": ["diff", "--old", "{fifo}.ttl", "--new", "{fifo}.nt"],
    "diff-nquads": ["diff", "--old", "{fifo}.nq", "--new", "{fifo}.nq"],
    "export-ntriples": ["export", "-f", "nt", "-o", "{out}", "--data", "{fifo}.nt"],
}
assert len(FIFO_READERS) == 6


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("form", list(FIFO_READERS))
def test_a_fifo_nobody_writes_to_is_given_up_within_the_bound(tmp_path: Path, form: str) -> None:
    fifo = tmp_path / "in"
    for suffix in (".ttl", ".nt", ".nq"):
        os.mkfifo(f"{fifo}{suffix}")
    args = [a.format(fifo=fifo, out=tmp_path / "out") for a in FIFO_READERS[form]]
    env = {**os.environ, "CSRGRAPH_PARSE_TIMEOUT": "2"}
    done, seconds = run_limited(args, env=env)
    lines = done.stderr.strip().splitlines()
    assert seconds < 15
    assert len(lines) == 1, done.stderr[-2000:]
    if "--timeout" in args:  # validate's own limit covers reading: its timeout, exit code 1
        assert done.returncode == 1, done.stderr[-2000:]
        assert lines[0].endswith(": validation stopped after the time limit of 2 s")
    else:
        assert done.returncode == 2, done.stderr[-2000:]
        assert lines[0].endswith(": no end of the input within the time limit")
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_validate_gives_up_on_stdin_at_its_timeout() -> None:
    """``sleep 30 | csrgraph validate --data - --timeout 2`` ends after about 2 s."""
    sleeper = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(30)"], stdout=subprocess.PIPE
    )
    try:
        done, seconds = run_limited(
            ["validate", "--data", "-", "--timeout", "2"], stdin=sleeper.stdout
        )
    finally:
        sleeper.kill()
        sleeper.wait()
    assert seconds < 15
    assert done.returncode == 1  # --timeout bounds the whole job, reading included
    assert done.stderr.strip().splitlines() == [
        "Error: shapes.ttl: validation stopped after the time limit of 2 s"
    ]


_FIXTURES = Path(__file__).parent / "fixtures"
#: An importer's folder with one file replaced by a FIFO: importer, fixture, file.
IMPORT_FIFOS: dict[str, tuple[str, str, str]] = {
    "onet-tasks": ("onet", "onet", "Task Statements.txt"),
    "onet-occupations": ("onet", "onet", "Occupation Data.txt"),
    "onet-categories": ("onet", "onet", "Education, Training, and Experience Categories.txt"),
    "esco-occupations": ("esco", "esco", "occupations_en.csv"),
}
assert len(IMPORT_FIFOS) == 4


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("case", list(IMPORT_FIFOS))
def test_an_importer_refuses_a_fifo_before_opening_it(tmp_path: Path, case: str) -> None:
    importer, fixture, name = IMPORT_FIFOS[case]
    folder = tmp_path / fixture
    shutil.copytree(_FIXTURES / fixture, folder)
    (folder / name).unlink()
    os.mkfifo(folder / name)
    out = tmp_path / "out.ttl"
    args = ["import", importer, str(folder), "-o", str(out), "--quiet"]
    args += ["--release", "29.2" if importer == "onet" else "1.2.0"]
    done, _ = run_limited(args)
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2, done.stderr[-2000:]
    assert len(lines) == 1 and lines[0].startswith("Error: "), lines
    assert lines[0].endswith(f"{name}: not a regular file (a FIFO, device or socket)")
    assert not out.exists()
