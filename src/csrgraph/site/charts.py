"""Bar charts of quantitative claims as inline SVG, written at build time.

Hand-written SVG rather than a charting library: a horizontal bar chart is a few rectangles
and labels, and writing them here keeps the output byte-for-byte deterministic (matplotlib's
SVG carries generated ids and needs a hash salt; pygal inlines its own scripts and styles
from a CDN by default; vl-convert ships a 100 MB engine), accessible by construction and free
of any new dependency. The chart draws only what it is given: no fact of its own.

Accessibility: the ``<svg>`` has ``role="img"``, a ``<title>`` and a ``<desc>`` listing every
value, and each bar's value is printed beside it as text, so the numbers are readable without
the picture. Numbers follow the page's language (decimal comma and point grouping in German).

>>> svg = bar_chart("Pay", ["Entry", "Late"], [32500.5, 41000], unit="USD", lang="de")
>>> svg.startswith('<svg role="img" class="chart"')
True
>>> "32.500,5 USD" in svg and "<title" in svg
True
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from collections.abc import Sequence
from html import escape

#: The drawing's geometry in SVG user units (the chart scales to its container's width).
WIDTH = 640
ROW = 44
BAR = 18
TOP = 34
VALUE_ROOM = 130
BAR_COLOUR = "#1f5fa8"


def format_number(value: float, lang: str = "en") -> str:
    """Return ``value`` as written in ``lang``: grouping, at most two decimals, no zeros after.

    >>> format_number(37500, "en"), format_number(37500, "de")
    ('37,500', '37.500')
    >>> format_number(18.25, "de"), format_number(0.5, "en"), format_number(-3.0, "de")
    ('18,25', '0.5', '-3')
    """
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if lang == "de":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def with_unit(value: float, unit: str, lang: str = "en") -> str:
    """Return ``value`` with its unit: ``18.5%`` in English, ``18,5 %`` in German.

    >>> with_unit(18.5, "%", "en"), with_unit(18.5, "%", "de"), with_unit(3, "USD", "en")
    ('18.5%', '18,5 %', '3 USD')
    """
    number = format_number(value, lang)
    if not unit:
        return number
    if unit == "%" and lang != "de":
        return f"{number}%"
    return f"{number} {unit}"


#: ASCII digits only: ``int`` takes other scripts' digits, and ``"²".isdigit()`` is true.
_DIGITS = re.compile(r"([0-9]+)")


@functools.lru_cache(maxsize=1 << 16)  # the same labels sort on thousands of pages
def natural_key(text: str) -> tuple[tuple[int, int, str], ...]:
    """Return a sort key that compares the numbers in ``text`` as numbers, the rest as words.

    >>> sorted(["10-20 years", "5-10 years", "20+ years", "0-5 years"], key=natural_key)
    ['0-5 years', '5-10 years', '10-20 years', '20+ years']
    >>> sorted(["²", "٣", "2"], key=natural_key)
    ['2', '²', '٣']
    """
    return tuple(
        (0, int(part), "") if part.isascii() and part.isdigit() else (1, 0, part.casefold())
        for part in _DIGITS.split(text)
        if part
    )


def in_order(
    categories: Sequence[str], values: Sequence[float], keys: Sequence[float | None]
) -> tuple[list[str], list[float]]:
    """Return the bars in the order ``keys`` state, else in their labels' natural order.

    ``keys`` give each bar's place (None where the graph states none); they are used only
    when every bar has one, ties kept in the labels' :func:`natural_key` order.

    >>> in_order(["b", "a"], [1, 2], [0, 1])
    (['b', 'a'], [1, 2])
    >>> in_order(["10 y", "5 y"], [1, 2], [None, 3])
    (['5 y', '10 y'], [2, 1])
    """
    rows = list(zip(categories, values, keys, strict=True))
    rows.sort(key=lambda row: natural_key(row[0]))
    stated = [key for _, _, key in rows if key is not None]
    if len(stated) == len(rows):
        rows.sort(key=lambda row: row[2] or 0.0)
    return [c for c, _, _ in rows], [v for _, v, _ in rows]


def bar_chart(
    title: str,
    categories: Sequence[str],
    values: Sequence[float],
    *,
    unit: str = "",
    lang: str = "en",
    taken: set[str] | None = None,
) -> str:
    """Return one inline ``<svg role="img" class="chart">`` drawing ``values`` as bars.

    Each category's label stands above its bar, its value (with ``unit``) beside it. Bars start
    at zero and scale to the largest value. ``taken``: the chart ids already on the page (the
    new one is added); two equal charts on one page then get ids of their own.

    >>> svg = bar_chart("Share", ["A", "B"], [25, 50], unit="%")
    >>> svg.count("<rect"), "50%" in svg, svg.endswith("</svg>")
    (2, True, True)
    >>> bar_chart("Bad", ["A"], [1, 2])
    Traceback (most recent call last):
    ...
    ValueError: bar_chart: 1 categories but 2 values

    Raises:
        ValueError: when the lengths differ, there is no value, or a value is negative or not
            finite (a bar from zero cannot show it; write a table instead).

    """
    if len(categories) != len(values):
        raise ValueError(f"bar_chart: {len(categories)} categories but {len(values)} values")
    if not values:
        raise ValueError("bar_chart: no values")
    if any(not math.isfinite(v) or v < 0 for v in values):
        raise ValueError("bar_chart: values must be finite and not negative")
    ident = (
        "chart-"
        + hashlib.sha1(
            repr((title, list(categories), list(values), unit, lang)).encode(),
            usedforsecurity=False,
        ).hexdigest()[:10]
    )
    if taken is not None:
        base, count = ident, 1
        while ident in taken:
            count += 1
            ident = f"{base}-{count}"
        taken.add(ident)
    largest = max(values) or 1.0
    span = WIDTH - VALUE_ROOM
    height = TOP + ROW * len(values) + 8
    texts = [with_unit(v, unit, lang) for v in values]
    summary = "; ".join(f"{c}: {t}" for c, t in zip(categories, texts, strict=True))
    parts = [
        f'<svg role="img" class="chart" aria-labelledby="{ident}-title {ident}-desc" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" style="max-width:{WIDTH}px" '
        f'font-family="sans-serif" font-size="14" lang="{escape(lang, quote=True)}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(summary)}</desc>',
        f'<text x="0" y="18" font-weight="bold" fill="currentColor">{escape(title)}</text>',
    ]
    for row, (category, value, text) in enumerate(zip(categories, values, texts, strict=True)):
        y = TOP + row * ROW
        width = round(span * (value / largest), 1)  # span * 1e308 would overflow to inf
        parts += [
            f'<text x="0" y="{y + 12}" fill="currentColor">{escape(category)}</text>',
            f'<rect x="0" y="{y + 18}" width="{width}" height="{BAR}" fill="{BAR_COLOUR}"/>',
            f'<text x="{width + 6}" y="{y + 32}" fill="currentColor">{escape(text)}</text>',
        ]
    parts.append("</svg>")
    return "\n".join(parts)
