"""How the site's pages read: readable names, the order of a page, renderings, bar order."""

from __future__ import annotations

import html.parser
import re
from pathlib import Path

import pytest

from csrgraph.site import paths
from csrgraph.site.build import build_site

W3ID = paths.BASE
OCCUPATION = "occupation/customer-service-representative"
#: Bars whose place the graph states (on the node, or on the node it links to), in an order
#: that is neither their labels' nor their IRIs'; bars with no stated place; unlabelled terms.
ORDERED = """\
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/n/> .
<https://w3id.org/csrgraph/occupation/ordered> a schema:Occupation, ex:UnlabelledClass ;
  skos:prefLabel "ordered"@en, "geordnet"@de ; ex:n ex:p1, ex:p2, ex:p3 ;
  ex:see <http://example.org/thing/local-name> ;
  ex:record <https://w3id.org/csrgraph/record/some-release/row-7> .
ex:p1 skos:prefLabel "alpha"@en ; ex:v "1"^^xsd:integer ; ex:band ex:b1 .
ex:b1 schema:minValue "20"^^xsd:decimal .
ex:p2 skos:prefLabel "beta"@en ; ex:v "2"^^xsd:integer ; ex:band ex:b2 .
ex:b2 schema:minValue "5"^^xsd:decimal .
ex:p3 skos:prefLabel "gamma"@en ; ex:v "3"^^xsd:integer ; schema:position "10"^^xsd:integer .
<https://w3id.org/csrgraph/occupation/natural> a schema:Occupation ;
  skos:prefLabel "natural"@en, "natürlich"@de ; ex:n ex:q1, ex:q2, ex:q3 .
ex:q1 skos:prefLabel "10 years"@en ; ex:v "1"^^xsd:integer .
ex:q2 skos:prefLabel "5 years"@en ; ex:v "2"^^xsd:integer .
ex:q3 skos:prefLabel "20 years"@en ; ex:v "3"^^xsd:integer .
"""
BAR = re.compile(r'<text x="0" y="\d+" fill="currentColor">([^<]*)</text>')


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pages")
    data = folder / "ordered.ttl"
    data.write_text(ORDERED, encoding="utf-8")
    build_site(folder / "out", [data])
    return folder / "out"


def _page(site: Path, stem: str, lang: str) -> str:
    return (site / paths.page(stem, lang)).read_text(encoding="utf-8")


class Anchors(html.parser.HTMLParser):
    """Collect each link's text (tags inside it dropped) and what hovering shows.

    Its title, else (an external link, whose target is the IRI itself) its href.
    """

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self._open: list[str] | None = None
        self._title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            found = dict(attrs)
            self._open, self._title = [], found.get("title") or found.get("href") or ""

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            self.found.append(("".join(self._open).strip(), self._title))
            self._open = None


def anchors(text: str) -> list[tuple[str, str]]:
    parser = Anchors()
    parser.feed(text)
    return parser.found


def test_no_link_on_any_page_reads_as_a_bare_iri(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 200
    bare = [
        f"{page.relative_to(site)}: {text}"
        for page in pages
        for text, _ in anchors(page.read_text(encoding="utf-8"))
        if text.startswith(("http://", "https://", "_:"))
    ]
    assert bare == []


def test_types_show_a_readable_name_and_the_iri_on_hover(site: Path) -> None:
    text = _page(site, OCCUPATION, "en")
    types = text.split('<p class="types">')[1].split("</p>")[0]
    assert anchors(types) == [
        ("Concept", "http://www.w3.org/2004/02/skos/core#Concept"),
        ("Occupation", "https://schema.org/Occupation"),
    ]
    ordered = _page(site, "occupation/ordered", "en")
    assert ("local-name", "http://example.org/thing/local-name") in anchors(ordered)
    assert ("UnlabelledClass", "http://example.org/n/UnlabelledClass") in anchors(ordered)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_description_and_table_come_before_the_quotes(site: Path, lang: str) -> None:
    text = _page(site, OCCUPATION, lang)
    lead = text.index('<p class="description">')
    table = text.index('<table class="properties">')
    heading = text.index('<h2 class="quotes">')
    first_quote = text.index("<blockquote")
    assert text.index("<h1>") < lead < table < heading < first_quote
    assert text.count("<blockquote") >= 3
    # each quote's link sits inside its quote's paragraph, not in a paragraph of its own
    assert text.count('class="quote-link"') == text.count("<blockquote")
    for block in text.split("<blockquote")[1:]:
        paragraph = block.split("</p>")[0]
        assert 'class="quote-link"' in paragraph


def test_a_claim_shows_its_quote_before_its_table(site: Path) -> None:
    claims = sorted((site / "claim").glob("*.en.html"))
    assert len(claims) >= 5
    for claim in claims:
        text = claim.read_text(encoding="utf-8")
        if "<blockquote" in text:
            assert text.index("<blockquote") < text.index('<table class="properties">'), claim


def test_the_english_page_shows_the_rendering_under_the_german_quote(site: Path) -> None:
    english = _page(site, OCCUPATION, "en")
    german = _page(site, OCCUPATION, "de")
    quotes = english.count("<blockquote")
    renderings = re.findall(r'<figcaption class="rendering" lang="(\w+)">', english)
    assert quotes >= 3 and renderings == ["en"] * quotes
    for block in english.split('<blockquote lang="de">')[1:]:
        quote, _, after = block.partition("</blockquote>")
        assert "rendering" not in quote  # the verbatim quote stays verbatim
        assert after.startswith('<figcaption class="rendering" lang="en">')
    assert german.count("<blockquote") == quotes
    assert 'class="rendering"' not in german


def _bars(text: str) -> list[str]:
    svg = text.split('<svg role="img" class="chart"')[1].split("</svg>")[0]
    return BAR.findall(svg)


def test_bars_stand_in_the_order_the_graph_states(site: Path) -> None:
    assert _bars(_page(site, "occupation/ordered", "en")) == ["beta", "gamma", "alpha"]
    bundled = _bars(_page(site, "claim/pay-by-experience", "en"))
    assert len(bundled) == 4
    assert [re.findall(r"\d+", bar)[0] for bar in bundled] == ["0", "5", "10", "20"]


def test_bars_with_no_stated_order_stand_in_their_labels_natural_order(site: Path) -> None:
    assert _bars(_page(site, "occupation/natural", "en")) == ["5 years", "10 years", "20 years"]


def test_an_iri_of_ours_with_no_page_is_named_not_linked(site: Path) -> None:
    """A link to it would not resolve: the site's rules map only IRIs that have a page."""
    text = _page(site, "occupation/ordered", "en")
    record = "https://w3id.org/csrgraph/record/some-release/row-7"
    assert f'href="{record}"' not in text
    assert f'<span class="unpublished" title="{record}">row-7</span>' in text
    assert 'href="http://example.org/thing/local-name"' in text  # another's IRI stays a link
