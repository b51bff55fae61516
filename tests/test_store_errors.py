"""Every way a store can fail gives one clear line and the documented exit code.

A small local HTTP server (127.0.0.1 only) plays a broken store: the first path segment
of the URL says how it misbehaves, e.g. ``http://127.0.0.1:PORT/500/store``.
"""

from __future__ import annotations

import base64
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote

import pytest
from click.testing import CliRunner, Result
from oxigraph_server import free_port

from csrgraph import store
from csrgraph.cli import main
from csrgraph.errors import QueryError, StoreError, UsageError
from csrgraph.sparql import engine

SECRET = "s3cr3t-Pa55-do-not-print"
COUNT_JSON = (
    b'{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"literal","value":"%d"}}]}}'
)
ASK_JSON = b'{"head":{},"boolean":%s}'
GRAPH_STORES = ("store", "gsp", "sparql-graph-crud-auth")
UPDATES = ("update", "sparql-auth")


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class FakeStore:
    """A store that misbehaves on purpose; it records every request it gets."""

    port: int
    requests: list[Seen] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    busy_left: int = 0
    stored: int = 0  # lines of the last upload: what a count answers
    short_counts: int = 0  # how many counts ("flaky") still answer half of what was stored
    # whether the target holds triples before the load (an ASK answers this); if it does, a
    # load goes through a temporary graph, else straight into the target
    target_held: bool = True
    held_after_failure: int = 0  # what a count answers after a failed upload ("cut" mode)

    def url(self, mode: str, endpoint: str = "store") -> str:
        return f"http://127.0.0.1:{self.port}/{mode}/{endpoint}"

    def updates(self) -> list[str]:
        forms = [
            parse_qs(r.body.decode())
            for r in self.requests
            if r.path.split("?")[0].rsplit("/", 1)[-1] in UPDATES
        ]
        return [form["update"][0] for form in forms if "update" in form]


