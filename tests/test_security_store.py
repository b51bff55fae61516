"""Hostile stores and hostile arguments: credentials, redaction, answers, library checks.

Issue 18, items 2-4: credentials stay with the origin the user named (a redirect to another
port never gets them, in any scheme, from any source, in any command); secrets are blanked
in every spelling a server may echo them in, before anything is cut; the answer of a store
is read within a size and a wall-clock bound; the library refuses what the CLI refuses.
Loopback servers only; every server loop is bounded in time.
"""

from __future__ import annotations

import base64
import html
import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csrgraph import store
from csrgraph.cli import main
from csrgraph.errors import StoreError, UsageError
from csrgraph.sparql import engine, run_query
from csrgraph.store.redaction import WITHHELD, server_text

SECRET = "Zq9 s3cr3t-value"
ASK_JSON = b'{"head":{},"boolean":true}'


@dataclass
class Hostile:
    """Two loopback servers: ``port`` misbehaves by path, ``other`` asks for credentials."""

    port: int = 0
    other: int = 0
    seen: list[tuple[int, str, str]] = field(default_factory=list)  # port, path, Authorization
    echo: bytes = b""  # what /echo answers with (in a 500)
    stop: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def authorizations(self, port: int) -> list[str]:
        return [auth for seen_port, _, auth in self.seen if seen_port == port and auth]


def _handler(hostile: Hostile) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def _send(self, status: int, body: bytes, kind: str = "text/plain", **extra: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in extra.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            self.wfile.write(body)

        def _drip(self, head: bytes, body: bytes) -> None:
            """Send ``head`` at once, then ``body`` one byte each 0.2 s (for 15 s at most)."""
            self.wfile.write(head)
            self.wfile.flush()
            deadline = time.monotonic() + 15
            for byte in body:
                if hostile.stop.is_set() or time.monotonic() > deadline:
                    return
                try:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.2)

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            port = self.server.server_address[1]
            given = self.headers.get("Authorization", "")
            hostile.seen.append((port, self.path, given))
            path = self.path.lstrip("/").split("?")[0]
            if port == hostile.other:  # the other origin: asks for credentials, in any scheme
                scheme = path.split("/")[0] or "basic"
                challenge = {
                    "basic": 'Basic realm="x"',
                    "digest": 'Digest realm="x", nonce="abc", qop="auth"',
                }.get(scheme, 'Basic realm="x"')
                return self._send(401, b"who?", WWW_Authenticate=challenge)
            mode, _, rest = path.partition("/")
            if mode == "away":  # 307 to the other port: another origin
                target = f"http://127.0.0.1:{hostile.other}/{rest}"
                return self._send(307, b"", Location=target)
            if mode == "here":  # 307 to this origin, where Basic is asked for
                return self._send(307, b"", Location=f"/guarded/{rest}")
            if mode == "guarded":
                if not given.startswith("Basic "):
                    return self._send(401, b"who?", WWW_Authenticate='Basic realm="x"')
                return self._send(200, ASK_JSON, store.SPARQL_JSON)
            if mode == "echo":
                return self._send(500, hostile.echo)
            if mode == "drip-body":
                head = (
                    f"HTTP/1.1 200 OK\r\nContent-Type: {store.SPARQL_JSON}\r\n"
                    "Content-Length: 1000\r\n\r\n"
                ).encode()
                return self._drip(head, b" " * 1000)
            if mode == "drip-head":
                return self._drip(b"HTTP/1.1 200 OK\r\n", b"X-Slow: " + b"a" * 1000)
            if mode == "huge":  # chunked, no length: 3 MiB of a results document
                self.send_response(200)
                self.send_header("Content-Type", store.SPARQL_JSON)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                block = b" " * (1 << 16)
                try:
                    for _ in range(48):
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(block), block))
                    self.wfile.write(b"0\r\n\r\n")
                except OSError:
                    pass
                return None
            if mode == "huge-declared":  # says 400 MiB, sends little
                self.send_response(200)
                self.send_header("Content-Type", store.SPARQL_JSON)
                self.send_header("Content-Length", str(400 << 20))
                self.end_headers()
                self.wfile.write(b"{" + b" " * 1000)
                self.close_connection = True
                return None
            return self._send(404, b"no")

        do_GET = do_POST = do_PUT = _handle

    return Handler


