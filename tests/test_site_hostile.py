"""``csrgraph site`` and ``serve`` against hostile data, names and folders (attack 21)."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import threading
from pathlib import Path

import pytest
from rewrite import evaluate

from csrgraph.errors import InputError
from csrgraph.site import paths
from csrgraph.site.build import MARKER, build_site

BASE_URL = "https://host.example/site/"
W3ID = paths.BASE
HOSTILE = """\
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/n/> .
<https://w3id.org/csrgraph/occupation/neg> a schema:Occupation ;
  skos:prefLabel "<!--<script>NEG"@en, "<!--<script>NEG"@de ; ex:n ex:a, ex:b .
ex:a ex:v "-1"^^xsd:integer . ex:b ex:v "2"^^xsd:integer .
<https://w3id.org/csrgraph/occupation/odd> a schema:Occupation ; ex:n ex:c, ex:d, ex:e .
ex:c ex:v "abc"^^xsd:decimal . ex:d ex:v "INF"^^xsd:double . ex:e ex:v "NaN"^^xsd:double .
<https://w3id.org/csrgraph/index> a skos:Concept ; skos:prefLabel "L-index"@en .
<https://w3id.org/csrgraph/list/concept> a skos:Concept ; skos:prefLabel "L-list"@en .
<http://example.org/a> a skos:Concept ; skos:prefLabel "L-http"@en .
<https://example.org/a> a skos:Concept ; skos:prefLabel "L-https"@en .
<https://w3id.org/csrgraph/ext/example.org/a> a skos:Concept ; skos:prefLabel "L-w3id-ext"@en .
<https://w3id.org/csrgraph/c//d> a skos:Concept ; skos:prefLabel "L-double"@en .
<https://w3id.org/csrgraph/c/d/> a skos:Concept ; skos:prefLabel "L-trailing"@en .
<https://w3id.org/csrgraph/c/d> a skos:Concept ; skos:prefLabel "L-plain"@en .
<https://w3id.org/csrgraph/_search/index> a skos:Concept ; skos:prefLabel "L-search"@en .
"""
#: label -> IRI of every resource that used to share its files with another.
COLLIDING = {
    "L-index": W3ID + "index",
    "L-list": W3ID + "list/concept",
    "L-http": "http://example.org/a",
    "L-https": "https://example.org/a",
    "L-w3id-ext": W3ID + "ext/example.org/a",
    "L-double": W3ID + "c//d",
    "L-trailing": W3ID + "c/d/",
    "L-plain": W3ID + "c/d",
    "L-search": W3ID + "_search/index",
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    data = folder / "hostile.ttl"
    data.write_text(HOSTILE, encoding="utf-8")
    build_site(folder / "out", [data], base_url=BASE_URL)
    return folder / "out"


def _page(site: Path, iri: str) -> str:
    stem = paths.stem(iri)
    assert stem is not None
    return (site / paths.page(stem, "en")).read_text(encoding="utf-8")


def test_numbers_a_bar_cannot_show_give_no_chart_and_no_traceback(hostile: Path) -> None:
    negative = _page(hostile, W3ID + "occupation/neg")
    odd = _page(hostile, W3ID + "occupation/odd")
    assert 'class="chart"' not in negative and 'class="chart"' not in odd
    assert "-1" in negative  # the table still shows the number


def test_embedded_json_cannot_change_how_the_page_is_parsed(hostile: Path) -> None:
    text = _page(hostile, W3ID + "occupation/neg")
    start = text.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    body = text[start : text.index("</script>", start)]
    assert not re.search(r"[<>&]", body)  # no "<!--" nor "<script" for the tokenizer
    names = [n["@value"] for n in json.loads(body).get("name", [])]
    assert "<!--<script>NEG" in names
    index = (hostile / "_search" / "index.js").read_text(encoding="utf-8")
    assert "<!--" not in index and "\\u003c!--\\u003cscript\\u003eNEG" in index


def test_every_iri_gets_its_own_files_and_the_rules_find_them(hostile: Path) -> None:
    assert len(COLLIDING) == 9
    stems = {label: paths.stem(iri) for label, iri in COLLIDING.items()}
    assert len(set(stems.values())) == len(COLLIDING)
    for label, iri in COLLIDING.items():
        assert label in _page(hostile, iri), iri
    assert "L-" not in (hostile / "index.de.html").read_text(encoding="utf-8")
    rules = (hostile / ".htaccess").read_text(encoding="utf-8")
    for path in ("list/concept", "_search/index", "ext/example.org/a"):
        got = evaluate(rules, path, {"Accept": "text/turtle"})
        stem = paths.stem(W3ID + path)
        assert got == f"{BASE_URL}{stem}.ttl" and (hostile / f"{stem}.ttl").is_file()


def test_iris_that_differ_only_in_case_are_refused(cli, tmp_path: Path) -> None:
    data = tmp_path / "case.ttl"
    data.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        f"<{W3ID}concept/Foo> a skos:Concept . <{W3ID}concept/foo> a skos:Concept .\n",
        encoding="utf-8",
    )
    result = cli("site", "-o", tmp_path / "out", "--data", data)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert "concept/Foo" in result.stderr and not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "url",
    [
        "https://x.org/ [R=303,L]\nRewriteRule ^(.*)$ https://evil.example/$1 [R=302,L]\n#",
        "javascript:alert(1)//",
        "",
        "https://x.org/$1",
        'https://x.org/"',
    ],
)
def test_base_url_must_be_an_http_url(cli, tmp_path: Path, url: str) -> None:
    result = cli("site", "-o", tmp_path / "out", "--base-url", url)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --base-url ") and result.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def _copy(site: Path, tmp_path: Path) -> Path:
    out = tmp_path / "copy"
    shutil.copytree(site, out, symlinks=True)
    return out


def test_force_keeps_files_the_user_added(cli, hostile: Path, tmp_path: Path) -> None:
    out = _copy(hostile, tmp_path)
    (out / "CNAME").write_text("x\n")
    (out / "assets").mkdir()
    result = cli("site", "-o", out, "--force")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "CNAME" in result.stderr and "assets" in result.stderr
    assert (out / "CNAME").is_file() and (out / "assets").is_dir()
    lines = (out / MARKER).read_text(encoding="utf-8").splitlines()
    assert "index.html" in lines and "_search/index.js" in lines


def test_files_written_during_the_build_are_kept(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from csrgraph.site import finder

    out = tmp_path / "out"
    out.mkdir()
    real = finder.write_index

    def index_and_meddle(folder: Path, entries: list[list[str | int]]) -> None:
        real(folder, entries)
        (out / "mine.txt").write_text("keep")

    monkeypatch.setattr(finder, "write_index", index_and_meddle)
    with pytest.raises(InputError, match="the new site is left in") as caught:
        build_site(out)
    assert [p.name for p in out.iterdir()] == ["mine.txt"]
    left = Path(str(caught.value).rsplit(" ", 1)[1])
    assert (left / "index.html").is_file()
    shutil.rmtree(left)


def _serve(folder: Path):  # type: ignore[no-untyped-def]
    from csrgraph.site.serve import make_server

    server = make_server(folder, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_head_takes_the_way_of_get_and_q_zero_refuses(hostile: Path, tmp_path: Path) -> None:
    out = _copy(hostile, tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    (out / "leak.txt").symlink_to(secret)
    server = _serve(out)
    try:
        for method in ("GET", "HEAD"):
            connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1])
            connection.request(method, "/leak.txt")
            assert connection.getresponse().status == 404, method
            connection.close()
        connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1])
        connection.request("GET", "/list/concept", headers={"Accept": "text/turtle;q=0"})
        answer = connection.getresponse()
        assert answer.status == 303
        assert answer.getheader("Location") == "/" + paths.page(
            str(paths.stem(W3ID + "list/concept")), "en"
        )
    finally:
        server.shutdown()
        server.server_close()
    assert paths.choose("text/turtle;q=0, text/html", "de;q=0, en") == (".html", "en")
    rules = (hostile / ".htaccess").read_text(encoding="utf-8")
    got = evaluate(
        rules, "list/concept", {"Accept": "text/turtle;q=0", "Accept-Language": "de;q=0"}
    )
    assert got is not None and got.endswith(".en.html")


def test_o_must_not_be_here_or_a_link_into_nowhere(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "missing" / "x")
    result = cli("site", "-o", link)
    assert result.exit_code == 2 and result.stderr.startswith("Error: ")
    assert not (tmp_path / "missing").exists()
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    result = cli("site", "-o", ".")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert sorted(os.listdir(tmp_path)) == ["here", "link"] and os.listdir(here) == []
