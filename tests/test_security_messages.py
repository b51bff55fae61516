"""Hostile text in ``Error:`` and ``Warning:`` lines: no terminal control byte reaches stderr.

A store's error page, a fact ID, an endpoint, a file name, a prefix a parser names, the bytes
of ``/dev/zero``: whatever a message quotes, its ESC (so CSI, OSC, DCS), BEL, NUL, DEL, C1
and bidi controls are shown escaped (one function prints every such line). Loopback only.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from csrgraph.cli import main

OSC = "\x1b]0;PWNED\x07"
#: A raw control byte on stderr: C0 but the line break, DEL, C1, bidi overrides.
RAW = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class _Page(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        body = f"store broke: {OSC} \x1bP1;2q\x1b\\ \x9b31m".encode()
        self.send_response(500)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST


@pytest.fixture(scope="module")
def page() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


def _rdfxml(tmp: Path) -> str:
    path = tmp / "hostile.rdf"
    path.write_text(
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f"<x{OSC}:p/></rdf:RDF>"
    )
    return str(path)


def _empty(tmp: Path) -> str:
    (tmp / "old.nt").write_text("")
    return str(tmp / "old.nt")


#: (name, the arguments given the store page's URL and a temporary folder).
HOSTILE: list[tuple[str, Callable[[str, Path], list[str]]]] = [
    ("store error page", lambda url, tmp: ["query", "-e", "ASK {}", "--endpoint", url]),
    ("fact id", lambda url, tmp: ["explain", "F\x1b]0;PWN\x07"]),
    ("endpoint", lambda url, tmp: ["query", "-e", "ASK {}", "--endpoint", f"http://127.0.0.1:9/{OSC}"]),
    ("data file name", lambda url, tmp: ["query", "-e", "ASK {}", "--data", f"/nope/{OSC}\x9b"]),
    ("sssom file name", lambda url, tmp: ["links", "--sssom", f"/nope/\x1bP{OSC}\u202e"]),
    ("parser names a prefix", lambda url, tmp: ["query", "-e", "ASK {}", "--data", _rdfxml(tmp)]),
    ("nul bytes", lambda url, tmp: ["diff", "--old", _empty(tmp), "--new", "/dev/zero"]),
    ("unknown option", lambda url, tmp: ["query", f"--x{OSC}"]),
]  # fmt: skip


def test_the_hostile_cases_are_all_there() -> None:
    assert len(HOSTILE) == 8


@pytest.mark.parametrize(("name", "args"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_no_control_byte_reaches_stderr(
    page: str, tmp_path: Path, name: str, args: Callable[[str, Path], list[str]]
) -> None:
    result = CliRunner().invoke(main, args(page, tmp_path), catch_exceptions=False)
    lines = result.stderr.splitlines()
    assert result.exit_code != 0 and lines and lines[0].startswith("Error: "), result.stderr
    assert RAW.search(result.stderr) is None, repr(result.stderr)
    assert "Traceback" not in result.stderr


def test_a_real_terminal_gets_no_escape_either(tmp_path: Path) -> None:
    """The command in its own process: stderr's bytes hold no ESC, BEL or NUL."""
    done = subprocess.run(
        [sys.executable, "-c", "from csrgraph.cli import main; main()", "explain", f"F{OSC}\x9d"],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(b"Error: ")
    assert re.search(rb"[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]", done.stderr) is None, done.stderr