def _handler(fake: FakeStore) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep the test output clean
            pass

        def _answer(self, status: int, body: bytes, content_type: str = "text/plain") -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if status == 401:
                self.send_header("WWW-Authenticate", 'Basic realm="store"')
            self.end_headers()
            self.wfile.write(body)

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            fake.requests.append(Seen(self.command, self.path, dict(self.headers), body))
            mode, _, rest = self.path.lstrip("/").partition("/")
            endpoint = rest.split("?")[0]
            asking = b"query=ASK+%7B+" in body  # the load asks: does the target hold triples?
            held = b"true" if fake.target_held else b"false"
            if mode == "cut" and endpoint == "query":  # it answers queries, cuts the rest
                if asking:
                    return self._answer(200, ASK_JSON % held, store.SPARQL_JSON)
                return self._answer(200, COUNT_JSON % fake.held_after_failure, store.SPARQL_JSON)
            if mode == "cut":  # the store takes the request and drops the connection
                self.close_connection = True
                return None
            if mode == "hang":
                fake.release.wait(10)
                return self._answer(200, b"late")
            if mode == "digest" and not self.headers.get("Authorization", "").startswith("Digest "):
                self.send_response(401)
                self.send_header(
                    "WWW-Authenticate", 'Digest realm="store", nonce="abc", qop="auth"'
                )
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            if asking:  # the modes misbehave on the load's requests after this question
                return self._answer(200, ASK_JSON % held, store.SPARQL_JSON)
            if mode == "echo":  # asks for Basic, then echoes the request: headers, credentials
                given = self.headers.get("Authorization", "")
                if not given:
                    return self._answer(401, b"who are you?")
                decoded = base64.b64decode(given.split()[-1]).decode() if "Basic" in given else ""
                echo = "".join(f"{k}: {v}\n" for k, v in self.headers.items())
                page = f"<html><pre>{echo}</pre> you are {decoded} ({unquote(decoded)})</html>"
                return self._answer(500, page.encode(), "text/html")
            if mode in ("401", "403", "404", "405", "413"):
                return self._answer(int(mode), b"no")
            if mode == "501":  # what python -m http.server answers to PUT and POST
                return self.send_error(501, f"Unsupported method ({self.command!r})")
            if mode == "500":
                # like many servers, it echoes the request line (and so the query string)
                echo = f"{self.command} {self.path}".encode()
                return self._answer(
                    500,
                    b"<html><body><h1>Internal error</h1> disk full " + echo + b" " + b"x" * 2000,
                )
            if mode == "busy" and fake.busy_left > 0:
                fake.busy_left -= 1
                return self._answer(503, b"busy, try again")
            if endpoint in GRAPH_STORES:
                fake.stored = body.count(b"\n")
                return self._answer(201, b"")
            if endpoint in UPDATES:
                return (
                    self._answer(204, b"")
                    if mode != "badswap"
                    else self._answer(400, b"no MOVE here")
                )
            if mode == "broken" and b"CONSTRUCT" in body:
                return self._answer(
                    200, b"<urn:x:a> <urn:x:b> <urn:x:c> .\nDisk on fire", store.N_TRIPLES
                )
            if mode == "broken":
                return self._answer(
                    200,
                    b'{"head":{"vars":["s"]},"results":{"bindings":[Disk on fire',
                    store.SPARQL_JSON,
                )
            if mode == "html":
                return self._answer(200, b"<html>a login page</html>", "text/html")
            stored = 0 if mode == "lossy" else fake.stored
            if mode == "flaky" and fake.short_counts > 0:
                fake.short_counts -= 1
                stored //= 2
            return self._answer(200, COUNT_JSON % stored, store.SPARQL_JSON)

        do_GET = do_POST = do_PUT = _handle

    return Handler


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeStore]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(FakeStore(0)))
    fake = FakeStore(server.server_address[1])
    server.RequestHandlerClass = _handler(fake)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield fake
    fake.release.set()
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _fresh(fake: FakeStore, monkeypatch: pytest.MonkeyPatch) -> None:
    fake.requests.clear()
    fake.busy_left = 0
    fake.stored = 0
    fake.short_counts = 0
    fake.target_held = True
    fake.held_after_failure = 0
    monkeypatch.setattr(store.http, "RETRY_DELAYS", (0.0, 0.0, 0.0))
    for name in (store.ENV_USER, store.ENV_PASSWORD, store.ENV_TOKEN):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NETRC", "/nonexistent/netrc")  # never read the tester's own ~/.netrc
    monkeypatch.setenv("NO_PROXY", "*")


def load(*args: str) -> Result:
    return CliRunner().invoke(
        main, ["load", "--no-validate", "--graph", "urn:x-test:g", *args], catch_exceptions=False
    )


def one_error_line(result: Result) -> str:
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


CASES = [
    ("401", 2, ["401 unauthorised", store.ENV_USER, store.ENV_PASSWORD, store.ENV_TOKEN]),
    ("403", 2, ["403 forbidden", store.ENV_USER]),
    ("404", 2, ["404 not found", "URL layout is probably wrong", "/rdf-graphs/service", "/ds/data",
                "/sparql-graph-crud-auth", "/store"]),
    ("413", 1, ["413", "too large"]),
    ("500", 2, ["failed with 500", "Internal error disk full", "…"]),
    ("html", 2, ["did not answer with application/sparql-results+json", "text/html"]),
    ("badswap", 1, ["refused POST", "400", "no MOVE here"]),
]  # fmt: skip


def test_the_failure_cases_are_all_there() -> None:
    assert len(CASES) == 7


@pytest.mark.parametrize(("mode", "code", "words"), CASES, ids=[c[0] for c in CASES])
def test_a_failing_store_gives_one_line_and_the_exit_code(
    fake: FakeStore, mode: str, code: int, words: list[str]
) -> None:
    result = load("--store", fake.url(mode))
    assert result.exit_code == code, result.output
    line = one_error_line(result)
    for word in words:
        assert word in line
    assert len(line) < 1000


def test_a_long_server_message_is_cut(fake: FakeStore) -> None:
    line = one_error_line(load("--store", fake.url("500")))
    assert "x" * 400 not in line


