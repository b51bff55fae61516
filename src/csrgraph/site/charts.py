"""Charts as inline SVG (a stand-in: the real one comes from the site-browser branch).

>>> bar_chart("Pay", ["a", "b"], [1.0, 2.0]).startswith('<svg role="img" class="chart"')
True
"""

from __future__ import annotations

import html
from collections.abc import Sequence


def bar_chart(
    title: str,
    categories: Sequence[str],
    values: Sequence[float],
    *,
    unit: str = "",
    lang: str = "en",
) -> str:
    """Return one horizontal bar chart of ``values`` by ``categories`` as an SVG element."""
    top = max([abs(v) for v in values] + [1e-9])
    rows = []
    for i, (name, value) in enumerate(zip(categories, values, strict=True)):
        width = 300 * abs(value) / top
        y = 24 + 22 * i
        rows.append(
            f'<text x="0" y="{y + 14}">{html.escape(name)}</text>'
            f'<rect x="160" y="{y}" width="{width:.1f}" height="16"></rect>'
            f'<text x="{165 + width:.1f}" y="{y + 14}">{value:g} {html.escape(unit)}</text>'
        )
    height = 30 + 22 * len(rows)
    return (
        f'<svg role="img" class="chart" xmlns="http://www.w3.org/2000/svg" width="560" '
        f'height="{height}" lang="{html.escape(lang)}"><title>{html.escape(title)}</title>'
        + "".join(rows)
        + "</svg>"
    )
