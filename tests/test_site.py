"""The static website (``csrgraph site``): links, anchors, negotiation rules, preview, errors."""

from __future__ import annotations

import html.parser
import json
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from rewrite import evaluate

from csrgraph.site import paths
from csrgraph.site.build import build_site

SECOND = Path(__file__).parent / "fixtures" / "second" / "help-desk-agent.ttl"
BASE_URL = "https://host.example/site/"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "out"
    build_site(out, base_url=BASE_URL)
    return out


@pytest.fixture(scope="session")
def second_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("second") / "out"
    build_site(out, [SECOND])
    return out


class Links(html.parser.HTMLParser):
    """Collect a page's links, ids and the language switch."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.switch: list[str] = []
        self.lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang") or ""
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag in ("a", "link") and found.get("href"):
            self.links.append(str(found["href"]))
        if tag == "a" and found.get("class") == "lang-switch":
            self.switch.append(str(found.get("href")))


def parse(file: Path) -> Links:
    links = Links()
    links.feed(file.read_text(encoding="utf-8"))
    return links


def test_every_internal_link_and_anchor_resolves_and_every_page_is_reachable(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 200
    broken, reached = crawl(site)
    assert broken == []
    assert set(pages) == reached


def crawl(site: Path) -> tuple[list[str], set[Path]]:
    """Follow the links from the home page: return the broken ones and the pages reached."""
    parsed = {page: parse(page) for page in sorted(site.rglob("*.html"))}
    reached = {site / "index.html"}
    todo = [site / "index.html"]
    broken = []
    while todo:
        page = todo.pop()
        for href in parsed[page].links:
            if href.startswith(("http://", "https://")):
                continue
            name, _, fragment = href.partition("#")
            target = (page.parent / name).resolve() if name else page
            if not target.is_file():
                broken.append(f"{page.relative_to(site)} -> {href}")
                continue
            if fragment and fragment not in parsed[target].ids:
                broken.append(f"{page.relative_to(site)} -> {href} (no such anchor)")
            if target.suffix == ".html" and target not in reached:
                reached.add(target)
                todo.append(target)
    return broken, reached


def test_a_long_referred_to_list_gets_a_page_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past INBOUND_SHOWN a page lists the first ones and links the whole list's page."""
    from csrgraph.site import pages, writers

    for module in (pages, writers):  # the writer decides, the page links
        monkeypatch.setattr(module, "INBOUND_SHOWN", 2)
    out = tmp_path / "out"
    build_site(out)
    refs = sorted((out / pages.REFS).rglob("*.html"))
    assert refs, "no resource of the bundled graph is referred to by more than two"
    broken, reached = crawl(out)
    assert broken == [] and set(refs) <= reached
    for page in refs:
        links = parse(page)
        assert links.lang in ("de", "en") and len(links.switch) == 1
        assert parse((page.parent / links.switch[0]).resolve()).lang != links.lang
        assert page.read_text(encoding="utf-8").count("<li>") > 2
    index = (out / "_search" / "index.js").read_text(encoding="utf-8")
    assert f'"{pages.REFS}/' not in index and '"index.html"' in index