def test_nothing_reaches_the_target_before_the_upload_is_checked(fake: FakeStore) -> None:
    result = load("--store", fake.url("html"))
    assert result.exit_code == 2
    assert [r.method for r in fake.requests] == ["POST", "PUT", "POST", "POST"]
    put = fake.requests[1]
    assert "graph=urn%3Auuid%3A" in put.path
    assert put.headers["Content-Type"] == "application/n-triples"
    # the only update is the clean-up of the temporary graph: no MOVE ever went out
    (update,) = fake.updates()
    assert update.startswith("DROP SILENT GRAPH <urn:uuid:")


def test_a_refused_swap_cleans_up_the_temporary_graph(fake: FakeStore) -> None:
    load("--store", fake.url("badswap"))
    swap, cleanup = fake.updates()
    assert swap.startswith("MOVE GRAPH <urn:uuid:") and swap.endswith("TO GRAPH <urn:x-test:g>")
    assert cleanup == swap.split(" TO ")[0].replace("MOVE GRAPH", "DROP SILENT GRAPH")


def test_a_store_that_never_answers_times_out(fake: FakeStore) -> None:
    result = load("--store", fake.url("hang"), "--timeout", "0.3")
    assert result.exit_code == 2
    line = one_error_line(result)
    assert "no answer from" in line and "within 0.3 s" in line and "--timeout" in line


LEFT_BEHIND = "may be left in the store"


def test_connection_refused(fake: FakeStore) -> None:
    port = free_port()
    result = load("--store", f"http://127.0.0.1:{port}/store")
    assert result.exit_code == 2
    line = one_error_line(result)
    assert "connection refused" in line
    # nothing reached a store, so there is no temporary graph to speak of
    assert LEFT_BEHIND not in line and "DROP SILENT" not in line


def test_dns_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_dns(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)  # no query leaves the machine
    result = load("--store", "http://store.invalid/store")
    assert result.exit_code == 2
    line = one_error_line(result)
    assert "cannot resolve the host name 'store.invalid'" in line
    assert LEFT_BEHIND not in line and "DROP SILENT" not in line


def test_a_refused_upload_leaves_nothing_to_clean_up(fake: FakeStore) -> None:
    line = one_error_line(load("--store", fake.url("413")))
    assert LEFT_BEHIND not in line
    assert fake.updates() == []  # a 4xx answer created nothing: no DROP was needed


@pytest.mark.parametrize("mode", ["405", "501"])
def test_an_unsupported_upload_leaves_nothing_to_clean_up(fake: FakeStore, mode: str) -> None:
    """405 and 501 say the store does not do PUT there: nothing was created, nothing to drop."""
    result = load("--store", fake.url(mode))
    assert result.exit_code == 2
    line = one_error_line(result)
    assert mode in line and "PUT" in line
    assert LEFT_BEHIND not in line and "DROP SILENT" not in line
    assert [r.method for r in fake.requests] == ["POST", "PUT"]  # the question, the upload


def test_an_html_error_page_is_flattened_without_repeats(fake: FakeStore) -> None:
    line = one_error_line(load("--store", fake.url("501")))
    assert line.endswith(
        ": Error response Error code: 501 Message: Unsupported method ('PUT'). "
        "Error code explanation: 501 - Server does not support this operation."
    ), line
    assert line.count("Error response") == 1


def test_python_http_server_as_a_store(tmp_path: Path) -> None:
    """The real thing: ``python -m http.server`` answers 501 to PUT."""
    from functools import partial
    from http.server import SimpleHTTPRequestHandler

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        result = load("--store", f"http://127.0.0.1:{server.server_address[1]}/store")
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 2
    line = one_error_line(result)
    assert "501" in line and line.count("Error response") == 1
    assert LEFT_BEHIND not in line and "DROP SILENT" not in line
    assert list(tmp_path.iterdir()) == []


def test_a_cut_upload_names_the_temporary_graph_it_could_not_drop(fake: FakeStore) -> None:
    result = load("--store", fake.url("cut"))
    assert result.exit_code == 2
    line = one_error_line(result)
    assert "connection to" in line and "was lost" in line
    (drop,) = fake.updates()  # the clean-up was tried, and the store cut that off too
    temporary = drop.removeprefix("DROP SILENT GRAPH ")
    assert temporary.startswith("<urn:uuid:")
    assert f"the temporary graph {temporary} {LEFT_BEHIND}" in line
    assert line.endswith(f"remove it with {drop}")


