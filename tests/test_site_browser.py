"""The static site in a real browser: pages render, links resolve, search, language, charts, a11y.

Runs Debian's headless Chromium through Playwright (tests/browser.py) on two sites: a small
fixture site written here from the site's own search box and charts (it proves the harness),
and the bundled graph's site from ``csrgraph site -o DIR``. Every page is opened from
``file://`` with a network spy, the search also over HTTP from a loopback server.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag

import pytest
from browser import Browser, browser, need_axe, page_links, search, serve

from csrgraph.site.charts import bar_chart
from csrgraph.site.finder import FOLDER, fold, head_tags, index_site, search_box

pytestmark = pytest.mark.external

#: axe-core impacts a page of the site must not have
FORBIDDEN_IMPACTS = ("serious", "critical")
SITES = ("fixture", "bundled")


def _page(lang: str, root: str, title: str, body: str, *, other: str, extra_head: str = "") -> str:
    other_lang = "en" if lang == "de" else "de"
    switch = "English" if lang == "de" else "Deutsch"
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
{head_tags(root)}{extra_head}</head>
<body><header>{search_box(lang, root)}
<a class="lang-switch" hreflang="{other_lang}" lang="{other_lang}" href="{other}">{switch}</a>
</header><main><h1>{title}</h1>{body}</main></body></html>
"""


def write_fixture_site(folder: Path) -> Path:
    """A two-language site of four pages: home, an occupation with a chart, a Turtle file."""
    (folder / "occupation").mkdir(parents=True)
    pages = {
        "index.html": _page(
            "de",
            "",
            "csrgraph: Start",
            '<ul><li><a href="occupation/csr.de.html">Kundendienstmitarbeiter/in</a></li>'
            '<li><a href="occupation/csr.de.html#lohn">Lohn</a></li></ul>',
            other="index.en.html",
        ),
        "index.en.html": _page(
            "en",
            "",
            "csrgraph: Home",
            '<ul><li><a href="occupation/csr.en.html">Customer service representative</a></li>'
            "</ul>",
            other="index.html",
        ),
    }
    words = {"de": "Überall für Straßenbahnen", "en": "Everywhere for trams"}
    for lang, title, heading in (
        ("de", "Kundendienstmitarbeiter/in", "Lohn nach Erfahrung"),
        ("en", "Customer service representative", "Pay by experience"),
    ):
        chart = bar_chart(heading, ["0-1", "1-4"], [32500.5, 36000], unit="USD", lang=lang)
        other = "csr.en.html" if lang == "de" else "csr.de.html"
        pages[f"occupation/csr.{lang}.html"] = _page(
            lang,
            "../",
            title,
            f'<h2 id="lohn">{heading}</h2>{chart}<p>{words[lang]}</p>'
            '<p><a href="../index.html">Start</a></p>',
            other=other,
            extra_head='<link rel="alternate" type="text/turtle" href="csr.ttl">',
        )
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "occupation" / "csr.ttl").write_text("# Turtle\n", encoding="utf-8")
    index_site(folder)
    return folder


def build_bundled_site(folder: Path) -> Path:
    """The bundled graph's site, written by the command a user runs."""
    command = [str(Path(sys.executable).parent / "csrgraph"), "site", "-o", str(folder)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    return folder


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Browser]:
    with browser() as started:
        yield started


@pytest.fixture(scope="session", params=SITES)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp(f"site-{request.param}") / "site"
    if request.param == "fixture":
        folder.mkdir()
        return write_fixture_site(folder)
    return build_bundled_site(folder)


@dataclass
class Crawl:
    """What a crawl from index.html found."""

    pages: dict[str, str] = field(default_factory=dict)  # URL -> lang
    problems: list[str] = field(default_factory=list)
    ids: dict[str, set[str]] = field(default_factory=dict)
    charts: dict[str, int] = field(default_factory=dict)
    #: (page, link) pairs whose target or #anchor is missing
    broken: list[tuple[str, str]] = field(default_factory=list)


def crawl(started: Browser, folder: Path, *, limit: int = 20_000) -> Crawl:
    """Open every page reachable from ``folder/index.html`` by ``<a>`` links; check each link."""
    base = folder.resolve().as_uri() + "/"
    start = base + "index.html"
    found = Crawl()
    queue, seen = [start], {start}
    anchored: list[tuple[str, str]] = []
    while queue and len(found.pages) < limit:
        url = queue.pop(0)
        visit = started.open(url)
        try:
            found.pages[url] = str(visit.page.evaluate("document.documentElement.lang"))
            found.charts[url] = int(visit.page.locator("svg.chart").count())
            links = page_links(visit)
            found.problems += [f"{url}: {p}" for p in visit.problems]
        finally:
            visit.close()
        found.ids[url] = set(links["ids"])
        for href in links["anchors"] + links["links"]:
            target, fragment = urldefrag(href)
            if not target.startswith(base):
                continue
            path = folder / target[len(base) :]
            if not path.is_file():
                found.broken.append((url, href))
            elif target.endswith(".html"):
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
                if fragment:
                    anchored.append((url, href))
    for url, href in anchored:
        target, fragment = urldefrag(href)
        if fragment not in found.ids.get(target, set()):
            found.broken.append((url, href))
    return found


_crawls: dict[Path, Crawl] = {}