def test_every_page_has_one_language_and_a_switch_to_the_other(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    for page in pages:
        links = parse(page)
        assert links.lang in ("de", "en"), page
        assert len(links.switch) == 1, page
        other = parse((page.parent / links.switch[0]).resolve())
        assert other.lang != links.lang, page


def test_claims_link_to_their_quote_marked_in_the_source(site: Path) -> None:
    claims = sorted((site / "claim").glob("*.en.html"))
    assert len(claims) >= 5
    text = claims[0].read_text(encoding="utf-8")
    assert 'class="quote-link"' in text
    href = text.split('class="quote-link" href="')[1].split('"')[0]
    source, anchor = href.split("#")
    marked = (claims[0].parent / source).read_text(encoding="utf-8")
    assert f'<mark id="{anchor}">' in marked


def test_pages_embed_schema_org_and_link_their_data(site: Path) -> None:
    page = site / "occupation" / "customer-service-representative.de.html"
    text = page.read_text(encoding="utf-8")
    doc = json.loads(text.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert doc["@type"] == "Occupation"
    assert 'type="text/turtle" href="customer-service-representative.ttl"' in text
    assert (page.parent / "customer-service-representative.ttl").stat().st_size > 100
    json.loads((page.parent / "customer-service-representative.jsonld").read_text())


def test_a_quantitative_claim_has_a_chart(site: Path) -> None:
    charts = [p for p in site.rglob("*.en.html") if 'class="chart"' in p.read_text("utf-8")]
    assert charts


ACCEPT = {
    "text/turtle": ".ttl",
    "application/ld+json": ".jsonld",
    "text/html,application/xhtml+xml": ".en.html",
}


def test_htaccess_maps_one_iri_per_rule_to_a_file_of_the_site(site: Path) -> None:
    rules = (site / ".htaccess").read_text(encoding="utf-8")
    prefixes = [
        line[2:-4] for line in rules.splitlines() if line.startswith("# ") and line.endswith("/...")
    ]
    assert len(prefixes) >= 8
    stems = {
        p.with_suffix("").with_suffix("").relative_to(site).as_posix() for p in site.rglob("*.ttl")
    }
    assert evaluate(rules, "", {}) == BASE_URL + "index.html"
    for prefix in prefixes:
        sample = sorted(s for s in stems if s.startswith(prefix + "/"))[0]
        for accept, suffix in ACCEPT.items():
            got = evaluate(rules, sample, {"Accept": accept})
            assert got == BASE_URL + sample + suffix
            assert (site / (sample + suffix)).is_file()
        german = evaluate(rules, sample, {"Accept": "text/html", "Accept-Language": "de-DE"})
        assert german == BASE_URL + sample + ".de.html"
    assert evaluate(rules, "nowhere/x", {"Accept": "text/turtle"}) is None


@pytest.fixture(scope="module")
def preview(site: Path):
    from csrgraph.site.serve import make_server

    server = make_server(site, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def _get(url: str, accept: str = "") -> tuple[int, str]:
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with opener.open(request, timeout=10) as answer:
            return answer.status, answer.headers.get("Location", "")
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Location", "")


def test_serve_negotiates_like_the_htaccess(preview: str) -> None:
    for accept, suffix in ACCEPT.items():
        assert _get(f"{preview}/statement/F27", accept) == (303, f"/statement/F27{suffix}")
    assert _get(f"{preview}/statement/F27.en.html")[0] == 200


@pytest.mark.parametrize("path", ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2fsecret"])
def test_serve_never_leaves_its_folder(preview: str, path: str) -> None:
    import http.client

    connection = http.client.HTTPConnection(preview.removeprefix("http://"), timeout=10)
    connection.request("GET", path)
    assert connection.getresponse().status == 404


def test_serve_refuses_another_host(cli, site: Path) -> None:
    result = cli("serve", site, "--host", "0.0.0.0")
    assert result.exit_code == 2
    assert result.stderr == "Error: --host 0.0.0.0: the preview serves on 127.0.0.1 only\n"


def test_site_refuses_a_folder_with_files_and_keeps_them(cli, tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("keep")
    result = cli("site", "-o", tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert [p.name for p in tmp_path.iterdir()] == ["mine.txt"]


def test_site_force_replaces_only_an_earlier_site(cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli("site", "-o", out).exit_code == 0
    assert cli("site", "-o", out).exit_code == 2
    assert cli("site", "-o", out, "--force").exit_code == 0
    assert (out / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_second_occupation_gets_its_pages_with_no_code_change(second_site: Path) -> None:
    stem = paths.stem("https://example.org/helpdesk/occupation")
    assert stem is not None
    english = (second_site / f"{stem}.en.html").read_text(encoding="utf-8")
    assert "help desk agent" in english
    home = (second_site / "index.html").read_text(encoding="utf-8")
    assert f"{stem}.en.html" in home
    documents = list((second_site / "ext").rglob("*.de.html"))
    assert any("<mark id=" in p.read_text(encoding="utf-8") for p in documents)


def test_the_occupation_profile_from_the_neighbourhood_equals_the_whole_graphs() -> None:
    from csrgraph.publish.schemaorg import occupation_jsonld
    from csrgraph.site import collect, schema

    site = collect.collect(collect.load([SECOND]))
    occupations = sorted(i for i, k in site.kinds.items() if k == "occupation")
    assert len(occupations) == 2
    for iri in occupations:
        whole = occupation_jsonld(_whole_graph(), iri)
        assert schema.occupation(site, iri) == whole


def _whole_graph():  # type: ignore[no-untyped-def]
    from csrgraph.graph.load import load_graph

    return load_graph(data=[SECOND])


def test_serve_stops_on_ctrl_c(site: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    from servers import free_port

    port = free_port()
    entry = str(Path(sys.executable).with_name("csrgraph"))
    command = [entry, "serve", str(site), "--port", str(port)]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        status = 0
        while time.monotonic() < deadline and status != 303:
            try:
                status = _get(f"http://127.0.0.1:{port}/statement/F27", "text/turtle")[0]
            except OSError:
                time.sleep(0.2)
        assert status == 303
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) in (0, 130)
        assert "Traceback" not in (process.stderr.read() if process.stderr else "")
    finally:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def imports_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the bundled graph with the sample O*NET, ESCO and crosswalk imports."""
    from importer_fixtures import imported_ntriples

    folder = tmp_path_factory.mktemp("imports-site")
    data = []
    for source in ("onet", "esco", "crosswalk"):
        path = folder / f"{source}.nt"
        path.write_bytes(imported_ntriples(source))
        data.append(path)
    out = folder / "out"
    build_site(out, data)
    return out


def test_a_site_over_the_sample_imports_links_every_page(imports_site: Path) -> None:
    """Imported occupations, skills and ISCO groups get pages, reachable, links resolving."""
    pages = sorted(imports_site.rglob("*.html"))
    broken, reached = crawl(imports_site)
    assert broken == []
    assert set(pages) == reached
    imported = [p for p in pages if p.relative_to(imports_site).parts[0] in ("onet", "ext")]
    assert len(imported) >= 20, len(imported)
    onet = [p for p in imported if p.relative_to(imports_site).parts[:2] == ("onet", "occupation")]
    assert onet, "no O*NET occupation page"
    text = onet[0].read_text(encoding="utf-8")
    assert 'type="application/ld+json"' in text and 'rel="alternate"' in text