def test_a_clean_up_that_cannot_connect_still_names_the_temporary_graph(
    fake: FakeStore,
) -> None:
    """The upload reached the store; the DROP did not: the graph may be there, say so."""
    refused = f"http://127.0.0.1:{free_port()}/update"
    result = load(
        "--store", fake.url("cut"), "--query-endpoint", fake.url("ok", "sparql"),
        "--update-endpoint", refused,
    )  # fmt: skip
    line = one_error_line(result)
    assert "was lost" in line and LEFT_BEHIND in line


@pytest.mark.parametrize("mode", ["401", "403", "404", "500", "html"])
def test_secrets_are_sent_but_never_printed(
    fake: FakeStore, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    monkeypatch.setenv(store.ENV_USER, "loader")
    monkeypatch.setenv(store.ENV_PASSWORD, SECRET)
    url = fake.url(mode).replace("://", f"://someone:{SECRET}-in-url@")
    result = load("--store", url)
    assert result.exit_code != 0
    assert SECRET not in result.output and SECRET not in result.stderr
    expected = "Basic " + base64.b64encode(f"loader:{SECRET}".encode()).decode()
    sent = [r.headers.get("Authorization") for r in fake.requests]
    assert sent[0] is None  # nothing goes out before the store asks
    # only a store that asks (401 with a Basic challenge) gets them
    assert (expected in sent) == (mode == "401"), sent


def test_a_refused_token_names_its_variable(
    fake: FakeStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(store.ENV_TOKEN, SECRET)
    result = load("--store", fake.url("401"))
    line = one_error_line(result)
    assert store.ENV_TOKEN in line and SECRET not in result.output
    assert fake.requests[0].headers["Authorization"] == f"Bearer {SECRET}"


def test_a_busy_store_is_retried_for_safe_requests(fake: FakeStore) -> None:
    fake.busy_left = 2
    result = load("--store", fake.url("busy"))
    assert result.exit_code == 0, result.output
    assert [r.method for r in fake.requests[1:4]] == ["PUT", "PUT", "PUT"]


def test_an_update_is_never_retried(fake: FakeStore) -> None:
    fake.busy_left = 1
    with pytest.raises(StoreError, match="503"):
        store.sparql_update(fake.url("busy", "update"), "DROP SILENT GRAPH <urn:x-test:g>")
    assert len(fake.requests) == 1


def test_bad_data_sends_nothing(fake: FakeStore, tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <urn:x-test:> .\nex:a ex:b .\n", encoding="utf-8")
    result = load("--store", fake.url("ok"), "--data", str(broken))
    assert result.exit_code == 2
    assert one_error_line(result).startswith(f"Error: {broken}:2:")
    assert fake.requests == []


def test_an_unknown_layout_asks_for_the_endpoints(fake: FakeStore) -> None:
    result = load("--store", f"http://127.0.0.1:{fake.port}/somewhere")
    assert result.exit_code == 2
    line = one_error_line(result)
    assert "--query-endpoint" in line and "--update-endpoint" in line
    assert fake.requests == []


def test_given_endpoints_are_used(fake: FakeStore) -> None:
    result = load(
        "--store", f"http://127.0.0.1:{fake.port}/ok/gsp",
        "--query-endpoint", fake.url("ok", "sparql"),
        "--update-endpoint", fake.url("ok", "update"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    paths = [r.path.split("?")[0] for r in fake.requests]
    assert paths == ["/ok/sparql", "/ok/gsp", "/ok/sparql", "/ok/update", "/ok/sparql"]


def test_a_store_that_loses_triples_is_caught_before_the_swap(fake: FakeStore) -> None:
    result = load("--store", fake.url("lossy"))
    assert result.exit_code == 2
    line = one_error_line(result)
    assert "kept 0 of the" in line and "after 2 uploads" in line
    assert "target graph was not touched" in line and "load again" in line
    assert [r.method for r in fake.requests].count("PUT") == 2
    (cleanup,) = fake.updates()
    assert cleanup.startswith("DROP SILENT GRAPH <urn:uuid:")


def test_a_temporary_graph_short_once_is_uploaded_again(fake: FakeStore) -> None:
    fake.short_counts = 1
    result = load("--store", fake.url("flaky"))
    assert result.exit_code == 0, result.output
    assert [r.method for r in fake.requests].count("PUT") == 2
    (swap,) = fake.updates()
    assert swap.startswith("MOVE GRAPH <urn:uuid:")


@pytest.mark.parametrize(
    "args",
    [
        ["--store", "http://127.0.0.1:1/store"],  # neither --graph nor --default-graph
        ["--store", "ftp://127.0.0.1/store", "--default-graph"],
        ["--store", "http://127.0.0.1:1/store", "--graph", "not an iri"],
        ["--store", "http://127.0.0.1:1/store", "--graph", "urn:x:g", "--default-graph"],
    ],
)
def test_usage_errors(args: list[str]) -> None:
    result = CliRunner().invoke(main, ["load", "--no-validate", *args])
    assert result.exit_code == 2
    one_error_line(result)


@pytest.mark.parametrize(
    ("store_url", "query", "update"),
    [
        ("http://h:7878/store", "http://h:7878/query", "http://h:7878/update"),
        ("http://h:3030/ds/data", "http://h:3030/ds/query", "http://h:3030/ds/update"),
        (
            "http://h:7200/repositories/esco/rdf-graphs/service",
            "http://h:7200/repositories/esco",
            "http://h:7200/repositories/esco/statements",
        ),
        (
            "http://h:8890/sparql-graph-crud-auth",
            "http://h:8890/sparql",
            "http://h:8890/sparql-auth",
        ),
        ("http://h:8890/sparql-graph-crud", "http://h:8890/sparql", "http://h:8890/sparql"),
    ],
)
def test_endpoints_are_derived_for_the_known_layouts(
    store_url: str, query: str, update: str
) -> None:
    assert store.endpoints_for(store_url) == store.Endpoints(store_url, query, update)


def test_a_query_endpoint_that_answers_html(fake: FakeStore) -> None:
    with pytest.raises(StoreError, match="did not answer with application/sparql-results"):
        engine.send(fake.url("html", "query"), "SELECT * WHERE { ?s ?p ?o }")


def test_sparql_query_refuses_updates_and_bad_syntax(fake: FakeStore) -> None:
    with pytest.raises(QueryError, match="read-only"):
        engine.send(fake.url("ok", "query"), "PREFIX x: <urn:x:> DELETE WHERE { ?s ?p ?o }")
    # the form is read from the tokens (nothing is evaluated here): no form, no request; a
    # malformed query with a form is the endpoint's to report
    with pytest.raises(QueryError, match=r"not a SPARQL query"):
        engine.send(fake.url("ok", "query"), "WHERE { }")
    with pytest.raises(UsageError):
        engine.send("file:///etc/passwd", "ASK {}")
    assert fake.requests == []


@pytest.mark.parametrize(
    "query", ["SELECT ?s WHERE { ?s ?p ?o }", "CONSTRUCT WHERE { ?s ?p ?o }"], ids=["json", "nt"]
)
def test_an_answer_that_breaks_off_is_refused(fake: FakeStore, query: str) -> None:
    with pytest.raises(StoreError, match=r"broke off after .* the store said: Disk on fire"):
        engine.send(fake.url("broken", "query"), query)


def test_netrc_gives_the_credentials(
    fake: FakeStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login fromnetrc password {SECRET}\n", encoding="utf-8")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    result = load("--store", fake.url("401"))
    assert SECRET not in result.output
    expected = "Basic " + base64.b64encode(f"fromnetrc:{SECRET}".encode()).decode()
    sent = [r.headers.get("Authorization") for r in fake.requests]
    assert sent[0] is None and expected in sent, sent  # sent once the store asked
    assert "~/.netrc were refused" in one_error_line(result)


def test_digest_when_the_store_asks_for_it(
    fake: FakeStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(store.ENV_USER, "dba")
    monkeypatch.setenv(store.ENV_PASSWORD, SECRET)
    result = load("--store", fake.url("digest", "sparql-graph-crud-auth"), "--timeout", "10")
    assert result.exit_code == 0, result.output
    assert "Authorization" not in fake.requests[0].headers  # no Basic the store did not ask for
    assert not [r for r in fake.requests if r.headers.get("Authorization", "").startswith("Basic")]
    answered = [r for r in fake.requests if r.headers.get("Authorization", "").startswith("Digest")]
    assert answered and answered[0].headers["Authorization"].startswith('Digest username="dba"')
    # the scheme is learnt on a GET of the (empty) temporary graph, before the upload (the
    # POST between them asks whether the target holds triples)
    assert [r.method for r in answered[:3]] == ["GET", "POST", "PUT"]
    assert answered[2].body.count(b"\n") == fake.stored > 0
    assert all(r.body == b"" for r in fake.requests if r.method == "PUT" and r not in answered)
    assert SECRET not in answered[0].headers["Authorization"]


def test_certificates_are_verified() -> None:
    assert store.http.session("https://db.example/").verify is True


TOKEN = "tok-9f8e7d6c5b4a"


def _with_token(url: str, name: str = "token") -> str:
    return f"{url}?{name}={TOKEN}&default-graph-uri=urn%3Ax-test%3Ag"


SECRET_MODES = ("refused", "401", "404", "500")


def _token_url(fake: FakeStore, mode: str, endpoint: str) -> str:
    if mode == "refused":
        return _with_token(f"http://127.0.0.1:{free_port()}/{endpoint}")
    return _with_token(fake.url(mode, endpoint))


def test_the_secret_modes_are_all_there() -> None:
    assert len(SECRET_MODES) == 4
    assert len(store.SECRET_PARAMETERS) == 11


def _assert_secret_kept(result: Result, fake: FakeStore, mode: str) -> None:
    assert result.exit_code != 0, result.output
    line = one_error_line(result)
    assert TOKEN not in result.stdout and TOKEN not in result.stderr
    assert "token=***" in line  # the URL is still shown, with the value blanked
    if mode != "refused":  # the token did go to the store, where it belongs
        assert any(TOKEN in r.path for r in fake.requests)


@pytest.mark.parametrize("mode", SECRET_MODES)
def test_a_token_in_the_store_url_is_never_printed(fake: FakeStore, mode: str) -> None:
    _assert_secret_kept(load("--store", _token_url(fake, mode, "store")), fake, mode)


@pytest.mark.parametrize("mode", SECRET_MODES)
def test_a_token_in_the_update_endpoint_is_never_printed(fake: FakeStore, mode: str) -> None:
    result = load(
        "--store", fake.url("ok", "gsp"), "--query-endpoint", fake.url("ok", "sparql"),
        "--update-endpoint", _token_url(fake, mode, "update"),
    )  # fmt: skip
    _assert_secret_kept(result, fake, mode)


@pytest.mark.parametrize("mode", SECRET_MODES)
def test_a_token_in_the_query_endpoint_is_never_printed(fake: FakeStore, mode: str) -> None:
    result = CliRunner().invoke(
        main,
        ["query", "occupation", "--endpoint", _token_url(fake, mode, "query")],
        catch_exceptions=False,
    )
    _assert_secret_kept(result, fake, mode)


@pytest.mark.parametrize("name", [*sorted(store.SECRET_PARAMETERS), "X-Api-Key", "auth_token"])
def test_redact_blanks_every_credential_parameter(name: str) -> None:
    url = "https://u:pw@db.example/sparql?" + f"a=1&{name}={TOKEN}&b=2#frag"
    assert store.redact(url) == f"https://db.example/sparql?a=1&{name}=***&b=2#frag"


@pytest.mark.parametrize(
    "url", ["http://[::1/q?token=" + TOKEN, "http://h:port/q?api_key=" + TOKEN]
)
def test_a_malformed_url_with_a_token_is_one_usage_line(url: str) -> None:
    with pytest.raises(UsageError) as caught:
        store.endpoints_for(url)
    assert TOKEN not in str(caught.value) and "***" in str(caught.value)


def test_other_parameters_are_kept() -> None:
    url = "http://h/q?default-graph-uri=urn:g&keyword=x&token="
    assert store.redact(url) == url


@pytest.mark.parametrize("check", ["--validate", "--no-validate"])
def test_each_file_is_parsed_once_by_each_library(
    fake: FakeStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, check: str
) -> None:
    import pyoxigraph
    import rdflib

    from csrgraph.graph import load as graph
    from csrgraph.resources import graph_files, shapes_files

    extra = tmp_path / "extra.nt"
    extra.write_text('<urn:x-test:a> <urn:x-test:says> "one" .\n', encoding="utf-8")
    parsed: list[bytes] = []
    real_parse = pyoxigraph.parse

    def counting_parse(data: bytes, *args: object, **kwargs: object) -> object:
        parsed.append(data)
        return real_parse(data, *args, **kwargs)

    def no_rdflib_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("rdflib parsed a file: pyoxigraph parses, rdflib gets a copy")

    monkeypatch.setattr(pyoxigraph, "parse", counting_parse)
    monkeypatch.setattr(rdflib.Graph, "parse", no_rdflib_parse)
    graph._bundled.cache_clear()  # parse the bundled files in this test, not in an earlier one
    result = CliRunner().invoke(
        main,
        ["load", check, "--graph", "urn:x-test:g", "--store", fake.url("ok"), "--data", str(extra)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    files = [*graph_files(), extra] + (list(shapes_files()) if check == "--validate" else [])
    assert len(files) >= 4
    contents = [path.read_bytes() for path in files]
    # each file once; validation also reads its in-memory N-Triples copy of the graph once, to
    # note literals a store would give another datatype (csrgraph.graph.literals)
    assert sorted(p for p in parsed if p in contents) == sorted(contents)
    assert len(parsed) - len(contents) == (1 if check == "--validate" else 0)


#: A password with characters a URL must percent-encode, in its plain and encoded forms.
ODD_SECRET = "p@ss:w/rd%20" + SECRET
SECRET_FORMS = [
    ODD_SECRET,
    quote(ODD_SECRET, safe=""),
    base64.b64encode(ODD_SECRET.encode()).decode(),
]


def _no_secret_in(text: str) -> None:
    for form in [*SECRET_FORMS, SECRET]:
        assert form not in text, form
    assert "Basic " not in text.replace("Basic realm", "")  # no echoed Authorization value


@pytest.mark.parametrize("source", ["environment", "url", "netrc"])
@pytest.mark.parametrize("command", ["load", "query"])
def test_a_store_echoing_the_request_prints_no_form_of_a_secret(
    fake: FakeStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, source: str, command: str
) -> None:
    endpoint = "store" if command == "load" else "query"
    url = fake.url("echo", endpoint)
    if source == "environment":
        monkeypatch.setenv(store.ENV_USER, "loader")
        monkeypatch.setenv(store.ENV_PASSWORD, ODD_SECRET)
    elif source == "url":
        url = url.replace("://", f"://loader:{quote(ODD_SECRET, safe='')}@")
    else:
        netrc = tmp_path / "netrc"
        netrc.write_text(f"machine 127.0.0.1 login loader password {ODD_SECRET}\n")
        netrc.chmod(0o600)
        monkeypatch.setenv("NETRC", str(netrc))
    if command == "load":
        result = load("--store", url)
    else:
        result = CliRunner().invoke(
            main, ["query", "-e", "ASK {}", "--endpoint", url], catch_exceptions=False
        )
    line = one_error_line(result)
    assert "failed with 500" in line and "Authorization: ***" in line, line
    _no_secret_in(result.output + result.stderr)
    sent = [r.headers.get("Authorization", "") for r in fake.requests]
    assert any(s.startswith("Basic ") for s in sent)  # the credentials did go, when asked


def test_scrub_blanks_every_form() -> None:
    url = f"http://loader:{quote(ODD_SECRET, safe='')}@db.example/store"
    text = " ".join([*SECRET_FORMS, "Authorization: Bearer abc.def", "keep this"])
    scrubbed = store.scrub(text, url)
    _no_secret_in(scrubbed)
    assert "abc.def" not in scrubbed and scrubbed.endswith("keep this")


# An empty target takes the upload itself; one that holds triples gets it through a temporary
# graph (the fake answers the load's ASK with ``target_held``).


@pytest.mark.parametrize("how", [[], ["--append"]], ids=["replace", "append"])
def test_an_empty_target_takes_the_upload_without_a_temporary_graph(
    fake: FakeStore, how: list[str]
) -> None:
    fake.target_held = False
    result = load("--store", fake.url("ok"), *how)
    assert result.exit_code == 0, result.output
    assert [r.method for r in fake.requests] == ["POST", "POST", "POST", "POST"]
    upload = fake.requests[1]
    assert upload.path.startswith("/ok/store?") and "graph=urn%3Ax-test%3Ag" in upload.path
    assert "no_transaction" in upload.path  # Oxigraph's bulk loader, as for a temporary graph
    assert upload.body.count(b"\n") == fake.stored > 0
    assert not [r for r in fake.requests if b"urn%3Auuid" in r.body or "uuid" in r.path]
    assert fake.updates() == []  # no MOVE, no ADD, no DROP


@pytest.mark.parametrize("how", [[], ["--append"]], ids=["replace", "append"])
def test_a_target_with_triples_still_gets_them_through_a_temporary_graph(
    fake: FakeStore, how: list[str]
) -> None:
    result = load("--store", fake.url("ok"), *how)
    assert result.exit_code == 0, result.output
    assert [r.method for r in fake.requests] == ["POST", "PUT", "POST", "POST", "POST"]
    assert "graph=urn%3Auuid%3A" in fake.requests[1].path
    (swap,) = fake.updates()
    assert swap.startswith("ADD GRAPH <urn:uuid:" if how else "MOVE GRAPH <urn:uuid:")


def test_a_failed_upload_into_an_empty_target_empties_it_again(fake: FakeStore) -> None:
    fake.target_held = False
    result = load(
        "--store", fake.url("cut"), "--update-endpoint", fake.url("ok", "update"),
    )  # fmt: skip
    line = one_error_line(result)
    assert result.exit_code == 2 and "was lost" in line
    assert fake.updates() == ["DROP SILENT GRAPH <urn:x-test:g>"]
    assert "the target graph <urn:x-test:g>, empty before this load, was emptied again" in line
    assert "urn:uuid" not in line


def test_an_empty_target_that_stays_short_is_emptied_again(fake: FakeStore) -> None:
    fake.target_held = False
    result = load("--store", fake.url("lossy"))
    line = one_error_line(result)
    assert "kept 0 of the" in line and "sent to the target graph, after 2 uploads" in line
    assert [r.method for r in fake.requests].count("POST") > 2
    assert fake.updates() == ["DROP SILENT GRAPH <urn:x-test:g>"]
    assert line.endswith("empty before this load, was emptied again")


def test_a_failed_upload_into_an_empty_target_is_left_if_another_client_wrote(
    fake: FakeStore,
) -> None:
    """More triples than were sent: someone else writes there too; their triples stay."""
    fake.target_held = False
    fake.held_after_failure = 10**9
    result = load(
        "--store", fake.url("cut"), "--update-endpoint", fake.url("ok", "update"),
    )  # fmt: skip
    line = one_error_line(result)
    assert fake.updates() == []  # no DROP
    assert "another client is writing into it, so it was left as it is" in line


def test_an_empty_target_whose_clean_up_fails_is_named_with_its_drop(fake: FakeStore) -> None:
    fake.target_held = False
    line = one_error_line(load("--store", fake.url("cut")))
    assert fake.updates() == ["DROP SILENT GRAPH <urn:x-test:g>"]  # tried; the store cut it
    assert line.endswith(
        "the target graph <urn:x-test:g>, empty before this load, may hold a part of the "
        "upload: remove it with DROP SILENT GRAPH <urn:x-test:g>"
    )


def test_a_refused_upload_into_an_empty_target_drops_nothing(fake: FakeStore) -> None:
    fake.target_held = False
    line = one_error_line(load("--store", fake.url("413")))
    assert "413" in line and "empty before" not in line
    assert fake.updates() == []
