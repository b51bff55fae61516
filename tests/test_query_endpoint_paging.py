"""An endpoint that cuts its answer at a row cap (``X-SPARQL-MaxRows``): paging stays bounded.

A small server on 127.0.0.1 plays a store whose cap is 2 rows; the first path segment says
how it pages: ``good`` pages truly, ``huge`` claims 10^9 rows, ``repeat`` answers every page
with the first rows, ``slow`` takes a while for each page.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from click.testing import Result

from csrgraph import store

CAP = 2
TOTAL = {"good": 6, "huge": 10**9, "repeat": 6, "slow": 10}
SLOW_PAGE = 0.4


@dataclass
class Pager:
    port: int
    queries: list[str] = field(default_factory=list)

    def url(self, mode: str) -> str:
        return f"http://127.0.0.1:{self.port}/{mode}/sparql"


def _rows(first: int, count: int) -> bytes:
    bindings = [{"s": {"type": "uri", "value": f"urn:x:r{i}"}} for i in range(first, first + count)]
    return json.dumps({"head": {"vars": ["s"]}, "results": {"bindings": bindings}}).encode()


def _handler(pager: Pager) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            query = parse_qs(body.decode())["query"][0]
            pager.queries.append(query)
            mode = self.path.strip("/").split("/")[0]
            if query.lstrip().upper().startswith("ASK"):
                answer = b'{"head":{},"boolean":true}'
            elif "COUNT(*) AS ?n" in query:
                count = {
                    "head": {"vars": ["n"]},
                    "results": {
                        "bindings": [{"n": {"type": "literal", "value": str(TOTAL[mode])}}]
                    },
                }
                answer = json.dumps(count).encode()
            else:
                found = re.search(r"OFFSET (\d+) LIMIT \d+\s*$", query)
                offset = int(found.group(1)) if found and mode != "repeat" else 0
                if mode == "slow":
                    time.sleep(SLOW_PAGE)
                answer = _rows(offset, min(CAP, TOTAL[mode] - offset))
            try:
                self.send_response(200)
                self.send_header("Content-Type", store.SPARQL_JSON)
                self.send_header("Content-Length", str(len(answer)))
                self.send_header("X-SPARQL-MaxRows", "1" if b"boolean" in answer else str(CAP))
                self.end_headers()
                self.wfile.write(answer)
            except OSError:  # the client gave up (its time ran out): nothing to print
                pass

    return Handler


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up mid-answer is part of the test, not news on stderr


@pytest.fixture(scope="module")
def pager() -> Iterator[Pager]:
    pager = Pager(0)
    server = _QuietServer(("127.0.0.1", 0), _handler(pager))
    pager.port = server.server_address[1]
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield pager
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _fresh(pager: Pager, monkeypatch: pytest.MonkeyPatch) -> None:
    pager.queries.clear()
    monkeypatch.setattr(store.http, "RETRY_DELAYS", (0.0, 0.0, 0.0))
    monkeypatch.setenv("NO_PROXY", "*")
    monkeypatch.setenv("NETRC", "/nonexistent/netrc")


ORDERED = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s"


def one_error_line(result: Result) -> str:
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


def test_an_ordered_answer_is_paged_whole(cli: Callable[..., Result], pager: Pager) -> None:
    done = cli("query", "--endpoint", pager.url("good"), "-e", ORDERED, "-f", "csv")
    assert done.exit_code == 0, done.stderr
    assert done.stdout.split()[1:] == [f"urn:x:r{i}" for i in range(6)]


def test_a_huge_count_is_refused_before_paging(cli: Callable[..., Result], pager: Pager) -> None:
    done = cli("query", "--endpoint", pager.url("huge"), "-e", ORDERED, "--timeout", "5")
    line = one_error_line(done)
    assert done.exit_code == 2
    assert "1,000,000,000" in line and "ResultSetMaxRows" in line and "--max-answer" in line
    assert len(pager.queries) == 2  # the first page and the count, nothing more


def test_the_timeout_bounds_all_pages_together(cli: Callable[..., Result], pager: Pager) -> None:
    started = time.monotonic()
    done = cli("query", "--endpoint", pager.url("slow"), "-e", ORDERED, "--timeout", "1")
    line = one_error_line(done)
    assert done.exit_code == 2
    assert "--timeout" in line and "ResultSetMaxRows" in line
    assert time.monotonic() - started < 1 + 2 * SLOW_PAGE
    assert len(pager.queries) < 5  # 5 pages and a count would answer in full


def test_an_unordered_query_is_not_paged(cli: Callable[..., Result], pager: Pager) -> None:
    done = cli("query", "--endpoint", pager.url("good"), "-e", "SELECT ?s WHERE { ?s ?p ?o }")
    line = one_error_line(done)
    assert done.exit_code == 2
    assert "no ORDER BY" in line and "ResultSetMaxRows" in line
    assert len(pager.queries) == 1


def test_a_sub_query_order_does_not_count(cli: Callable[..., Result], pager: Pager) -> None:
    text = "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s } }"
    done = cli("query", "--endpoint", pager.url("good"), "-e", text)
    assert "no ORDER BY" in one_error_line(done)


def test_overlapping_pages_are_refused(cli: Callable[..., Result], pager: Pager) -> None:
    text = "SELECT DISTINCT ?s WHERE { ?s ?p ?o } ORDER BY ?s"
    done = cli("query", "--endpoint", pager.url("repeat"), "-e", text, "-f", "csv")
    line = one_error_line(done)
    assert done.exit_code == 2
    assert "overlap" in line and "ResultSetMaxRows" in line


def test_an_ask_is_never_cut(cli: Callable[..., Result], pager: Pager) -> None:
    done = cli("query", "--endpoint", pager.url("good"), "-e", "ASK { ?s ?p ?o }", "-f", "json")
    assert done.exit_code == 0, done.stderr
    assert "true" in done.stdout