class _Quiet(ThreadingHTTPServer):
    """A server that keeps a client hanging up on it out of the command's stderr."""

    def handle_error(self, request: object, client_address: object) -> None:
        pass


def _serve(hostile: Hostile) -> Iterator[ThreadingHTTPServer]:
    server = _Quiet(("127.0.0.1", 0), _handler(hostile))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def hostile() -> Iterator[Hostile]:
    made = Hostile()
    one, two = _serve(made), _serve(made)
    made.port = next(one).server_address[1]
    made.other = next(two).server_address[1]
    yield made
    made.stop.set()
    for running in (one, two):
        next(running, None)


@pytest.fixture(autouse=True)
def _clean(hostile: Hostile, monkeypatch: pytest.MonkeyPatch) -> None:
    hostile.seen.clear()
    monkeypatch.setattr(store.http, "RETRY_DELAYS", (0.0, 0.0, 0.0))
    for name in (store.ENV_USER, store.ENV_PASSWORD, store.ENV_TOKEN):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NETRC", "/nonexistent/netrc")
    monkeypatch.setenv("NO_PROXY", "*")


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _one_error(result: Result) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.output + result.stderr
    return lines[0]


# -- credentials never leave the origin -------------------------------------------------------

SOURCES = ("environment", "url", "netrc", "token")
SCHEMES = ("auto", "basic", "digest")


