"""`csrgraph links` and the link checker, against a local HTTP server standing in for the sites."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from csrgraph import links
from csrgraph.cli import main
from csrgraph.errors import UsageError
from csrgraph.resources import data_dir

TURTLE = "text/turtle"


def _turtle(iri: str) -> bytes:
    return f'<{iri}> <http://www.w3.org/2004/02/skos/core#prefLabel> "x"@en .\n'.encode()


ESCO_OK = "http://data.europa.eu/esco/occupation/13d1b2b4-99dd-44da-9734-c9f74bae18f7"

# path on the stand-in server -> (HEAD status, GET status, content type, body)
SITES: dict[str, tuple[int, int, str, bytes]] = {
    "/www.bls.gov/soc/2010/soc434051.htm": (200, 200, "text/html", b"<html>SOC</html>"),
    "/www.bls.gov/soc/2018/major_groups.htm": (200, 200, "text/html; charset=utf-8", b"<p/>"),
    # a server that refuses HEAD: the checker must fall back to GET
    "/www.onetonline.org/link/summary/43-4051.00": (405, 200, "text/html", b"<p/>"),
    "/data.europa.eu/esco/isco/C4222": (
        200,
        200,
        TURTLE,
        _turtle("http://data.europa.eu/esco/isco/C4222"),
    ),
    "/data.europa.eu/esco/isco/C4225": (
        200,
        200,
        TURTLE,
        _turtle("http://data.europa.eu/esco/isco/C4225"),
    ),
    "/data.europa.eu/esco/occupation/13d1b2b4-99dd-44da-9734-c9f74bae18f7": (
        200,
        200,
        TURTLE,
        _turtle(ESCO_OK),
    ),
    "/data.europa.eu/esco/occupation/b7b75eb6-34bc-462d-b412-eed393cc1397": (
        200,
        200,
        TURTLE,
        _turtle("http://data.europa.eu/esco/occupation/b7b75eb6-34bc-462d-b412-eed393cc1397"),
    ),
}


class StandIn(http.server.BaseHTTPRequestHandler):
    sites: ClassVar[dict[str, tuple[int, int, str, bytes]]] = {}
    seen: ClassVar[list[tuple[str, str, str]]] = []
    delay: float = 0.0

    def _answer(self, head: bool) -> None:
        self.seen.append((self.command, self.path, self.headers.get("Accept", "")))
        if self.delay:
            time.sleep(self.delay)
        site = self.sites.get(self.path)
        if site is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        head_status, get_status, ctype, body = site
        status = head_status if head else get_status
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head and status < 400:
            self.wfile.write(body)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def stand_in() -> Iterator[tuple[str, type[StandIn]]]:
    handler = type("Handler", (StandIn,), {"sites": dict(SITES), "seen": [], "delay": 0.0})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler
    finally:
        server.shutdown()
        server.server_close()


def _by_id(statuses: list[links.LinkStatus]) -> dict[str, links.LinkStatus]:
    return {s.object_id: s for s in statuses}


def test_all_links_resolve(stand_in: tuple[str, type[StandIn]]) -> None:
    base, handler = stand_in
    statuses = _by_id(links.check_links(base_url=base, workers=4, timeout=5))
    assert len(statuses) == 8
    assert [s.object_id for s in statuses.values() if s.broken] == []
    assert statuses["KLDB2010:92122"].result == "skipped"
    assert statuses["ONET:43-4051.00"].result == "ok"
    rdf_targets = {oid for oid, s in statuses.items() if s.rdf}
    assert rdf_targets == {
        "ISCO:4222",
        "ISCO:4225",
        "ESCO:13d1b2b4-99dd-44da-9734-c9f74bae18f7",
        "ESCO:b7b75eb6-34bc-462d-b412-eed393cc1397",
    }
    methods = [(m, p) for m, p, _ in handler.seen]
    # HEAD first; GET for the RDF and for the server that refused HEAD; never the own IRI
    assert ("HEAD", "/www.bls.gov/soc/2010/soc434051.htm") in methods
    assert ("GET", "/www.bls.gov/soc/2010/soc434051.htm") not in methods
    assert ("GET", "/www.onetonline.org/link/summary/43-4051.00") in methods
    assert ("GET", "/data.europa.eu/esco/isco/C4222") in methods
    assert not any("w3id.org" in p for _, p in methods)
    assert all(accept.startswith("text/turtle") for _, _, accept in handler.seen)


@pytest.mark.parametrize(
    ("path", "site", "detail"),
    [
        ("/data.europa.eu/esco/isco/C4225", None, "HTTP 404"),
        ("/www.bls.gov/soc/2018/major_groups.htm", (500, 500, "text/html", b""), "HTTP 500"),
        ("/data.europa.eu/esco/isco/C4225", (200, 200, TURTLE, b"<a> <b> ."), "bad RDF"),
        (
            "/data.europa.eu/esco/isco/C4225",
            (200, 200, TURTLE, _turtle("http://other/")),
            "RDF does not describe the IRI",
        ),
        ("/data.europa.eu/esco/isco/C4225", (200, 410, TURTLE, b""), "GET: HTTP 410"),
    ],
    ids=["missing", "server-error", "bad-rdf", "rdf-about-something-else", "get-fails"],
)
def test_broken_link_is_reported(
    stand_in: tuple[str, type[StandIn]],
    path: str,
    site: tuple[int, int, str, bytes] | None,
    detail: str,
) -> None:
    base, handler = stand_in
    if site is None:
        del handler.sites[path]
    else:
        handler.sites[path] = site
    statuses = links.check_links(base_url=base, timeout=5)
    broken = [s for s in statuses if s.broken]
    assert len(broken) == 1
    assert detail in broken[0].detail
    assert path.split("/")[-1] in broken[0].url


def test_timeout_and_refused_connection(stand_in: tuple[str, type[StandIn]]) -> None:
    base, handler = stand_in
    handler.delay = 1.0
    statuses = links.check_links(base_url=base, timeout=0.2, workers=8)
    assert {s.result for s in statuses} == {"broken", "skipped"}
    assert all("timed out" in s.detail for s in statuses if s.broken)
    closed = links.check_one(
        "X:1", "http://example.org/x", base_url="http://127.0.0.1:1/", timeout=2
    )
    assert closed.broken and "cannot connect" in closed.detail


def test_cli_check_exit_codes(stand_in: tuple[str, type[StandIn]]) -> None:
    base, handler = stand_in
    runner = CliRunner()
    ok = runner.invoke(main, ["links", "--check", "--base-url", base, "-f", "json"])
    assert ok.exit_code == 0, ok.output
    payload = json.loads(ok.stdout)  # SPARQL 1.1 results JSON, as every row format of csrgraph
    assert payload["head"]["vars"] == list(links.STATUS_FIELDS)
    rows = payload["results"]["bindings"]
    assert len(rows) == 8
    assert {r["url"]["type"] for r in rows if "url" in r} == {"uri"}
    assert "All 8 links resolve." in ok.stderr
    del handler.sites["/www.bls.gov/soc/2010/soc434051.htm"]
    bad = runner.invoke(main, ["links", "--check", "--base-url", base, "-f", "csv"])
    assert bad.exit_code == 1
    assert bad.stderr.strip() == "Error: 1 of 8 links are broken: SOC2010:434051.htm"
    assert "SOC2010:434051.htm,broken,404," in bad.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--check", "--base-url", "ftp://mirror"], "--base-url must be an http(s) URL"),
        (["--base-url", "http://127.0.0.1:9"], "--base-url only applies with --check"),
        (["--check", "-f", "ttl"], "use -f table, csv, tsv, json, md"),
        (["--check", "--workers", "0"], "--workers: 0 is not in the range"),
        (["--check", "--timeout", "x"], "--timeout: 'x' is not a number"),
        (["-f", "xml"], "--format: 'xml' is not one of: table, csv, tsv, json, md, ttl"),
        (["--sssom", "{tmp}/nosuch.tsv"], "nosuch.tsv: no such file"),
        (["--sssom", "{tmp}"], ": is a folder, not a file"),
        (["--sssom", "{tmp}/latin1.tsv"], "latin1.tsv:2:9: not UTF-8 text (byte 0xe9)"),
        (["-o", "{tmp}"], ": cannot write (is a folder, not a file)"),
    ],
    ids=[
        "bad-base-url",
        "base-url-without-check",
        "ttl-check",
        "no-workers",
        "bad-timeout",
        "bad-format",
        "missing-sssom",
        "sssom-folder",
        "sssom-not-utf8",
        "output-folder",
    ],
)
def test_cli_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    """Each bad value is one Error line with exit code 2, never click's usage block."""
    (tmp_path / "latin1.tsv").write_bytes(b"#license: x\n#title: \xe9\n")
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = CliRunner().invoke(main, ["links", *argv])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ") and message in lines[0]
    assert "Traceback" not in result.output
    assert result.stdout == ""


