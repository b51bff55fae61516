"""A SPARQL endpoint's numeric headers in other scripts' digits: read as no number, no traceback.

``"²".isdigit()`` is true and ``int("²")`` raises: a hostile or broken endpoint sending
``Content-Length: ²`` or ``X-SPARQL-MaxRows: ²`` once made ``query --endpoint`` crash.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import Result

ANSWER = json.dumps(
    {"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "literal", "value": "x"}}]}}
).encode()
#: header values (Latin-1, as HTTP sends them) that ``str.isdigit`` takes and ``int`` refuses
HOSTILE = ["\u00b2", "\u00b3", "\u00b9", "1\u00b2"]


@pytest.fixture
def endpoint(request: pytest.FixtureRequest) -> Iterator[str]:
    header, value = request.param

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header(header, value)
            self.end_headers()
            self.wfile.write(ANSWER)
            self.close_connection = True

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    finally:
        server.shutdown()
        server.server_close()


CASES = [(h, v) for h in ("X-SPARQL-MaxRows", "Content-Length") for v in HOSTILE]
assert len(CASES) == 8


@pytest.mark.parametrize("endpoint", CASES, indirect=True, ids=lambda c: f"{c[0]}={c[1]!r}")
def test_a_header_in_other_digits_is_no_number(cli: Callable[..., Result], endpoint: str) -> None:
    done = cli("query", "--endpoint", endpoint, "-e", "SELECT ?s WHERE { ?s ?p ?o }", "-f", "csv")
    assert done.exit_code == 0, done.stderr
    assert done.stdout.splitlines() == ["s", "x"]
