"""Hostile numbers, anchors and folders against the site's charts and builder (attack 21, round 2)."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from csrgraph.site import bars, charts

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