LIST_FORMATS = ["table", "csv", "tsv", "json", "md", "ttl"]


def test_links_formats_are_the_registrys() -> None:
    """The row formats of links are those of formats.REGISTRY (bar xml), plus ttl."""
    from csrgraph.cli import links as cli_links
    from csrgraph.formats import REGISTRY

    assert list(cli_links.LIST_FORMATS) == LIST_FORMATS
    assert all(REGISTRY[name].rows is not None for name in cli_links.ROW_FORMATS)


@pytest.mark.parametrize("fmt", LIST_FORMATS)
def test_cli_lists_mappings(fmt: str) -> None:
    assert len(LIST_FORMATS) == 6
    result = CliRunner().invoke(main, ["links", "-f", fmt])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    if fmt == "json":
        bindings = json.loads(result.stdout)["results"]["bindings"]
        assert [r["predicate_id"]["value"] for r in bindings].count("skos:exactMatch") == 1
        assert len(bindings) == 8
        assert bindings[0]["object_iri"]["type"] == "uri"
    elif fmt == "tsv":
        assert len(lines) == 9
        assert lines[0].split("\t")[:2] == ["?object_id", "?object_label"]
    elif fmt == "csv":
        assert len(lines) == 9
        assert lines[0].startswith("object_id,object_label,predicate_id")
    elif fmt == "md":
        assert len(lines) == 10
        assert lines[0].startswith("| object_id | object_label |")
    elif fmt == "table":
        assert len(lines) == 11 and lines[-1] == "(8 rows)"
        assert lines[0].split()[:3] == ["object_id", "object_label", "predicate_id"]
        assert max(len(line) for line in lines) < 400  # long comments are cut
    else:
        assert result.stdout == (data_dir() / "mappings.ttl").read_text(encoding="utf-8")