def _credentials(source: str, url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    if source == "environment":
        monkeypatch.setenv(store.ENV_USER, "loader")
        monkeypatch.setenv(store.ENV_PASSWORD, SECRET)
    elif source == "token":
        monkeypatch.setenv(store.ENV_TOKEN, SECRET)
    elif source == "url":
        url = url.replace("://", f"://loader:{quote(SECRET, safe='')}@")
    else:
        netrc = tmp_path / "netrc"
        netrc.write_text(f"machine 127.0.0.1 login loader password {quote(SECRET)}\n")
        netrc.chmod(0o600)
        monkeypatch.setenv("NETRC", str(netrc))
    return url


def test_the_redirect_cases_are_all_there() -> None:
    assert len(SOURCES) * len(SCHEMES) * 2 == 24


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("command", ["load", "query"])
def test_a_redirect_to_another_origin_gets_no_credentials(
    hostile: Hostile,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    command: str,
    source: str,
    scheme: str,
) -> None:
    challenge = "digest" if scheme == "digest" else "basic"
    if command == "load":
        url = _credentials(source, hostile.url(f"away/{challenge}/store"), monkeypatch, tmp_path)
        result = _run(
            "load", "--no-validate", "--graph", "urn:x:g", "--auth", scheme, "--store", url
        )
    else:
        url = _credentials(source, hostile.url(f"away/{challenge}/query"), monkeypatch, tmp_path)
        result = _run("query", "-e", "ASK {}", "--endpoint", url, "--auth", scheme)
    assert hostile.authorizations(hostile.other) == []
    assert not [seen for seen in hostile.seen if seen[0] == hostile.other]  # nothing went there
    line = _one_error(result)
    assert "redirected to" in line and "another origin" in line, line
    assert result.exit_code == 2
    assert SECRET not in result.output + result.stderr


def test_a_redirect_within_the_origin_keeps_the_credentials(
    hostile: Hostile, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(store.ENV_USER, "loader")
    monkeypatch.setenv(store.ENV_PASSWORD, SECRET)
    result = _run("query", "-e", "ASK {}", "--endpoint", hostile.url("here/query"), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["boolean"] is True
    assert hostile.authorizations(hostile.port)  # answered the same origin's challenge


def test_the_library_refuses_the_redirect_too(
    hostile: Hostile, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(store.ENV_TOKEN, SECRET)
    with pytest.raises(StoreError, match="another origin"):
        store.count_triples(hostile.url("away/basic/query"))
    assert hostile.authorizations(hostile.other) == []


# -- redaction ---------------------------------------------------------------------------------


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _lower_hex(encoded: str) -> str:
    return re.sub("%[0-9A-F]{2}", lambda m: m[0].lower(), encoded)


def _json_escaped(secret: str) -> str:
    return json.dumps(secret)[1:-1]


#: How a store may echo a secret back: (name, the secret, its echo).
ECHOES: list[tuple[str, str, Callable[[str], str]]] = [
    ("short", "ab1", lambda s: "user ab1 refused"),
    ("double spaces", "pa  ss  word", lambda s: f"bad password {s}."),
    ("cut at 300", "Zq9-secret-value", lambda s: "x" * 290 + s),
    ("json quote and backslash", 'pass"word\\back', lambda s: f'{{"given": "{_json_escaped(s)}"}}'),
    ("json unicode", "pässwörd", lambda s: json.dumps({"given": s})),
    ("url-encoded", "p&ss w/rd?", lambda s: f"GET /q?password={quote(s, safe='')} failed"),
    ("lower-case url-encoding", "pässw rd", lambda s: _lower_hex(quote(s, safe="")) + " no"),
    ("basic header echoed", "hunter22", lambda s: "got " + _b64(f"loader:{s}")),
    ("base64 alone", "hunter22", lambda s: "got " + _b64(s)),
    ("xml-escaped", "p<a>&ss'", lambda s: f"<error>{html.escape(s)}</error>"),
    ("numeric xml", "p<a>&ss", lambda s: "<e>" + "".join(f"&#{ord(c)};" for c in s) + "</e>"),
    ("newline inside", "two words", lambda s: s.replace(" ", "\n   ")),
]  # fmt: skip


def test_the_echo_cases_are_all_there() -> None:
    assert len(ECHOES) == 12


@pytest.mark.parametrize(("name", "secret", "echo"), ECHOES, ids=[e[0] for e in ECHOES])
def test_a_store_echoing_a_secret_in_any_spelling_prints_none_of_it(
    hostile: Hostile,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    secret: str,
    echo: Callable[[str], str],
) -> None:
    monkeypatch.setenv(store.ENV_USER, "loader")
    monkeypatch.setenv(store.ENV_PASSWORD, secret)
    hostile.echo = echo(secret).encode()
    result = _run("query", "-e", "ASK {}", "--endpoint", hostile.url("echo/query"))
    line = _one_error(result)
    assert "failed with 500" in line
    shown = line.split("): ", 1)[1]
    assert secret not in shown and " ".join(secret.split()) not in shown
    assert echo(secret) not in shown
    if len(secret) >= 8:
        assert secret[:5] not in shown, shown  # not even the start of a cut secret


def test_a_message_without_secrets_is_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(store.ENV_PASSWORD, SECRET)
    assert server_text("disk   full", "http://h/x") == "disk full"


#: A store echoing the password with characters that hide it from a plain comparison.
DISGUISED = 'Ab?>x y~Q"z'
DISGUISES: list[tuple[str, Callable[[str], str]]] = [
    ("colour reset inside", lambda s: s.replace(" ", "\x1b[0m ")),
    ("osc inside", lambda s: s[:3] + "\x1b]0;t\x07" + s[3:]),
    ("soft hyphen inside", lambda s: s[:4] + "\u00ad" + s[4:]),
    ("zero-width after each", lambda s: "".join(c + "\u200b" for c in s)),
    ("upper case", str.upper),
    ("lower-case hex, lower case", lambda s: _lower_hex(quote(s, safe="")).lower()),
    ("hex dump", lambda s: s.encode().hex()),
    ("backslash-x escapes", lambda s: "".join(f"\\x{b:02x}" for b in s.encode())),
    ("spaced out", lambda s: " ".join(s)),
]


def test_the_disguise_cases_are_all_there() -> None:
    assert len(DISGUISES) == 9


@pytest.mark.parametrize(("name", "echo"), DISGUISES, ids=[d[0] for d in DISGUISES])
def test_a_secret_disguised_by_invisible_characters_is_not_shown(
    hostile: Hostile, monkeypatch: pytest.MonkeyPatch, name: str, echo: Callable[[str], str]
) -> None:
    monkeypatch.setenv(store.ENV_USER, "alice")
    monkeypatch.setenv(store.ENV_PASSWORD, DISGUISED)
    hostile.echo = ("refused: " + echo(DISGUISED) + " end").encode()
    line = _one_error(_run("query", "-e", "ASK {}", "--endpoint", hostile.url("echo/query")))
    shown = line.split("): ", 1)[1]
    readable = re.sub(r"\x1b(?:\][^\x07]*\x07|\[[0-9;]*m)", "", unquote(shown))
    readable = re.sub(r"[\s\x00-\x1f\x7f-\x9f\u00ad\u200b]", "", readable).casefold()
    assert DISGUISED.replace(" ", "").casefold() not in readable, shown
    assert DISGUISED.encode().hex() not in shown.lower()
    assert "\\x41\\x62" not in shown.lower(), shown


_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=80)
_SPELLINGS: list[Callable[[str], str]] = [
    lambda s: s,
    lambda s: "  \n ".join(s.split(" ")),
    _json_escaped,
    lambda s: json.dumps(s, ensure_ascii=False)[1:-1],
    lambda s: quote(s, safe=""),
    lambda s: _lower_hex(quote(s, safe="")),
    lambda s: base64.b64encode(s.encode()).decode(),
    lambda s: base64.b64encode(f"loader:{s}".encode()).decode(),
    html.escape,
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    secret=st.text(
        st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=24
    ).filter(lambda s: s.strip() != ""),
    before=_TEXT,
    after=_TEXT,
    spelling=st.sampled_from(range(len(_SPELLINGS))),
    pad=st.integers(min_value=0, max_value=400),
)
def test_no_spelling_of_a_secret_survives(
    secret: str, before: str, after: str, spelling: int, pad: int
) -> None:
    echoed = _SPELLINGS[spelling](secret)
    text = before + "y" * pad + echoed + after
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(store.ENV_USER, "loader")
        patch.setenv(store.ENV_PASSWORD, secret)
        patch.setenv("NETRC", "/nonexistent/netrc")
        shown = server_text(text, "http://h/x")
    if shown == WITHHELD:
        return
    assert secret not in shown
    assert " ".join(secret.split()) not in " ".join(shown.split())
    assert echoed not in shown


# -- the answer of a store: time and size ------------------------------------------------------


@pytest.mark.parametrize("mode", ["drip-body", "drip-head"])
def test_a_store_dripping_its_answer_is_cut_off_at_the_timeout(hostile: Hostile, mode: str) -> None:
    started = time.monotonic()
    result = _run("query", "-e", "ASK {}", "--endpoint", hostile.url(f"{mode}/q"), "--timeout", "1")
    took = time.monotonic() - started
    line = _one_error(result)
    assert "no answer from" in line and "within 1 s" in line and "--timeout" in line, line
    assert took < 5, took


@pytest.mark.parametrize("mode", ["huge", "huge-declared"])
def test_an_answer_over_the_size_limit_is_refused(hostile: Hostile, mode: str) -> None:
    url = hostile.url(f"{mode}/q")
    result = _run("query", "-e", "ASK {}", "--endpoint", url, "--max-answer", "1")
    line = _one_error(result)
    assert "larger than 1 MiB" in line and "--max-answer" in line, line
    assert result.exit_code == 2


def test_the_library_bounds_the_answer_too(hostile: Hostile) -> None:
    with pytest.raises(StoreError, match="larger than 1 MiB"):
        engine.send(hostile.url("huge/q"), "ASK {}", max_answer=1 << 20)
    with pytest.raises(StoreError, match="larger than 64 MiB"):
        engine.send(hostile.url("huge-declared/q"), "ASK {}")


# -- the library checks its arguments ----------------------------------------------------------

INJECTION = "urn:x> ; DROP GRAPH <urn:victim> ; #"
BAD_TIMEOUTS = [float("inf"), float("nan"), 1e10, 0, -1, True, "2"]


def test_the_bad_timeouts_are_all_there() -> None:
    assert len(BAD_TIMEOUTS) == 7


@pytest.mark.parametrize("timeout", BAD_TIMEOUTS, ids=repr)
def test_run_query_refuses_a_bad_timeout(timeout: object) -> None:
    with pytest.raises(UsageError, match="positive number of seconds"):
        run_query("ASK {}", timeout=timeout)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["1e10", "inf", "nan", "86401"])
def test_the_cli_refuses_a_timeout_beyond_a_day(value: str) -> None:
    result = _run("query", "-e", "ASK {}", "--timeout", value)
    assert "--timeout" in _one_error(result) and result.exit_code == 2


@pytest.mark.parametrize("url", ["http://a..b/", "http://a b/", "http://" + "a" * 64 + ".org/"])
def test_an_unusable_endpoint_is_one_line(url: str) -> None:
    result = _run("query", "-e", "ASK {}", "--endpoint", url)
    assert "not a usable URL" in _one_error(result) and result.exit_code == 2


@pytest.mark.parametrize("endpoint", [123, b"http://127.0.0.1:1/", ["http://127.0.0.1:1/"]])
def test_an_endpoint_that_is_not_a_string_is_refused(endpoint: object) -> None:
    with pytest.raises(UsageError, match="endpoint must be a string"):
        run_query("ASK {}", endpoint=endpoint)  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="not a URL"):  # the store's own check, below the API's
        engine.send(endpoint, "ASK {}")  # type: ignore[arg-type]


def test_the_library_refuses_a_graph_that_breaks_out(hostile: Hostile) -> None:
    for call in (
        lambda: run_query("ASK {}", endpoint=hostile.url("q"), graph=INJECTION),
        lambda: engine.send(hostile.url("q"), "ASK {}", graph=INJECTION),
        lambda: store.count_triples(hostile.url("q"), INJECTION),
    ):
        with pytest.raises(UsageError, match="absolute IRI"):
            call()
    assert hostile.seen == []


def test_a_string_is_one_path(tmp_path: Path) -> None:
    data = tmp_path / "x.ttl"
    data.write_text("<urn:x:a> <urn:x:b> <urn:x:only-here> .\n")
    prepared = store.prepare(str(data), tmp_path / "out.nt")
    assert prepared.triples == 1
    found = run_query("ASK { ?s ?p <urn:x:only-here> }", data=str(data))
    assert found.boolean is True


@pytest.mark.server
def test_the_library_never_pastes_a_graph_name_into_an_update(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    from oxigraph_server import OxigraphServer

    data = tmp_path / "x.ttl"
    data.write_text("<urn:x:a> <urn:x:b> <urn:x:c> .\n")
    prepared = store.prepare([data], tmp_path / "out.nt")
    with OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "db") as server:
        endpoints = store.endpoints_for(server.store)
        store.load(prepared, endpoints, "urn:victim")
        assert store.count_triples(server.query, "urn:victim") == 1
        with pytest.raises(UsageError, match="absolute IRI"):
            store.load(prepared, endpoints, INJECTION)
        assert store.count_triples(server.query, "urn:victim") == 1
