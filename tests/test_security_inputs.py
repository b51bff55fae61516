"""Hostile input files and signals: one ``Error:`` line, no traceback, nothing left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

CSRGRAPH = str(Path(sys.executable).with_name("csrgraph"))
BIG = 17 * 1024 * 1024  # over pyoxigraph's 16 MiB token buffer


def _one_error(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), stderr
    return lines[0]


@pytest.fixture(scope="module")
def huge(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Files whose second line (or first) holds a literal or IRI over 16 MiB."""
    folder = tmp_path_factory.mktemp("huge")
    files = {
        "literal.ttl": '<urn:a> <urn:b> "ok" .\n<urn:a> <urn:b> "' + "a" * BIG + '" .\n',
        "literal.nt": '<urn:a> <urn:b> "ok" .\n<urn:a> <urn:b> "' + "a" * BIG + '" .\n',
        "iri.ttl": "<urn:a> <urn:b> <urn:" + "a" * BIG + "> .\n",
    }
    paths = {}
    for name, text in files.items():
        paths[name] = folder / name
        paths[name].write_text(text, encoding="utf-8")
    return paths


@pytest.mark.parametrize("name", ["literal.ttl", "literal.nt", "iri.ttl"])
@pytest.mark.parametrize("command", ["query", "validate"])
def test_a_huge_literal_is_one_error_naming_file_and_line(
    cli, huge: dict[str, Path], name: str, command: str
) -> None:
    args = ["query", "-e", "ASK {}"] if command == "query" else ["validate"]
    result = cli(*args, "--data", huge[name])
    assert result.exit_code == 2
    line = _one_error(result.stderr)
    expected_line = 1 if name == "iri.ttl" else 2
    assert f"{huge[name]}:{expected_line}: a literal or IRI is longer" in line


def test_stdin_as_data_is_read_once(cli) -> None:
    result = cli(
        "query", "--data", "-", "-e", "ASK { <urn:a> ?p ?o }", input='<urn:a> <urn:b> "x" .\n'
    )
    assert result.exit_code == 0, result.stderr
    assert "true" in result.stdout


def test_dev_stdin_as_data_and_as_query_file() -> None:
    done = subprocess.run(
        [CSRGRAPH, "query", "--data", "/dev/stdin", "-e", "ASK { <urn:a> ?p ?o }", "-f", "csv"],
        input='<urn:a> <urn:b> "x" .\n',
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "true" in done.stdout and done.stderr == ""
    done = subprocess.run(
        [CSRGRAPH, "query", "/dev/stdin", "-f", "csv"],
        input="ASK { ?s ?p ?o }",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "true" in done.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
@pytest.mark.parametrize("role", ["data", "query"])
def test_a_fifo_works_as_data_and_as_query_file(tmp_path: Path, role: str) -> None:
    fifo = tmp_path / ("in.ttl" if role == "data" else "in.rq")
    os.mkfifo(fifo)
    content = '<urn:a> <urn:b> "x" .\n' if role == "data" else "ASK { ?s ?p ?o }"

    def feed() -> None:
        with open(fifo, "w", encoding="utf-8") as pipe:
            pipe.write(content)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    args = ["--data", str(fifo), "-e", "ASK { <urn:a> ?p ?o }"] if role == "data" else [str(fifo)]
    done = subprocess.run(
        [CSRGRAPH, "query", *args, "-f", "csv"], capture_output=True, text=True, timeout=120
    )
    writer.join(10)
    assert done.returncode == 0, done.stderr
    assert "true" in done.stdout


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this platform")
@pytest.mark.parametrize("role", ["data", "query"])
def test_an_endless_device_is_refused_at_its_size_limit(role: str) -> None:
    args = ["--data", "/dev/zero", "-e", "ASK {}"] if role == "data" else ["/dev/zero"]
    done = subprocess.run([CSRGRAPH, "query", *args], capture_output=True, text=True, timeout=300)
    assert done.returncode == 2
    assert "/dev/zero: more than" in _one_error(done.stderr)


@pytest.mark.parametrize("engine", ["auto", "pyshacl"])
def test_an_ill_typed_literal_brings_no_traceback_or_library_noise(
    tmp_path: Path, engine: str
) -> None:
    """rdflib logs a traceback per ill-typed literal it copies; validate shows none of it.

    Where a shape covers the property, the literal is a validation result (the ill-typed-*
    mutation cases of tests/test_shapes.py); a literal no shape covers is not judged.
    """
    data = tmp_path / "ill.ttl"
    data.write_text(
        '<urn:a> <urn:b> "abc"^^<http://www.w3.org/2001/XMLSchema#integer> .\n', encoding="utf-8"
    )
    done = subprocess.run(
        [CSRGRAPH, "validate", "--engine", engine, "--data", str(data)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", done.stderr
    assert done.stdout.startswith("Conforms"), done.stdout


def test_an_occupation_that_is_not_an_iri_is_one_error(cli) -> None:
    result = cli("export", "--profile", "schema.org", "--occupation", "not an iri")
    assert result.exit_code == 2
    assert "is not an IRI" in _one_error(result.stderr)


_WRITER = """
import sys
from csrgraph.writing import atomic_write
data = b"x" * 40_000_000
print("ready", flush=True)
for _ in range(1000):
    atomic_write(sys.argv[1], data)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_during_a_write_leaves_no_temporary_file(tmp_path: Path, signum: int) -> None:
    target = tmp_path / "out.json"
    for delay in (0.05, 0.15, 0.3):
        writer = subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(target)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert writer.stdout is not None and writer.stdout.readline() == "ready\n"
        time.sleep(delay)
        writer.send_signal(signum)
        writer.wait(60)
        assert writer.returncode != 0  # it was stopped, not finished
        leftovers = [p.name for p in tmp_path.iterdir() if p.name != "out.json"]
        assert leftovers == []