@pytest.fixture(scope="session")
def crawled(site: Path, chromium_browser: Browser) -> Crawl:
    if site not in _crawls:
        _crawls[site] = crawl(chromium_browser, site)
    return _crawls[site]


def test_every_page_renders_with_no_error_and_is_reachable(site: Path, crawled: Crawl) -> None:
    assert crawled.problems == []
    on_disk = {
        p.resolve().as_uri()
        for p in site.rglob("*.html")
        if FOLDER not in p.relative_to(site).parts
    }
    assert len(on_disk) >= 4
    assert sorted(on_disk - set(crawled.pages)) == [], "pages no link leads to"
    assert {"de", "en"} <= set(crawled.pages.values())


def test_every_internal_link_and_anchor_resolves(crawled: Crawl) -> None:
    assert crawled.broken == []


def test_a_quantitative_claim_has_a_chart(site: Path, crawled: Crawl) -> None:
    assert max(crawled.charts.values()) >= 1


QUERIES = ("Kundendienst", "kundendienst", "customer service")


@pytest.mark.parametrize("query", QUERIES)
def test_the_search_box_finds(site: Path, chromium_browser: Browser, query: str) -> None:
    assert len(QUERIES) == 3
    visit = chromium_browser.open((site / "index.html").resolve().as_uri())
    try:
        results = search(visit, query)
        assert visit.problems == []
    finally:
        visit.close()
    assert any(fold(query) in fold(text) for text, _ in results), results
    first = results[0][1]
    assert first.startswith(site.resolve().as_uri())
    assert Path(urldefrag(first)[0].removeprefix("file://")).is_file()


@pytest.mark.parametrize("query", ["uberall FÜR strassenbahnen", "Straßenbahnen", "ÜBERALL"])
def test_the_search_ignores_case_and_accents(
    tmp_path: Path, chromium_browser: Browser, query: str
) -> None:
    site = write_fixture_site(tmp_path)
    visit = chromium_browser.open((site / "occupation" / "csr.en.html").as_uri())
    try:
        results = search(visit, query)
    finally:
        visit.close()
    assert [text for text, _ in results] == ["Kundendienstmitarbeiter/in"]
    assert visit.problems == []


def test_the_search_works_from_a_static_host(site: Path, chromium_browser: Browser) -> None:
    with serve(site) as base:
        visit = chromium_browser.open(base + "index.html")
        try:
            results = search(visit, "Kundendienst")
            assert visit.problems == []
            visit.page.click("#search-results a")
            visit.page.wait_for_load_state("load")
            assert visit.page.url.startswith(base)
            assert visit.problems == []
        finally:
            visit.close()
    assert results


def test_the_language_switch_leads_to_the_other_language(
    site: Path, chromium_browser: Browser
) -> None:
    visit = chromium_browser.open((site / "index.html").resolve().as_uri())
    try:
        page = visit.page
        lang = page.evaluate("document.documentElement.lang")
        switch = page.locator("a.lang-switch").first
        target_lang = switch.get_attribute("hreflang")
        switch.click()
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.lang") == target_lang != lang
        assert page.locator(f"a.lang-switch[hreflang='{lang}']").count() == 1
        assert visit.problems == []
    finally:
        visit.close()


def test_axe_finds_no_serious_violation_on_a_sample(
    site: Path, crawled: Crawl, chromium_browser: Browser
) -> None:
    need_axe()
    urls = sorted(crawled.pages)
    sample = {urls[0], urls[-1], *urls[:: max(1, len(urls) // 6)]}
    sample |= {url for url, count in crawled.charts.items() if count}
    sample = set(sorted(sample)[:12])
    assert len(sample) >= 2
    bad = {}
    for url in sorted(sample):
        visit = chromium_browser.open(url)
        try:
            found = visit.axe()
        finally:
            visit.close()
        serious = {impact: rules for impact, rules in found.items() if impact in FORBIDDEN_IMPACTS}
        if serious:
            bad[url] = serious
    assert bad == {}


def test_the_harness_reports_what_it_must(tmp_path: Path, chromium_browser: Browser) -> None:
    """A broken site: the spy, the console, the crawler and axe-core each find their fault."""
    site = tmp_path / "broken"
    site.mkdir()
    (site / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>Broken</title></head><body><main>'
        '<img src="https://example.invalid/x.png" alt="remote">'
        "<script>throw new Error('deliberate');</script>"
        '<a href="missing.html">gone</a> <a href="other.html#nowhere">no anchor</a>'
        '<input type="text"></main></body></html>',
        encoding="utf-8",
    )
    (site / "other.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>Other</title></head><body><main>'
        '<a href="index.html">back</a><img src="absent.png" alt="absent"></main></body></html>',
        encoding="utf-8",
    )
    found = crawl(chromium_browser, site)
    assert len(found.pages) == 2
    problems = "\n".join(found.problems)
    assert "non-local request: https://example.invalid/x.png" in problems
    assert "deliberate" in problems
    assert "absent.png" in problems
    broken = sorted(href.rsplit("/", 1)[-1] for _, href in found.broken)
    assert broken == ["missing.html", "other.html#nowhere"]
    visit = chromium_browser.open((site / "index.html").as_uri())
    try:
        assert "critical" in visit.axe()  # the input has no label
    finally:
        visit.close()
