"""Hostile numbers, anchors and folders against the site's charts and builder (attack 21)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from csrgraph.site import bars, charts
from csrgraph.site.build import build_site

XSD = "http://www.w3.org/2001/XMLSchema#"


def _literal(text: str, datatype: str = "integer") -> ox.Literal:
    return ox.Literal(text, datatype=ox.NamedNode(XSD + datatype))


def test_a_huge_value_draws_finite_bars() -> None:
    # 640 * 1e308 overflows to inf before the division: width="inf" is a console error
    svg = charts.bar_chart("Huge", ["a", "b"], [1e308, 1.0])
    widths = [float(w) for w in re.findall(r'<rect x="0" y="\d+" width="([^"]+)"', svg)]
    assert len(widths) == 2
    assert "inf" not in svg and "nan" not in svg
    assert widths[0] == charts.WIDTH - charts.VALUE_ROOM and 0 <= widths[1] < 1


#: lexical forms Python's float() takes but XSD's numeric types do not (and one they do)
ILL_TYPED = ["\u0663", "\u0661\u0662", "1_000", "\uff15", "0x10", "1e5"]


def test_ill_typed_numbers_draw_no_bar() -> None:
    assert len(ILL_TYPED) == 6
    drawn = {text: bars.chart_number(_literal(text)) for text in ILL_TYPED[:-1]}
    assert drawn == dict.fromkeys(ILL_TYPED[:-1])  # the table shows them as written
    assert bars.chart_number(_literal("1e5", "double")) == 1e5
    assert bars.chart_number(_literal(" 7 ")) == 7.0  # whitespace collapses in XSD numbers
    assert bars.chart_number(_literal("+5")) == 5.0
    assert bars.chart_number(_literal(".5", "decimal")) == 0.5


def test_an_ill_typed_position_places_no_bar() -> None:
    position = ox.NamedNode("https://schema.org/position")
    assert bars._stated([(position, _literal("\u0663"))], None) is None
    assert bars._stated([(position, _literal("3"))], None) == 3.0


@pytest.mark.parametrize("text", ["NaN", "INF", "-INF", "1e400"])
def test_numbers_no_bar_can_show_stay_out(text: str) -> None:
    assert bars.chart_number(_literal(text, "double")) is None


QUOTES = """\
@prefix csro: <https://w3id.org/csrgraph/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/csrgraph/document/hostile> a csro:SourceDocument ; rdfs:label "D"@en .
<https://w3id.org/csrgraph/statement/odd> a csro:Statement ; csro:factId "F\\"1 onmouseover=x" ;
  csro:quote "eins"@de ; prov:wasQuotedFrom <https://w3id.org/csrgraph/document/hostile> .
<https://w3id.org/csrgraph/statement/twin> a csro:Statement ; csro:factId "F\\"1 onmouseover=x" ;
  csro:quote "zwei"@de ; prov:wasQuotedFrom <https://w3id.org/csrgraph/document/hostile> .
<http://example.org/doc#s1> a csro:Statement ; csro:quote "drei"@de ;
  prov:wasQuotedFrom <https://w3id.org/csrgraph/document/hostile> .
<http://example.org/doc#s2> a csro:Statement ; csro:quote "vier"@de ;
  prov:wasQuotedFrom <https://w3id.org/csrgraph/document/hostile> .
"""


def test_quote_anchors_are_valid_unique_ids_the_quotes_link_to(tmp_path: Path) -> None:
    data = tmp_path / "quotes.ttl"
    data.write_text(QUOTES, encoding="utf-8")
    build_site(tmp_path / "site", [data], jobs=1)
    document = (tmp_path / "site" / "document" / "hostile.en.html").read_text(encoding="utf-8")
    marks = [html.unescape(m) for m in re.findall(r'<mark id="([^"]*)"', document)]
    assert len(marks) == 4
    assert len(set(marks)) == 4  # hash IRIs without a fact id all were "q-quote"
    assert all(re.fullmatch(r"q-[A-Za-z0-9_.~-]+", m) for m in marks), marks  # no space, no quote
    targets = []
    for name in ("odd", "twin"):
        page = (tmp_path / "site" / "statement" / f"{name}.en.html").read_text(encoding="utf-8")
        links = re.findall(
            r'class="quote-link" href="\.\./document/hostile\.en\.html#([^"]*)"', page
        )
        assert len(links) == 1
        targets.append(html.unescape(links[0]))
    assert len(set(targets)) == 2 and set(targets) <= set(marks)  # each its own quote


TWIN_CHARTS = """\
@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/t/> .
<https://w3id.org/csrgraph/occupation/twin> a schema:Occupation ; rdfs:label "twin"@en ;
  ex:x ex:p1 ; ex:y ex:p2 .
ex:p1 ex:bars ex:c1, ex:c2 . ex:p2 ex:bars ex:c1, ex:c2 .
ex:c1 ex:val "2"^^<http://www.w3.org/2001/XMLSchema#decimal> ; rdfs:label "one" .
ex:c2 ex:val "3"^^<http://www.w3.org/2001/XMLSchema#decimal> ; rdfs:label "two" .
"""


def test_two_equal_charts_on_one_page_have_ids_of_their_own(tmp_path: Path) -> None:
    data = tmp_path / "twin.ttl"
    data.write_text(TWIN_CHARTS, encoding="utf-8")
    build_site(tmp_path / "site", [data], jobs=1)
    page = (tmp_path / "site" / "occupation" / "twin.en.html").read_text(encoding="utf-8")
    assert page.count("<svg") == 2
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    for labelled in re.findall(r'aria-labelledby="([^"]+)"', page):
        assert all(part in ids for part in labelled.split())