def test_links_default_format_is_the_rule_of_every_command(tmp_path: Path) -> None:
    """Off a terminal links writes CSV, like query (it used to write TSV: changed on purpose);
    an -o file's suffix picks the format, as for query."""
    piped = CliRunner().invoke(main, ["links"])
    assert piped.exit_code == 0, piped.output
    assert piped.stdout == CliRunner().invoke(main, ["links", "-f", "csv"]).stdout
    out = tmp_path / "links.tsv"
    assert CliRunner().invoke(main, ["links", "-o", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("?object_id\t?object_label\t")


def test_cli_output_file_and_bad_sssom(tmp_path: Path) -> None:
    out = tmp_path / "m.ttl"
    result = CliRunner().invoke(main, ["links", "-f", "ttl", "-o", str(out)])
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8") == links.mappings_turtle()
    bad = tmp_path / "bad.sssom.tsv"
    bad.write_text("#curie_map:\nsubject_id\tfoo\n", encoding="utf-8")
    target = tmp_path / "never.tsv"
    failed = CliRunner().invoke(main, ["links", "--sssom", str(bad), "-o", str(target)])
    assert failed.exit_code == 2
    assert failed.stderr.startswith("Error: ") and "unknown column(s) foo" in failed.stderr
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.sssom.tsv", "m.ttl"]


def test_rewrite_url_and_checker_arguments() -> None:
    assert links.rewrite_url("https://a.org/p?q=1#f", "http://127.0.0.1:8/base/") == (
        "http://127.0.0.1:8/base/a.org/p?q=1"
    )
    with pytest.raises(UsageError):
        links.check_links(workers=0)
    with pytest.raises(UsageError):
        links.check_links(timeout=0)
    skipped = links.check_one("X:1", "urn:isbn:1", timeout=1)
    assert skipped.result == "skipped" and "not an HTTP" in skipped.detail
